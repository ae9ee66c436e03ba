"""The UI's browsing pages: the subjects, a subject with its versions, the audit log. Thin: each asks
`registry/service/ui_pages.py` for what it shows and renders a template."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from schemata.registry.ui.highlight import stylesheet
from schemata.registry.ui.rendering import UiRoute, render

router = APIRouter(route_class=UiRoute)


@router.get("")
def home() -> Response:
    return RedirectResponse("/ui/subjects", status_code=303)


@router.get("/pygments.css")
def highlighting_css() -> Response:
    return Response(stylesheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


@router.get("/subjects")
def subjects_page(request: Request) -> Response:
    return render(request, "subjects.html", {"active": "subjects"})
