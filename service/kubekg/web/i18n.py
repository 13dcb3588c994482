"""The UI language of a page, and its strings: one message file per language in ``messages/``.

The language comes from ``?lang=`` (kept in a cookie), then the cookie, then the browser's
``Accept-Language``, then English.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import get_args

from starlette.requests import Request

from kubekg.answer_models import Language

LANGUAGES: tuple[str, ...] = get_args(Language)
DEFAULT = "en"
COOKIE = "kubekg_lang"


@cache
def messages(lang: str) -> dict[str, str]:
    """The UI strings of ``lang`` (``messages/<lang>.json``)."""
    text = resources.files("kubekg.web").joinpath("messages", f"{lang}.json").read_text(encoding="utf-8")
    return json.loads(text)


def translate(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    text = messages(lang).get(key) or messages(DEFAULT)[key]
    return text.format(**values) if values else text


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (``ko-KR,ko;q=0.9,en;q=0.8`` -> ``ko``), or None."""
    best: tuple[float, int, str] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().split("-")[0].lower()
        if primary not in LANGUAGES:
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0 and (best is None or (quality, -position) > (best[0], best[1])):
            best = (quality, -position, primary)
    return best[2] if best else None


def choose(request: Request) -> tuple[str, bool]:
    """(the page's language, whether it was asked for by ``?lang=`` and so should be kept in the cookie)."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked, True
    cookie = request.cookies.get(COOKIE)
    if cookie in LANGUAGES:
        return cookie, False
    return from_accept_language(request.headers.get("accept-language")) or DEFAULT, False
