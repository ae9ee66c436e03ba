"""The UI's browsing pages: the subjects, a subject (at its latest or a chosen version), the audit log.
Thin: each asks `schemata.registry.service.ui_pages` for what it shows and renders a template."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from schemata.registry.api.paths import restore_slashes
from schemata.registry.service.names import LATEST, parse_version
from schemata.registry.service.ui_pages import AUDIT_PAGE, PAGE_SIZE, UiPagesService
from schemata.registry.ui.highlight import stylesheet
from schemata.registry.ui.rendering import UiRoute, render
from schemata.registry.ui.viewer import viewer

router = APIRouter(route_class=UiRoute)


def pages(request: Request) -> UiPagesService:
    found: UiPagesService = request.app.state.ui_pages
    return found


PagesDep = Annotated[UiPagesService, Depends(pages)]


@router.get("")
def home() -> Response:
    return RedirectResponse("/ui/subjects", status_code=303)


@router.get("/pygments.css")
def highlighting_css() -> Response:
    return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/subjects")
def subjects_page(request: Request, ui: PagesDep, q: str = "", offset: int = 0, limit: int = PAGE_SIZE) -> Response:
    found = ui.subjects(contains=q, offset=offset, limit=limit, readable=viewer(request).readable)
    return render(request, "subjects.html", {"active": "subjects", "page": found})


@router.get("/subjects/{subject}")
def subject_page(request: Request, ui: PagesDep, subject: str) -> Response:
    view = ui.subject(restore_slashes(subject))
    return render(request, "subject.html", {"active": "subjects", "view": view, "chosen": False})


@router.get("/subjects/{subject}/versions/{version}")
def version_page(request: Request, ui: PagesDep, subject: str, version: str) -> Response:
    number = parse_version(version)
    view = ui.subject(restore_slashes(subject), number)
    return render(request, "subject.html", {"active": "subjects", "view": view, "chosen": number != LATEST})


@router.get("/subjects/{subject}/audit")
def subject_audit_page(
    request: Request, ui: PagesDep, subject: str, before: int | None = None, limit: int = AUDIT_PAGE
) -> Response:
    found = ui.audit(subject=restore_slashes(subject), before=before, limit=limit)
    return render(request, "audit.html", {"active": "audit", "log": found})


@router.get("/audit")
def audit_page(request: Request, ui: PagesDep, before: int | None = None, limit: int = AUDIT_PAGE) -> Response:
    return render(request, "audit.html", {"active": "audit", "log": ui.audit(before=before, limit=limit)})
