"""Ids, versions, numbers and names in range: every reproduction of issue 17 answers a clear 4xx (never a 500,
which also closed the kept-alive connection), the same on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.conftest import LiveServer, create_pg_database, drop_pg_database

AVRO = json.dumps({"type": "record", "name": "N", "fields": [{"name": "a", "type": "int"}]})
MAX_INT = 2**31 - 1


def schema(i: int) -> str:
    return json.dumps({"type": "record", "name": f"N{i}", "fields": [{"name": "a", "type": "int"}]})


def error(answer: httpx.Response, status: int, code: int) -> str:
    assert answer.status_code == status and answer.json()["error_code"] == code, answer.text[:300]
    return str(answer.json()["message"])


@pytest.fixture
def importing(api: httpx.Client, subject: str) -> Iterator[httpx.Client]:
    assert api.put(f"/mode/{subject}", json={"mode": "IMPORT"}, params={"force": "true"}).is_success
    yield api
    api.delete(f"/mode/{subject}")


@pytest.mark.parametrize("schema_id", [0x8000_0000, 2**40, 2**63])
def test_import_of_an_id_out_of_range_is_42205(importing: httpx.Client, subject: str, schema_id: int) -> None:
    body = {"schema": AVRO, "id": schema_id, "version": 1}
    assert "2147483647" in error(importing.post(f"/subjects/{subject}/versions", json=body), 422, 42205)


@pytest.mark.parametrize("version", [0x8000_0000, 2**63])
def test_import_of_a_version_out_of_range_is_42202(importing: httpx.Client, subject: str, version: int) -> None:
    body = {"schema": AVRO, "id": 7_000_001, "version": version}
    error(importing.post(f"/subjects/{subject}/versions", json=body), 422, 42202)


@pytest.mark.parametrize("version", ["%C2%B2", "1" * 5000, "0001" + "0" * 20])
def test_versions_of_odd_digits_are_42202(api: httpx.Client, subject: str, version: str) -> None:
    assert api.post(f"/subjects/{subject}/versions", json={"schema": AVRO}).is_success
    for method in ("GET", "DELETE"):
        error(api.request(method, f"/subjects/{subject}/versions/{version}"), 422, 42202)
    error(api.get(f"/subjects/{subject}/versions/{version}/schema"), 422, 42202)
    assert api.get(f"/subjects/{subject}/versions/1").is_success  # the connection is still fine


@pytest.mark.parametrize("schema_id", ["%C2%B2", "9" * 5000])
def test_schema_ids_of_odd_digits_are_4xx(api: httpx.Client, schema_id: str) -> None:
    answer = api.get(f"/schemas/ids/{schema_id}")
    assert 400 <= answer.status_code < 500, answer.text[:300]


@pytest.mark.parametrize("path", ["/subjects", "/schemas"])
@pytest.mark.parametrize("param", ["offset", "limit"])
def test_pagination_past_2_to_the_63_is_not_a_500(api: httpx.Client, path: str, param: str) -> None:
    for value in (2**63, 2**64 + 5, 10**40):
        answer = api.get(path, params={param: str(value)})
        assert answer.status_code in (200, 422), answer.text[:300]
        if param == "offset" and answer.status_code == 200:
            assert answer.json() == []


@pytest.mark.parametrize("version", [2**31, 2**63, 2**64])
def test_reference_version_out_of_range_is_a_4xx(api: httpx.Client, subject: str, version: int) -> None:
    body = {"schema": AVRO, "references": [{"name": "x", "subject": "other", "version": version}]}
    paths = (f"/subjects/{subject}/versions", f"/subjects/{subject}", f"/compatibility/subjects/{subject}/versions")
    for path in paths:
        answer = api.post(path, json=body)
        assert 400 <= answer.status_code < 500 and answer.json()["error_code"] in (42201, 42202), answer.text[:300]


def test_nul_in_names_is_a_4xx_or_nothing(api: httpx.Client, subject: str) -> None:
    body = {"schema": AVRO, "references": [{"name": "x", "subject": "a\u0000b", "version": 1}]}
    error(api.post(f"/subjects/{subject}/versions", json=body), 422, 42201)
    for path in ("/subjects", "/schemas"):
        answer = api.get(path, params={"subjectPrefix": "a\u0000"})
        assert answer.status_code == 200 and answer.json() == [], answer.text[:300]
    assert api.get("/contexts/%00/subjects").json() == []
    error(api.get("/contexts/%00/subjects/x/versions"), 422, 42208)


def test_one_subject_length_limit_on_both_back_ends(api: httpx.Client, subject: str) -> None:
    longest = subject + "\u00e9" * ((2048 - len(subject)) // 2)  # two bytes each
    assert api.post(f"/subjects/{quote(longest, safe='')}/versions", json={"schema": AVRO}).is_success
    too_long = subject + "x" * 2800
    message = error(api.post(f"/subjects/{too_long}/versions", json={"schema": AVRO}), 422, 42208)
    assert "at most 2048 bytes" in message and len(message) < 500
    body = {"schema": AVRO, "references": [{"name": "x", "subject": too_long, "version": 1}]}
    error(api.post(f"/subjects/{subject}/versions", json=body), 422, 42201)


def test_two_references_with_one_name_are_refused(api: httpx.Client, subject: str) -> None:
    assert api.post(f"/subjects/{subject}-a/versions", json={"schema": schema(1)}).is_success
    assert api.post(f"/subjects/{subject}-b/versions", json={"schema": schema(2)}).is_success
    refs = [{"name": "dep", "subject": f"{subject}-{end}", "version": 1} for end in "ab"]
    message = error(api.post(f"/subjects/{subject}/versions", json={"schema": AVRO, "references": refs}), 422, 42201)
    assert "'dep'" in message and "twice" in message


def test_the_slash_stand_in_is_refused_in_a_subject(api: httpx.Client, subject: str) -> None:
    sneaky = quote(f"{subject}\ue000test", safe="")
    error(api.post(f"/subjects/{sneaky}/versions", json={"schema": AVRO}), 422, 42208)
    assert api.get(f"/subjects/{quote(subject + '/test', safe='')}/versions").status_code == 404
    slashed = quote(f"{subject}/test", safe="")
    assert api.post(f"/subjects/{slashed}/versions", json={"schema": AVRO}).is_success  # a real %2F still works
    assert f"{subject}/test" in api.get("/subjects", params={"subjectPrefix": subject}).json()


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own: these tests use up the id space, which would break every later test."""
    if request.param == "sqlite":
        server = LiveServer(f"sqlite:///{tmp_path / 'ids.db'}", tmp_path / "server.log")
        yield server
        server.stop()
        return
    url, name = create_pg_database()
    server = LiveServer(url, tmp_path / "server.log")
    yield server
    server.stop()
    drop_pg_database(name)


def test_ids_and_versions_exhausted_are_a_clear_error(fresh_server: LiveServer) -> None:
    with httpx.Client(base_url=fresh_server.url, timeout=30) as http:
        subject = f"s-{uuid.uuid4().hex[:6]}"
        assert http.put("/config", json={"compatibility": "NONE"}).is_success
        assert http.put(f"/mode/{subject}", json={"mode": "IMPORT"}).is_success
        body = {"schema": schema(1), "id": MAX_INT, "version": MAX_INT}
        assert http.post(f"/subjects/{subject}/versions", json=body).json()["id"] == MAX_INT
        assert http.put(f"/mode/{subject}", json={"mode": "READWRITE"}).is_success
        for target in (subject, "other"):
            answer = http.post(f"/subjects/{target}/versions", json={"schema": schema(2)})
            assert answer.status_code == 422 and answer.json()["error_code"] == 42205, answer.text
            assert "2147483647" in answer.json()["message"]
        assert http.get(f"/schemas/ids/{MAX_INT}").is_success
