"""The page assets, served from the package with cache headers, and the URLs of the vendored ones.

Vendored files sit in folders named with their version (``vendor/yasgui-4.6.2/``), so a browser may keep
them for a year; the project's own files are revalidated every time (by their ETag).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class PageAssets(StaticFiles):
    """``static/`` of :mod:`kubekg.web`, with ``Cache-Control`` by kind of file."""

    def __init__(self) -> None:
        super().__init__(packages=[("kubekg.web", "static")])

    def file_response(self, full_path: Any, stat_result: Any, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        vendored = scope["path"].lstrip("/").startswith("vendor/") or "/vendor/" in str(full_path)
        response.headers["Cache-Control"] = IMMUTABLE if vendored else REVALIDATE
        return response


@cache
def manifest() -> dict:
    """``static/vendor/manifest.json``: each vendored package's version, licence, folder and file hashes."""
    text = resources.files("kubekg.web").joinpath("static", "vendor", "manifest.json").read_text(encoding="utf-8")
    return json.loads(text)


def vendored(package: str, file: str) -> str:
    """The path under ``/static`` of a vendored file (``vendored("d3-force", "d3-force.min.js")``)."""
    entry = manifest()["packages"][package]
    if file not in entry["files"]:
        raise KeyError(f"{file} is not vendored from {package}; add it to frontend/vendor.py and run make vendor")
    return f"vendor/{entry['folder']}/{file}"
