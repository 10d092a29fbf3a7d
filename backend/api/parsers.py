"""A JSON parser with a size limit, so an oversized body is refused before it is read into memory, and a
body nested too deeply to parse is refused as bad input rather than failing the request."""

import io

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BodyRefused(ParseError):
    """A body refused for its size or shape; the message says why and is shown as it is."""


class BodyTooLarge(BodyRefused):
    pass


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise BodyTooLarge(f"The body is {declared} bytes; the limit is {limit} bytes.")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge(f"The body is larger than the limit of {limit} bytes.")
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:
            # Python's json module recurses once per level of nesting: a body of nothing but "[" (well
            # under the size limit) runs out of stack. No body the API takes is more than three levels deep.
            raise BodyRefused("The body is nested too deeply to read.") from None
