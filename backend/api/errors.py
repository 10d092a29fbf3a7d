"""Every API error has one shape: {"errors": [{"field": ..., "message": ...}]}, with HTTP 400 for bad input."""

from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from backend.abuse.limits import TOO_MANY, wait_in_words

from .parsers import BodyRefused


def flatten(detail, prefix: str | None = None) -> list[dict]:
    """Turn DRF's nested error detail into a flat list with paths like "evidence[2].id"."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if key == "non_field_errors":
                out += flatten(value, prefix)
            elif isinstance(key, int):  # a ListField reports its items by index
                out += flatten(value, f"{prefix}[{key}]")
            else:
                out += flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [{"field": prefix, "message": str(item)} for item in detail]
        out = []
        for index, item in enumerate(detail):
            if item:  # DRF puts {} for list items that were fine
                out += flatten(item, f"{prefix}[{index}]" if prefix else f"[{index}]")
        return out
    return [{"field": prefix, "message": str(detail)}]


def bad_request(errors: list[dict]) -> Response:
    return Response({"errors": errors}, status=status.HTTP_400_BAD_REQUEST)


def api_exception_handler(exc, context):
    """Malformed JSON, a wrong content type and validation errors all become a 400 in the contract shape."""
    if isinstance(exc, BodyRefused):
        return bad_request([{"field": None, "message": str(exc.detail)}])
    if isinstance(exc, exceptions.ParseError):
        return bad_request([{"field": None, "message": f"The body is not valid JSON: {exc.detail}"}])
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return bad_request([{"field": None, "message": "Send the body as JSON (Content-Type: application/json)."}])
    if isinstance(exc, exceptions.ValidationError):
        return bad_request(flatten(exc.detail))
    if isinstance(exc, exceptions.Throttled):
        wait = int(exc.wait or 1)
        return Response({"errors": [{"field": None, "message": f"{TOO_MANY}, in {wait_in_words(wait)}."}]},
                        status=status.HTTP_429_TOO_MANY_REQUESTS, headers={"Retry-After": str(wait)})
    response = exception_handler(exc, context)
    if response is not None:
        data = response.data
        message = data.get("detail", "Request failed.") if isinstance(data, dict) else str(data)
        response.data = {"errors": [{"field": None, "message": str(message)}]}
    return response
