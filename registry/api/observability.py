"""Liveness, readiness, Prometheus metrics, and the middleware that times every request."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from schemata.registry.api.responses import RegistryResponse
from schemata.registry.errors import RegistryError
from schemata.registry.metrics import CACHE_BYTES, LATENCY, REQUESTS, exposition

router = APIRouter()


@router.get("/health")
def health() -> RegistryResponse:
    """Liveness: the process answers."""
    return RegistryResponse({"status": "UP"})


@router.get("/health/ready")
async def ready(request: Request) -> RegistryResponse:
    """Readiness: the database answers (503 with the reason otherwise)."""
    try:
        await run_in_threadpool(request.app.state.registry.check_database)
    except RegistryError as error:
        return RegistryResponse({"status": "DOWN", "database": error.message}, status_code=503)
    return RegistryResponse({"status": "UP", "database": "UP"})


@router.get("/metrics")
def metrics(request: Request) -> Response:
    for cache, size in request.app.state.registry.cache_bytes().items():
        CACHE_BYTES.labels(cache).set(size)
    body, content_type = exposition()
    return Response(body, media_type=content_type)


class MetricsMiddleware:
    """Counts and times requests by route template (so subjects do not explode the label space)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope["method"]
            LATENCY.labels(method, template).observe(time.perf_counter() - started)
            REQUESTS.labels(method, template, str(status)).inc()
