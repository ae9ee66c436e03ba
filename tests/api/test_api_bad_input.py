"""Bad input never yields a 500: malformed bodies at every POST/PUT endpoint, huge and deeply nested schemas."""

from __future__ import annotations

import json

import pytest

from .helpers import assert_4xx, assert_error_shape, describe, err, field, ok, post_schema, record, register, seg

POST_PUT_ENDPOINTS = [
    ("POST", "/subjects/{s}/versions"),
    ("POST", "/subjects/{s}"),
    ("POST", "/compatibility/subjects/{s}/versions/latest"),
    ("POST", "/compatibility/subjects/{s}/versions"),
    ("PUT", "/config"),
    ("PUT", "/config/{s}"),
    ("PUT", "/mode"),
    ("PUT", "/mode/{s}"),
]

MALFORMED_BODIES = [
    b"",
    b"{",
    b"not json",
    b'{"schema": "x",}',
    b"\xff\xfe\x00{",
    b"[]",
    b"[1, 2]",
    b'"just a string"',
    b"42",
    b"null",
    b"true",
]

WRONG_TYPES = {
    "schema": [
        {"schema": {"type": "string"}},
        {"schema": ["string"]},
        {"schema": None},
        {"schema": True},
        {"schema": '"string"', "schemaType": 5},
        {"schema": '"string"', "schemaType": ["AVRO"]},
        {"schema": '"string"', "references": "nope"},
        {"schema": '"string"', "references": {"name": "x"}},
        {"schema": '"string"', "references": [1]},
        {"schema": '"string"', "references": [{"name": 1, "subject": [], "version": "x"}]},
        {"schema": '"string"', "references": [{"name": "a.B"}]},
    ],
    "config": [{"compatibility": 5}, {"compatibility": ["FULL"]}, {"compatibility": {"level": "FULL"}}],
    "mode": [{"mode": 1}, {"mode": ["READONLY"]}, {"mode": None}, {}],
}


def _kind(path: str) -> str:
    if path.startswith("/config"):
        return "config"
    if path.startswith("/mode"):
        return "mode"
    return "schema"


@pytest.mark.parametrize(("method", "template"), POST_PUT_ENDPOINTS, ids=[f"{m} {p}" for m, p in POST_PUT_ENDPOINTS])
def test_malformed_bodies_get_4xx_json_errors(api, subject, rname, method, template):
    register(api, subject, record(rname, field("a", "int")))  # so lookups and checks reach body handling
    path = template.format(s=subject)
    failures = []
    for raw in MALFORMED_BODIES:
        for ctype in ("application/vnd.schemaregistry.v1+json", "application/json"):
            resp = api.request(method, path, content=raw, headers={"Content-Type": ctype})
            try:
                assert_4xx(resp)
            except AssertionError:
                failures.append(f"body {raw!r}: {describe(resp)}")
    for body in WRONG_TYPES[_kind(template)]:
        resp = api.request(method, path, json=body)
        try:
            assert_4xx(resp)
        except AssertionError:
            failures.append(f"body {body!r}: {describe(resp)}")
    assert not failures, "\n".join(failures)
    # and nothing changed
    assert ok(api.get(f"/subjects/{subject}/versions")) == [1]
    assert ok(api.get("/config"))["compatibilityLevel"] == "BACKWARD"
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}


def test_non_numeric_ids_and_versions_in_paths(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    schema_id = register(api, subject + "-2", record(rname, field("b", "int")))
    failures = []
    for raw in ("abc", "1.5", "-1", "99999999999999999999", f"{schema_id // 10}_{schema_id % 10}", f" {schema_id}",
                f"{schema_id} "):
        resp = api.get(f"/schemas/ids/{seg(raw)}")
        try:  # not a number: a 4xx, never some schema
            assert_4xx(resp)
        except AssertionError:
            failures.append(describe(resp))
    assert not failures, "\n".join(failures)


def test_bad_query_parameter_values_are_not_500(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    for path, params in [
        ("/subjects", {"offset": "x"}),
        ("/subjects", {"limit": "many"}),
        ("/subjects", {"deleted": "maybe"}),
        (f"/subjects/{subject}/versions", {"deleted": "2"}),
        ("/schemas", {"offset": "-5", "limit": "x"}),
    ]:
        resp = api.get(path, params=params)
        assert resp.status_code < 500, describe(resp)
        if resp.status_code >= 400:
            assert_error_shape(resp)


def test_huge_schema(api, subject, rname):
    """Several MB: accepted, or refused with 42209 (too large) / 413; never a 500 or a hang."""
    fields = [{"name": f"f{i}", "type": "string", "doc": "d" * 1000} for i in range(3000)]
    schema = json.dumps({"type": "record", "name": rname, "fields": fields})
    assert len(schema) > 3_000_000
    resp = post_schema(api, subject, schema)
    if resp.status_code == 200:
        schema_id = resp.json()["id"]
        got = ok(api.get(f"/schemas/ids/{schema_id}"))
        assert len(json.loads(got["schema"])["fields"]) == 3000
    elif resp.status_code == 413:
        pass
    else:
        err(resp, 42209)


@pytest.mark.parametrize("depth", [3000, 20000])
def test_deeply_nested_array_schema(api, subject, depth):
    schema = '{"type":"array","items":' * depth + '"int"' + "}" * depth
    resp = post_schema(api, subject, schema)
    if resp.status_code != 200:
        err(resp, 42201)
    resp = api.post(f"/compatibility/subjects/{subject}/versions/latest", json={"schema": schema})
    assert resp.status_code < 500, describe(resp)


def test_deeply_nested_records(api, subject):
    depth = 2500
    schema = ""
    for i in range(depth):
        schema += f'{{"type":"record","name":"N{i}","fields":[{{"name":"f","type":'
    schema += '"int"' + "}]}" * depth
    resp = post_schema(api, subject, schema)
    if resp.status_code != 200:
        err(resp, 42201)


def test_deeply_nested_request_body(api, subject, rname):
    """An unknown field holding a 100000-deep JSON array: ignore it or answer 4xx, never 500."""
    deep = "[" * 100_000 + "]" * 100_000
    raw = '{"schema": ' + json.dumps(record(rname, field("a", "int"))) + ', "x": ' + deep + "}"
    resp = api.post(f"/subjects/{subject}/versions", content=raw.encode(),
                    headers={"Content-Type": "application/json"})
    assert resp.status_code < 500, describe(resp)
    if resp.status_code != 200:
        assert_4xx(resp)


def test_schema_string_with_invalid_unicode_escapes(api, subject):
    for schema in ('"\\ud800"', '{"type": "record", "name": "\\udfff", "fields": []}', "\x00"):
        resp = post_schema(api, subject, schema)
        assert resp.status_code < 500, describe(resp)
        if resp.status_code != 200:
            assert_4xx(resp)


def test_oversized_schema_is_42209(api, subject, rname):
    """12 MB is beyond a schema registry's limit (Confluent's is the Kafka record size, ~1 MB): 42209 (or 413)."""
    schema = json.dumps({"type": "record", "name": rname, "doc": "x" * (12 * 1024 * 1024), "fields": []})
    resp = post_schema(api, subject, schema)
    if resp.status_code != 413:
        body = err(resp, 42209)
        expected = "Register operation failed because schema is too large"
        assert body["message"].startswith(expected), body["message"][:200]
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_a_number_parameter_that_is_not_one_is_jerseys_plain_404(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    for path, params in [
        ("/subjects", {"offset": "x"}),
        ("/subjects", {"limit": "many"}),
        ("/schemas", {"offset": "-5", "limit": "x"}),
        ("/contexts", {"limit": "1.5"}),
    ]:
        err(api.get(path, params=params), 404, "HTTP 404 Not Found")
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "offset": "0", "limit": "1"})) == [subject]


def test_an_encoded_slash_is_shown_as_a_slash_in_messages(api):
    for path in ("/schemas/guids/a%2Fb", "/subjects/a%2Fb/versions/x%2Fy", "/subjects/a%2Fb/versions"):
        body = assert_4xx(api.get(path))
        assert "\ue000" not in body["message"] and "/" in body["message"], (path, body)
    assert err(api.get("/schemas/guids/a%2Fb"), 40403)["message"] == "Schema a/b not found"
