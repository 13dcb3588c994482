"""ASGI middleware that caps request bodies: 413 in the API's error shape, before the body is read."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kubekg.api.error_responses import ApiError, error_response


class BodyLimit:
    """Refuse bodies over ``max_bytes``: at once when ``Content-Length`` says so, else while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    def _too_large(self) -> str:
        return f"the request body is larger than {self.max_bytes} bytes (KUBEKG_MAX_BODY_BYTES); send less"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length":
                if value.isdigit() and int(value) > self.max_bytes:
                    await error_response(413, self._too_large())(scope, receive, send)
                    return
                break
        seen = 0

        async def capped_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise ApiError(413, self._too_large())
            return message

        await self.app(scope, capped_receive, send)
