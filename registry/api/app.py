"""The ASGI application: routers, the error renderer, and the registry built from settings."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from registry.api import observability
from registry.api.fastpath import FastReadMiddleware, ResponseCaches
from registry.api.observability import MetricsMiddleware
from registry.api.paths import RawPathMiddleware
from registry.api.responses import RegistryResponse, error_response
from registry.api.routes import compatibility, config, meta, schemas, subjects
from registry.errors import RegistryError
from registry.service import Registry
from registry.settings import Settings

log = logging.getLogger("registry.api")


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> FastAPI:
    """The registry app. Opens (and migrates) the database unless a `registry` is handed in."""
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="Schemata Schema Registry",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        default_response_class=RegistryResponse,
    )
    registry = registry or Registry.open(settings)
    caches = ResponseCaches()
    app.state.registry = registry
    app.state.caches = caches
    for module in (meta, observability, subjects, schemas, config, compatibility):
        app.include_router(module.router)
    _install_error_handlers(app)
    # The last added runs first: raw-path decoding, metrics, the in-memory fast path, then FastAPI.
    app.add_middleware(FastReadMiddleware, caches=caches, storage=registry.ctx.storage)
    app.add_middleware(MetricsMiddleware)
    app.add_middleware(RawPathMiddleware)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RegistryError)
    async def registry_error(_request: Request, error: RegistryError) -> Response:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def invalid_parameter(_request: Request, error: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors())
        return RegistryResponse({"error_code": 422, "message": f"Invalid request: {problems}"}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, error: HTTPException) -> Response:
        return RegistryResponse(
            {"error_code": error.status_code, "message": str(error.detail)}, status_code=error.status_code
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return RegistryResponse(
            {"error_code": 50001, "message": f"Internal error: {type(error).__name__}"}, status_code=500
        )
