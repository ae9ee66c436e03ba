"""The ASGI application: routers, the error renderer, and the registry built from settings."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from schemata.compat.errors import CheckLimitError
from schemata.registry.api import observability
from schemata.registry.api.aliases import AliasMiddleware
from schemata.registry.api.database_wait import DatabaseWaitMiddleware
from schemata.registry.api.fastpath import FastReadMiddleware
from schemata.registry.api.limits import BodyLimitMiddleware
from schemata.registry.api.negotiation import NegotiationMiddleware
from schemata.registry.api.observability import MetricsMiddleware
from schemata.registry.api.paths import RawPathMiddleware
from schemata.registry.api.responses import RegistryResponse, error_response, unreadable_parameters
from schemata.registry.api.routes import (
    audit,
    catalog,
    compatibility,
    config,
    contracts,
    lint,
    meta,
    schemas,
    subjects,
)
from schemata.registry.errors import InvalidSchema, RegistryError
from schemata.registry.security import Security, SecurityMiddleware
from schemata.registry.service import Registry
from schemata.registry.settings import Settings
from schemata.registry.ui import install as install_ui
from schemata.registry.ui import refusal_page

log = logging.getLogger("schemata.registry.api")


def create_app(settings: Settings | None = None, registry: Registry | None = None) -> ASGIApp:
    """The registry as an ASGI app (uvicorn's factory). Opens (and migrates) the database unless a
    `registry` is handed in.

    The request path: the body-size limit, the budget of database waits, raw-path decoding, subjects' aliases
    replaced by the subjects they stand for (registry/api/aliases.py), then security
    (authentication, authorization, audit), content negotiation, then the read fast path, then metrics, then
    FastAPI (routers, the error renderer); without security, the fast path also answers plain lookups first.
    The first layers wrap FastAPI from outside, so a cached lookup skips FastAPI's own middleware stack
    (error, telemetry and body-limit layers), which cost more than the lookup itself; and no request, cached
    or not, passes unchecked.
    """
    settings = settings or Settings.from_env()
    security = Security.from_settings(settings)  # before the database: a bad file fails fast
    app = FastAPI(
        title="Schemata Schema Registry",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        default_response_class=RegistryResponse,
    )
    registry = registry or Registry.open(settings)
    app.state.registry = registry
    for module in (meta, observability, subjects, schemas, config, compatibility, contracts, catalog, lint, audit):
        app.include_router(module.router)
    install_ui(app, registry)
    _install_error_handlers(app)
    fast = NegotiationMiddleware(FastReadMiddleware(MetricsMiddleware(app), registry.reads))
    secured = RawPathMiddleware(
        AliasMiddleware(
            SecurityMiddleware(fast, security, registry, audit=settings.audit_log, page_refusal=refusal_page),
            registry,
        )
    )
    layered = BodyLimitMiddleware(DatabaseWaitMiddleware(secured, registry), settings.max_request_bytes)
    # With no caller to check, a plain cached lookup is answered before all of them (they would pass it on
    # unchanged: no body, no database wait, nothing to decode, the default type, a GET is not audited).
    return layered if security is not None else FastReadMiddleware(layered, registry.reads, outermost=True)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RegistryError)
    async def registry_error(_request: Request, error: RegistryError) -> Response:
        return error_response(error)

    @app.exception_handler(CheckLimitError)
    async def check_stopped(_request: Request, error: CheckLimitError) -> Response:
        return error_response(InvalidSchema(str(error)))

    @app.exception_handler(RequestValidationError)
    async def invalid_parameter(_request: Request, error: RequestValidationError) -> Response:
        return error_response(unreadable_parameters(error))

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
