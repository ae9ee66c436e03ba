"""Rendering pages: the Jinja2 environment, the response headers every page carries, and the route class
that turns a registry error into an HTML error page (the API answers JSON; a browser gets a page)."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from schemata.registry.api.responses import invalid_parameters
from schemata.registry.errors import RegistryError
from schemata.registry.service.ui_pages import audit_time, registered_at
from schemata.registry.ui.highlight import highlighted
from schemata.registry.ui.viewer import viewer

TEMPLATES = Path(__file__).with_name("templates")
#: Only our own files run or style a page: a schema's text can never become markup or script.
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
#: The main navigation: (key, label, path).
NAV = (("subjects", "Subjects", "/ui/subjects"), ("map", "Contract map", "/ui/map"), ("audit", "Audit", "/ui/audit"))


def subject_url(subject: str, *parts: str | int, **query: str | int | None) -> str:
    """The UI's URL of a subject's page (or one below it), the subject percent-encoded (`/` as %2F)."""
    path = "/ui/subjects/" + quote(subject, safe="")
    for part in parts:
        path += "/" + quote(str(part), safe="")
    kept = {key: value for key, value in query.items() if value is not None}
    return path + ("?" + urlencode(kept) if kept else "")


def page_url(path: str, **query: str | int | None) -> str:
    """`path` with the query parameters that are set."""
    kept = {key: value for key, value in query.items() if value not in (None, "")}
    return path + ("?" + urlencode(kept) if kept else "")


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        nav=NAV, subject_url=subject_url, page_url=page_url, highlighted=highlighted, entry_time=audit_time,
        registered=registered_at,
    )
    env.filters.update(when=when, json_block=json_block)
    return env


def when(moment: datetime | None) -> str:
    """A time as the pages print it: UTC, to the second."""
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC") if moment is not None else "unknown"


def json_block(value: object) -> Markup:
    """A JSON value (metadata, a rule set) indented and highlighted."""
    return highlighted(json.dumps(value, indent=2, ensure_ascii=False), "JSON")


def render(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """The page `template` rendered with `context` (and the caller's `viewer`, the current `active` section)."""
    html = environment().get_template(template).render({"viewer": viewer(request), "active": "", **context})
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def error_page(request: Request, error: RegistryError) -> HTMLResponse:
    return render(
        request, "error.html", {"status": error.http_status, "code": error.error_code, "message": error.message},
        status=error.http_status,
    )


#: The heading of a refused page, by status.
_REFUSALS = {401: "Sign in needed", 403: "Not permitted"}


def refusal_page(scope: dict[str, Any], error: RegistryError, challenge: bytes | None) -> HTMLResponse:
    """A page the security layer refused (not signed in, a role missing, or the check failing), for a browser:
    the same status and challenge as the API's JSON answer, what is missing, and where to go from there."""
    raw = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
    here = "/" + quote(raw, safe="/%").lstrip("/")  # never `//host`, another site
    if scope["query_string"]:
        here += "?" + quote(scope["query_string"], safe="=&+%")
    heading = _REFUSALS.get(error.http_status, "Not available")
    context = {"status": error.http_status, "code": error.error_code, "heading": heading, "message": error.message,
               "here": here}
    page = render(Request(scope), "denied.html", context, status=error.http_status)
    if challenge:
        page.headers["WWW-Authenticate"] = challenge.decode("latin-1")
    return page


class UiRoute(APIRoute):
    """A UI route: a `RegistryError` (a subject not found, a bad parameter) or a query parameter of the
    wrong type answers as an HTML error page."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RegistryError as error:
                return error_page(request, error)
            except RequestValidationError as error:
                return error_page(request, invalid_parameters(error))

        return handle
