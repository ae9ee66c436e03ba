"""Each request's budget of failed database waits: during an outage a request answers 50002 after about
SCHEMATA_DB_TIMEOUT_SECONDS in all, however many times it would have waited (see storage/waiting.py)."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from schemata.registry.service import Registry


class DatabaseWaitMiddleware:
    def __init__(self, app: ASGIApp, registry: Registry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.registry.database_wait_budget():
            await self.app(scope, receive, send)
