"""A header timeout for `schemata serve`: a connection that opens and does not finish its request headers
within `header_timeout_seconds` is closed. To serve the app with uvicorn directly, pass this protocol:
`uvicorn --factory schemata.registry.api.app:create_app --http schemata.registry.slow_clients:HeaderTimeoutProtocol`
(without it, nothing bounds unfinished headers).

uvicorn closes idle kept-alive connections (`timeout_keep_alive`) but waits for unfinished headers forever,
so 1,100 connections that sent half a request line stayed open indefinitely. This protocol (uvicorn's
httptools one) starts a timer when a connection opens and when a request begins, and stops it when the
headers are complete; the body and the handler are bounded elsewhere (the body-size limit, the check's
work budget, the database timeouts).
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from schemata.registry.settings import Settings


class HeaderTimeoutProtocol(HttpToolsProtocol):
    _timeout: float | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._header_timer: asyncio.TimerHandle | None = None
        self._start_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._start_header_timer()

    def on_headers_complete(self) -> None:
        self._stop_header_timer()
        super().on_headers_complete()

    def _start_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(_header_timeout(), self._headers_too_slow)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.close()


def _header_timeout() -> float:
    """The timeout of this process (read once: worker processes take their settings from the environment)."""
    if HeaderTimeoutProtocol._timeout is None:
        HeaderTimeoutProtocol._timeout = Settings.from_env().header_timeout_seconds
    return HeaderTimeoutProtocol._timeout
