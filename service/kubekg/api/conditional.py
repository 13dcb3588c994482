"""Conditional GET: an ``ETag`` from the dataset version, and 304 for a matching ``If-None-Match``.

The tag names the dataset version and a hash of what shapes the response (path, query string and the
negotiating headers), so two representations of one URL never share a tag, and every tag changes when
the data does.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

#: Request headers a response may vary by (content negotiation and the pages' UI language).
SHAPING_HEADERS = ("accept", "accept-language", "cookie")


def etag_of(request: Request, version: str) -> str:
    """The strong entity tag of the response to ``request`` over the data of ``version``."""
    shape = [request.url.path, str(request.url.query)] + [request.headers.get(h, "") for h in SHAPING_HEADERS]
    digest = hashlib.sha256("\n".join(shape).encode("utf-8")).hexdigest()[:16]
    return f'"{version}-{digest}"'


def matches(request: Request, tag: str) -> bool:
    """True when ``If-None-Match`` names ``tag`` (weakly compared, as RFC 9110 asks for GET) or is ``*``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return "*" in candidates or tag in candidates


def not_modified(tag: str, vary: str = "Accept") -> Response:
    return Response(status_code=304, headers={"ETag": tag, "Vary": vary})
