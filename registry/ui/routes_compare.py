"""The UI's comparison pages: the diff of two versions with the findings, "would this break?", the contract map.

Thin: each asks `registry/service/ui_compare.py` for what it shows, lays it out with the pure helpers
(`compare_view`, `graph`) and renders a template. The security middleware has already checked the caller's
role for the path (registry/security/endpoints.py: reading a subject for its diff, writing it for the check form,
the global read role for the map); the check form's POST is also refused from another site's page.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from schemata.compat import schema_types
from schemata.compat.versions import LATEST, VersionRef, parse_version
from schemata.registry.api.requests import SubjectParam, references_field
from schemata.registry.domain import SchemaRequest
from schemata.registry.errors import InvalidRequest, InvalidSchema, InvalidVersion, RegistryError
from schemata.registry.security.errors import AccessDenied
from schemata.registry.service import Registry
from schemata.registry.service.ui_compare import ComparisonService
from schemata.registry.ui.compare_view import check_page, comparison_page
from schemata.registry.ui.highlight import pretty
from schemata.registry.ui.map_view import MapViews
from schemata.registry.ui.rendering import UiRoute, render

router = APIRouter(route_class=UiRoute)

#: The form's fields, at most (schema, schemaType, references).
MAX_FORM_FIELDS = 3


def comparisons(request: Request) -> ComparisonService:
    """The app's comparison service, made on first use (it keeps the map between requests)."""
    state = request.app.state
    found: ComparisonService | None = getattr(state, "ui_comparisons", None)
    if found is None:
        registry: Registry = state.registry
        found = state.ui_comparisons = ComparisonService(registry.ctx, registry.compatibility, registry.catalog)
    return found


ComparisonsDep = Annotated[ComparisonService, Depends(comparisons)]


# -- the diff of two versions ---------------------------------------------------------------------------------


@router.get("/subjects/{subject}/diff")
def diff_page(request: Request, subject: SubjectParam, service: ComparisonsDep) -> Response:
    old, new = _version_query(request, "from"), _version_query(request, "to")
    every_version = request.query_params.get("every") == "1"
    comparison = service.compare(subject, old, new, every_version=every_version)
    return render(request, "diff.html", {"active": "subjects", "page": comparison_page(comparison)})


def _version_query(request: Request, name: str) -> int | None:
    """`?from=` / `?to=`: a version number; absent, empty or `latest`: None (the service's default)."""
    text = request.query_params.get(name, "")
    if not text:
        return None
    found = parse_version(text)
    if found is None:
        raise InvalidVersion(text[:40])
    return None if found == LATEST else int(found)


# -- would this break? -----------------------------------------------------------------------------------------


@router.get("/subjects/{subject}/check")
def check_form(request: Request, subject: SubjectParam, service: ComparisonsDep) -> Response:
    latest, level = service.latest(subject)
    form = {
        "schema": pretty(latest.text, latest.schema_type) if latest else "",
        "schemaType": latest.schema_type if latest else "AVRO",
        "references": "",
    }
    return render(request, "check.html", _check_context(subject, form, level.value))


@router.post("/subjects/{subject}/check")
async def check_submit(request: Request, subject: SubjectParam, service: ComparisonsDep) -> Response:
    _same_origin(request)
    form = _form(request.headers.get("content-type", ""), await request.body())
    context = _check_context(subject, form, "")
    try:
        schema_request = SchemaRequest(form["schema"], form["schemaType"].upper(), _references(form["references"]))
        outcome = await run_in_threadpool(service.check, subject, schema_request)
    except RegistryError as error:  # the check's answer, shown on the page (a browser logs error statuses)
        context["error"] = {"code": error.error_code, "message": error.message}
        return render(request, "check.html", context)
    context.update(page=check_page(outcome), level=outcome.level.value)
    return render(request, "check.html", context)


def _check_context(subject: str, form: dict[str, str], level: str) -> dict[str, object]:
    return {
        "active": "subjects", "subject": subject, "form": form, "schema_types": schema_types(), "level": level,
        "page": None, "error": None,
    }


def _same_origin(request: Request) -> None:
    """Refuse a form post that another site's page made the browser send (with the caller's credentials): the
    browser names the page's origin (or at least its site) on every POST, and it must be this registry."""
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    host = request.headers.get("host", "")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc != host):
        raise AccessDenied("Access denied: the form was posted from another site's page")
    if site is not None and site not in ("same-origin", "none"):
        raise AccessDenied("Access denied: the form was posted from another site's page")


def _form(content_type: str, body: bytes) -> dict[str, str]:
    """The check form's fields from an urlencoded body (the body's size is bounded by the app's limit)."""
    if content_type.split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise InvalidRequest("The check form is posted as application/x-www-form-urlencoded")
    try:
        fields = parse_qs(body.decode("ascii"), max_num_fields=MAX_FORM_FIELDS, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidRequest(f"The form could not be read: {error}") from None
    def first(name: str) -> str:
        return fields.get(name, [""])[0]

    return {"schema": first("schema"), "schemaType": first("schemaType") or "AVRO", "references": first("references")}


def _references(text: str) -> tuple[tuple[str, str, VersionRef], ...]:
    """The references field: empty, or a JSON list of {name, subject, version} as the API takes it."""
    if not text.strip():
        return ()
    try:
        raw = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise InvalidSchema(f"Invalid schema: the references are not JSON ({error})") from None
    return references_field(raw)


# -- the contract map ------------------------------------------------------------------------------------------


@router.get("/map")
def map_page(request: Request, service: ComparisonsDep) -> Response:
    centre = request.query_params.get("service", "")[:128]
    contract_map, current = service.contract_map()
    drawn = _map_views(request).drawn(contract_map, centre)
    context = {
        "active": "map", "drawing": drawn.drawing, "centre": centre, "total": drawn.total, "cut": drawn.cut,
        "without_contracts": contract_map.without_contracts, "current": current,
    }
    return render(request, "map.html", context)


def _map_views(request: Request) -> MapViews:
    state = request.app.state
    found: MapViews | None = getattr(state, "ui_map_views", None)
    if found is None:
        found = state.ui_map_views = MapViews()
    return found
