"""The UI's frame: mounted at /ui/, its assets served, keyboard-usable, both colour schemes, security applied."""

from __future__ import annotations

import tomllib
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.ui.conftest import OpenPage, SeededRegistry


def test_the_ui_answers_at_ui_with_its_navigation(page: Page) -> None:
    page.goto("/ui/")
    expect(page).to_have_url(f"{page.context.pages[0].url.split('/ui')[0]}/ui/subjects")
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Subjects", "Contract map", "Audit"):
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(nav.get_by_role("link", name="Subjects")).to_have_attribute("aria-current", "page")


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Page) -> None:
    page.goto("/ui/subjects")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_dark_mode_follows_the_system(open_page: OpenPage, ui_registry: SeededRegistry) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(ui_registry, color_scheme=scheme)
        page.goto("/ui/subjects")
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colours["light"] == "rgb(255, 255, 255)"
    assert colours["dark"] == "rgb(13, 17, 23)"


def test_assets_come_from_the_package_with_their_types(ui_registry: SeededRegistry) -> None:
    with ui_registry.client() as client:
        for path, media_type in (
            ("/ui/static/ui.css", "text/css"), ("/ui/static/ui.js", "text/javascript"),
            ("/ui/static/favicon.svg", "image/svg+xml"), ("/ui/pygments.css", "text/css"),
        ):
            response = client.get(path)
            assert response.status_code == 200, path
            assert response.headers["content-type"].startswith(media_type), path
        assert "prefers-color-scheme: dark" in client.get("/ui/pygments.css").text
        assert client.get("/ui/static/..%2Fapp.py").status_code == 404


def test_pages_carry_a_content_security_policy(ui_registry: SeededRegistry) -> None:
    with ui_registry.client() as client:
        response = client.get("/ui/subjects", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_anonymous_callers_are_asked_for_basic_credentials(secure_ui_registry: SeededRegistry) -> None:
    for path in ("/ui/", "/ui/subjects", "/ui/static/ui.css"):
        response = httpx.get(secure_ui_registry.url + path)
        assert response.status_code == 401, path
        assert response.headers["www-authenticate"].startswith("Basic"), path


def test_a_bad_parameter_is_an_html_error_page_saying_which(ui_registry: SeededRegistry) -> None:
    with ui_registry.client() as client:
        response = client.get("/ui/subjects", params={"offset": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "Invalid request: query.offset: Input should be a valid integer" in response.text


def test_every_template_and_static_file_ships_in_the_package() -> None:
    """pyproject's package data names each of the UI's files, so that a built wheel serves the same pages."""
    root = Path(__file__).resolve().parents[2]
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    patterns = globs["schemata.registry.ui"]
    ui = root / "registry" / "ui"
    files = [p.relative_to(ui) for folder in ("templates", "static") for p in (ui / folder).rglob("*") if p.is_file()]
    assert files
    assert [str(f) for f in files if not any(f.match(pattern) for pattern in patterns)] == []


def test_the_pages_are_not_part_of_the_rest_apis_openapi_document(ui_registry: SeededRegistry) -> None:
    with ui_registry.client() as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert "/subjects" in paths
    assert [path for path in paths if path.startswith("/ui")] == []
