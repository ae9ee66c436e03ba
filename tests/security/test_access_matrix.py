"""Every endpoint x every kind of caller, against the live registry with authentication on: the status each
gets. Cached lookups are warmed first, so the read fast path is checked as much as the router (0 bypasses)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from schemata.registry.api import observability
from schemata.registry.api.routes import audit, catalog, compatibility, config, contracts, lint, meta, schemas, subjects
from tests.security.conftest import Secured

OPEN, ANY, READ, WRITE, ADMIN = 0, 1, 2, 3, 4
SCHEMA = json.dumps({"type": "record", "name": "Matrix", "fields": [{"name": "a", "type": "string"}]})


@dataclass(frozen=True)
class Call:
    method: str
    template: str  # the route, as FastAPI declares it
    path: str  # with {S} (the subject), {D1}, {D2} (subjects to delete), {id} (S's schema id)
    needs: int
    allowed: int  # the status when the caller may
    body: object = None


CALLS = [
    Call("GET", "/", "/", ANY, 200),
    Call("POST", "/", "/", ANY, 200),
    Call("GET", "/contexts", "/contexts", ANY, 200),
    Call("DELETE", "/contexts/{context}", "/contexts/.sec-unused", ADMIN, 204),
    Call("GET", "/v1/metadata/id", "/v1/metadata/id", ANY, 200),
    Call("GET", "/v1/metadata/version", "/v1/metadata/version", ANY, 200),
    Call("GET", "/openapi.json", "/openapi.json", ANY, 200),
    Call("GET", "/health", "/health", OPEN, 200),
    Call("GET", "/health/ready", "/health/ready", OPEN, 200),
    Call("GET", "/metrics", "/metrics", OPEN, 200),
    Call("GET", "/subjects", "/subjects", ANY, 200),
    Call("GET", "/schemas", "/schemas", ANY, 200),
    Call("GET", "/schemas/types", "/schemas/types", ANY, 200),
    Call("GET", "/schemas/ids/{schema_id}", "/schemas/ids/{id}", READ, 200),
    Call("GET", "/schemas/ids/{schema_id}", "/schemas/ids/{id}?fetchMaxId=false&subject={S}", READ, 200),
    Call("GET", "/schemas/ids/{schema_id}/schema", "/schemas/ids/{id}/schema", READ, 200),
    Call("GET", "/schemas/ids/{schema_id}/subjects", "/schemas/ids/{id}/subjects", ANY, 200),
    Call("GET", "/schemas/ids/{schema_id}/versions", "/schemas/ids/{id}/versions", ANY, 200),
    Call("GET", "/subjects/{subject}/versions", "/subjects/{S}/versions", READ, 200),
    Call("GET", "/subjects/{subject}/versions/{version}", "/subjects/{S}/versions/1", READ, 200),
    Call("GET", "/subjects/{subject}/versions/{version}", "/subjects/{S}/versions/latest", READ, 200),
    Call("GET", "/subjects/{subject}/versions/{version}/schema", "/subjects/{S}/versions/1/schema", READ, 200),
    Call("GET", "/subjects/{subject}/versions/{version}/referencedby", "/subjects/{S}/versions/1/referencedby",
         READ, 200),
    Call("GET", "/subjects/{subject}/metadata", "/subjects/{S}/metadata", READ, 200),
    Call("POST", "/subjects/{subject}", "/subjects/{S}", READ, 200, {"schema": SCHEMA}),
    Call("POST", "/subjects/{subject}/versions", "/subjects/{S}/versions", WRITE, 200, {"schema": SCHEMA}),
    Call("POST", "/subjects/{subject}/versions/{version}/tags", "/subjects/{S}/versions/1/tags", WRITE, 200,
         {"tagsToAdd": [{"schemaEntity": {"entityPath": "Matrix.a", "entityType": "sr_field"}, "tags": ["PII"]}]}),
    Call("POST", "/compatibility/subjects/{subject}/versions/{version}",
         "/compatibility/subjects/{S}/versions/latest", WRITE, 200, {"schema": SCHEMA}),
    Call("POST", "/compatibility/subjects/{subject}/versions", "/compatibility/subjects/{S}/versions", WRITE, 200,
         {"schema": SCHEMA}),
    Call("GET", "/config", "/config", READ, 200),
    Call("PUT", "/config", "/config", ADMIN, 200, {"compatibility": "BACKWARD"}),
    Call("DELETE", "/config", "/config", ADMIN, 200),
    Call("GET", "/config/{subject}", "/config/{S}?defaultToGlobal=true", READ, 200),
    Call("PUT", "/config/{subject}", "/config/{S}", ADMIN, 200, {"compatibility": "FULL"}),
    Call("DELETE", "/config/{subject}", "/config/{S}", ADMIN, 200),
    Call("GET", "/mode", "/mode", READ, 200),
    Call("PUT", "/mode", "/mode", ADMIN, 200, {"mode": "READWRITE"}),
    Call("DELETE", "/mode", "/mode", ADMIN, 200),
    Call("GET", "/mode/{subject}", "/mode/{S}?defaultToGlobal=true", READ, 200),
    Call("PUT", "/mode/{subject}", "/mode/{S}", ADMIN, 200, {"mode": "READWRITE"}),
    Call("DELETE", "/mode/{subject}", "/mode/{S}", ADMIN, 200),
    Call("GET", "/settings/scopes", "/settings/scopes", READ, 200),
    Call("DELETE", "/subjects/{subject}/versions/{version}", "/subjects/{D1}/versions/1", ADMIN, 200),
    Call("DELETE", "/subjects/{subject}", "/subjects/{D2}", ADMIN, 200),
    Call("GET", "/audit", "/audit?limit=5", ADMIN, 200),
    Call("GET", "/v1/metadata/deployment", "/v1/metadata/deployment", ANY, 200),
    Call("GET", "/schemas/guids/{guid}", "/schemas/guids/00000000-0000-4000-8000-000000000000", READ, 404),
    Call("GET", "/catalog", "/catalog", READ, 200),
    Call("GET", "/asyncapi", "/asyncapi", READ, 200),
    Call("GET", "/contracts/services", "/contracts/services", READ, 200),
    Call("GET", "/contracts/services/{service}", "/contracts/services/sec-nobody", READ, 404),
    Call("PUT", "/contracts/services/{service}", "/contracts/services/sec-matrix", ADMIN, 200,
         {"produces": [], "consumes": []}),
    Call("DELETE", "/contracts/services/{service}", "/contracts/services/sec-nobody", ADMIN, 404),
    Call("GET", "/contracts/subjects/{subject}", "/contracts/subjects/{S}", READ, 200),
    Call("POST", "/contracts/subjects/{subject}/impact", "/contracts/subjects/{S}/impact", WRITE, 200,
         {"schema": SCHEMA}),
    Call("GET", "/contracts/enforcement", "/contracts/enforcement", READ, 200),
    Call("PUT", "/contracts/enforcement", "/contracts/enforcement", ADMIN, 200, {"enforcement": "ENFORCE"}),
    Call("DELETE", "/contracts/enforcement", "/contracts/enforcement", ADMIN, 200),
    Call("GET", "/contracts/enforcement/{subject}", "/contracts/enforcement/{S}", READ, 200),
    Call("PUT", "/contracts/enforcement/{subject}", "/contracts/enforcement/{S}", ADMIN, 200,
         {"enforcement": "WARN"}),
    Call("DELETE", "/contracts/enforcement/{subject}", "/contracts/enforcement/{S}", ADMIN, 200),
    Call("GET", "/lint/config", "/lint/config", READ, 200),
    Call("PUT", "/lint/config", "/lint/config", ADMIN, 200, {"enabled": False}),
    Call("DELETE", "/lint/config", "/lint/config", ADMIN, 200),
    Call("GET", "/lint/config/{subject}", "/lint/config/{S}", READ, 404),
    Call("PUT", "/lint/config/{subject}", "/lint/config/{D1}", ADMIN, 200, {"enabled": False}),
    Call("DELETE", "/lint/config/{subject}", "/lint/config/{D2}", ADMIN, 404),
    # Not routes: a path nobody declared needs the global admin role (deny by default), and a context path
    # names a subject of its own (`:.sec:sec-x`, outside the `sec-*` grants).
    Call("GET", "", "/no/such/path", ADMIN, 404),
    Call("GET", "", "/contexts/.sec/subjects/sec-x/versions", READ, 404),
]

#: Caller -> (its level: what it may do on the `sec-*` subjects and the global settings, its credentials).
CALLERS = ["anonymous", "reader", "writer", "admin", "wrong-password", "expired-token", "other-audience"]
LEVELS = {"anonymous": 0, "reader": READ, "writer": WRITE, "admin": ADMIN, "wrong-password": 0, "expired-token": 0,
          "other-audience": 0}


def credentials(secured: Secured, caller: str) -> dict[str, object]:
    bearer = {
        "writer": secured.issuer.token("wes"),
        "expired-token": secured.issuer.token("wes", expires_in=-3600),
        "other-audience": secured.issuer.token("wes", audience="another-service"),
    }
    if caller in bearer:
        return {"headers": {"Authorization": f"Bearer {bearer[caller]}"}}
    basic = {"reader": secured.basic("rae"), "admin": secured.basic("ann"), "wrong-password": secured.basic("ann", "x")}
    return {"auth": basic[caller]} if caller in basic else {}


def expected(call: Call, caller: str) -> tuple[int, int | None]:
    """(status, error_code) for `caller` on `call`."""
    level = LEVELS[caller]
    if call.needs == OPEN:
        return call.allowed, None
    if level == 0:
        return 401, 40101
    if call.path.startswith("/contexts/.sec/") and caller != "admin":
        return 403, 40301  # the context's subject is outside the caller's grants
    if level >= call.needs:
        return call.allowed, None
    return 403, 40301


@pytest.fixture
def admin(secured: Secured) -> Iterator[httpx.Client]:
    with secured.client("ann") as client:
        yield client


def make_subjects(admin: httpx.Client, subject: str) -> dict[str, str]:
    names = {"S": subject, "D1": f"{subject}-d1", "D2": f"{subject}-d2"}
    ids = {key: admin.post(f"/subjects/{name}/versions", json={"schema": SCHEMA}).raise_for_status().json()["id"]
           for key, name in names.items()}
    return {**names, "id": str(ids["S"])}


@pytest.mark.parametrize("caller", CALLERS)
def test_every_endpoint_answers_each_caller_as_its_grants_say(
    secured: Secured, admin: httpx.Client, subject: str, caller: str
) -> None:
    names = make_subjects(admin, subject)
    for warm in ("/schemas/ids/{id}", "/subjects/{S}/versions/1", "/subjects/{S}/versions/latest"):
        assert admin.get(warm.format(**names)).status_code == 200  # now served from the fast path's caches
    wrong = []
    with httpx.Client(base_url=secured.url, timeout=30.0, **credentials(secured, caller)) as client:  # type: ignore[arg-type]
        for call in CALLS:
            path = call.path.format(**names)
            answer = client.request(call.method, path, json=call.body)
            status, code = expected(call, caller)
            got_code = answer.json().get("error_code") if answer.status_code in (401, 403) else None
            if (answer.status_code, got_code) != (status, code):
                wrong.append(f"{call.method} {path}: {answer.status_code} {answer.text[:120]}, expected {status}")
    assert wrong == []


def test_the_matrix_covers_every_route_of_the_api() -> None:
    declared = {
        (method, route.path)  # type: ignore[attr-defined]
        for module in (meta, observability, subjects, schemas, config, compatibility, audit, contracts, catalog, lint)
        for route in module.router.routes
        for method in route.methods  # type: ignore[attr-defined]
    } | {("GET", "/openapi.json")}
    assert declared == {(call.method, call.template) for call in CALLS if call.template}


def test_refusals_say_what_is_missing_and_nothing_else(secured: Secured, admin: httpx.Client, subject: str) -> None:
    names = make_subjects(admin, subject)
    anonymous = httpx.get(f"{secured.url}/subjects/{subject}/versions/1")
    assert anonymous.status_code == 401
    message = "Authentication required: send Basic or Bearer credentials"
    assert anonymous.json() == {"error_code": 40101, "message": message}
    assert 'Basic realm="schemata"' in anonymous.headers["www-authenticate"]
    # A wrong password and an unknown user read the same: nothing tells which users exist.
    wrong = httpx.get(f"{secured.url}/subjects", auth=("ann", "nope")).json()
    unknown = httpx.get(f"{secured.url}/subjects", auth=("nobody", "nope")).json()
    assert wrong == unknown == {"error_code": 40101, "message": "Invalid user name or password"}
    expired = httpx.get(f"{secured.url}/subjects", headers={"Authorization": "Bearer " + secured.issuer.token(
        "wes", expires_in=-3600)}).json()
    assert expired == {"error_code": 40101, "message": "Bearer token rejected: Signature has expired"}
    # A subject that exists and one that does not are refused alike.
    with secured.client("ria") as ria:
        present = ria.get(f"/subjects/{names['S']}/versions").json()
        absent = ria.get(f"/subjects/{names['S']}-never/versions").json()
    assert present["error_code"] == absent["error_code"] == 40301
    assert present["message"] == f"Access denied: 'ria' needs the read role on subject '{names['S']}'"
