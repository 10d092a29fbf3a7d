import json
import urllib.error
import urllib.request

import pytest


class Api:
    """A real HTTP client for the live server: JSON in, (status, JSON) out."""

    def __init__(self, base: str):
        self.base = base

    def call(self, path: str, body=None, raw: bytes | None = None, headers: dict | None = None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(
            self.base + path, data=data, method="POST" if data is not None else "GET",
            headers={"Content-Type": "application/json", "Accept": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode("utf-8", "replace")

    def next(self, **body):
        body.setdefault("evidence", [])
        return self.call("/api/v1/assessments/next/", body)


@pytest.fixture
def api(live_server) -> Api:
    return Api(live_server.url)
