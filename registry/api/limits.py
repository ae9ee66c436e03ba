"""The request-body limit: a body larger than `max_request_bytes` is refused with 413 before it is read.

A declared Content-Length over the limit is answered at once, from the header; a body without one (chunked)
is counted as it arrives, and the request fails as soon as it passes the limit. Either way the body is never
held whole in memory.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schemata.registry.api.responses import MEDIA_TYPE
from schemata.registry.errors import RegistryError


class RequestTooLarge(RegistryError):
    """HTTP 413, in Confluent's error shape."""

    error_code = 413

    def __init__(self, size: int | None, limit: int) -> None:
        given = f" ({size} bytes)" if size is not None else ""
        super().__init__(f"Request body too large{given}: the limit is {limit} bytes")


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.limit:
            await _refuse(send, RequestTooLarge(declared, self.limit))
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise RequestTooLarge(None, self.limit)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            return int(value) if value.isdigit() and len(value) <= 18 else None
    return None


async def _refuse(send: Send, error: RequestTooLarge) -> None:
    body = orjson.dumps({"error_code": error.error_code, "message": error.message})
    headers = [
        (b"content-type", MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
