"""How the security layer classifies the UI's paths: what each page needs is what the API route showing the
same data needs; anything else under /ui/ needs the global admin role (deny by default)."""

from __future__ import annotations

import pytest

from schemata.registry.api.paths import SLASH_PLACEHOLDER
from schemata.registry.security.endpoints import ADMIN, READ, WRITE, Endpoint, Scope, classify


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/ui", Endpoint(Scope.ANY)),
        ("GET", "/ui/subjects", Endpoint(Scope.ANY)),
        ("GET", "/ui/static/ui.css", Endpoint(Scope.ANY)),
        ("GET", "/ui/pygments.css", Endpoint(Scope.ANY)),
        ("GET", "/ui/subjects/orders-value", Endpoint(Scope.SUBJECT, READ, "orders-value")),
        ("GET", f"/ui/subjects/team{SLASH_PLACEHOLDER}orders", Endpoint(Scope.SUBJECT, READ, "team/orders")),
        ("GET", "/ui/subjects/orders-value/versions/3", Endpoint(Scope.SUBJECT, READ, "orders-value")),
        ("GET", "/ui/subjects/orders-value/diff", Endpoint(Scope.SUBJECT, READ, "orders-value")),
        ("GET", "/ui/subjects/orders-value/check", Endpoint(Scope.SUBJECT, WRITE, "orders-value")),
        ("POST", "/ui/subjects/orders-value/check", Endpoint(Scope.SUBJECT, WRITE, "orders-value")),
        ("GET", "/ui/subjects/orders-value/audit", Endpoint(Scope.GLOBAL, ADMIN)),  # as GET /audit?subject=
        ("GET", "/ui/map", Endpoint(Scope.GLOBAL, READ)),
        ("GET", "/ui/audit", Endpoint(Scope.GLOBAL, ADMIN)),
    ],
)
def test_each_page_needs_what_its_api_route_needs(method: str, path: str, expected: Endpoint) -> None:
    assert classify(method, path) == expected
    assert not classify(method, path).audited  # no page writes


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/ui/subjects"),
        ("DELETE", "/ui/subjects/orders-value"),
        ("POST", "/ui/subjects/orders-value/versions/3"),
        ("GET", "/ui/subjects/orders-value/versions/3/schema"),
        ("GET", "/ui/subjects/orders-value/elsewhere"),
        ("GET", "/ui/audit/more"),
        ("GET", "/ui/unknown"),
    ],
)
def test_other_ui_paths_need_the_global_admin_role(method: str, path: str) -> None:
    assert classify(method, path) == Endpoint(Scope.GLOBAL, ADMIN)
