"""One error shape for the whole HTTP API, and the handlers that produce it.

Every error response is JSON::

    {"error": {"status": 400, "code": "malformed_query", "message": "malformed query at line 1, ..."}}

``code`` is a stable name for programs; ``message`` is written for a person and says what to change.
Some errors add fields (``line`` and ``column`` for a malformed query).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from kubekg.errors import DataLoadError, KubekgError, QuestionError
from kubekg.sparql.remote_store import StoreUnavailable

log = logging.getLogger(__name__)

_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    503: "not_ready",
}


class ErrorDetail(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable name for the kind of error.")
    message: str = Field(description="What went wrong and what to do about it.")
    line: int | None = Field(None, description="For a malformed query: the line of the error (1-based).")
    column: int | None = Field(None, description="For a malformed query: the column of the error (1-based).")


class ErrorBody(BaseModel):
    error: ErrorDetail

    model_config = {
        "json_schema_extra": {
            "examples": [{"error": {"status": 404, "code": "not_found", "message": "no resource named 'kubelett'"}}]
        }
    }


#: For ``responses=`` of routes, so OpenAPI documents the error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "A request the service cannot answer; the message says why."},
    503: {"model": ErrorBody, "description": "The knowledge base is still loading, or every query worker is busy."},
}


class ApiError(StarletteHTTPException):
    """Raise anywhere in a request to answer with the one error shape.

    It is an ``HTTPException`` so that FastAPI passes it through unchanged, even from body parsing.
    """

    def __init__(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status, message, headers)
        self.status, self.message, self.code = status, message, code or _CODES.get(status, "error")
        self.extra = extra


def refuse_other_methods(router: APIRouter, path: str, allowed: list[str]) -> None:
    """Answer 405 with the full ``Allow`` list on ``path`` (served by one route per method)."""
    allow = ", ".join(allowed)

    async def method_not_allowed(request: Request) -> None:
        raise ApiError(
            405, f"{request.method} is not allowed on {request.url.path}; use {allow}", headers={"Allow": allow}
        )

    others = [m for m in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE") if m not in allowed]
    router.add_api_route(path, method_not_allowed, methods=others, include_in_schema=False)


def error_response(
    status: int, message: str, code: str | None = None, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A JSON response in the API's error shape (fields that are ``None`` are left out)."""
    detail = {"status": status, "code": code or _CODES.get(status, "error"), "message": message}
    detail.update({k: v for k, v in extra.items() if v is not None})
    return JSONResponse({"error": detail}, status_code=status, headers=headers)


def _from_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, exc.code, exc.headers, **exc.extra)


def _from_http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        message = f"no such path: {request.url.path}; see /docs for the API"
    elif exc.status_code == 405:
        allowed = (exc.headers or {}).get("Allow", "GET")
        message = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
    else:
        message = str(exc.detail)
    return error_response(exc.status_code, message, headers=exc.headers)


def _from_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", "invalid"))
    return error_response(422, "invalid request: " + "; ".join(parts))


def _from_kubekg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, KubekgError)
    if isinstance(exc, QuestionError):
        return error_response(400, str(exc), "bad_question")
    if isinstance(exc, StoreUnavailable):
        return error_response(exc.status, str(exc), "store_unavailable", {"Retry-After": "2"})
    if isinstance(exc, DataLoadError):
        return error_response(503, str(exc), "not_ready")
    return error_response(400, str(exc))


def _from_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return error_response(500, "the server failed on this request (a bug); the log has the details", "internal_error")


def install_error_handlers(app: FastAPI) -> None:
    """Route every error an app can raise through :func:`error_response`."""
    app.add_exception_handler(ApiError, _from_api_error)
    app.add_exception_handler(StarletteHTTPException, _from_http_exception)
    app.add_exception_handler(RequestValidationError, _from_validation_error)
    app.add_exception_handler(KubekgError, _from_kubekg_error)
    app.add_exception_handler(Exception, _from_unexpected)
