"""A synchronous httpx transport onto an ASGI app in this process: httpx's ASGITransport (asynchronous only),
run on an event loop in a thread of its own. No socket, no server process."""

from __future__ import annotations

from contextlib import ExitStack

import anyio.from_thread
import httpx
from starlette.types import ASGIApp


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: ASGIApp) -> None:
        self._asgi = httpx.ASGITransport(app=app)
        self._stack = ExitStack()
        self._portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            body = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=body, request=request)

        return self._portal.call(send)

    def close(self) -> None:
        self._stack.close()
