"""Abuse protection shared by the public forms and the API: client addresses, rate limits, body size, honeypot."""
