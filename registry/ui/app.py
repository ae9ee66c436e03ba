"""Mounting the UI in the registry's app: its routers under /ui and its packaged static files."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from schemata.registry.service import Registry
from schemata.registry.service.ui_pages import UiPagesService
from schemata.registry.ui import routes_compare, routes_pages

PREFIX = "/ui"
STATIC = Path(__file__).with_name("static")


def install(app: FastAPI, registry: Registry) -> None:
    """Add the UI's pages (and the static assets they link) to `app`, which serves `registry`."""
    app.state.ui_pages = UiPagesService(registry.ctx, registry.contracts)
    # Pages, not part of the REST API: left out of its OpenAPI document.
    app.include_router(routes_pages.router, prefix=PREFIX, include_in_schema=False)
    # The diff of two versions, the "would this break?" form and the contract map.
    app.include_router(routes_compare.router, prefix=PREFIX, include_in_schema=False)
    app.mount(f"{PREFIX}/static", StaticFiles(directory=STATIC), name="ui-static")
