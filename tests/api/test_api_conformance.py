"""Confluent conformance over HTTP, issue 18 part B: JSON Schema verdicts as Confluent's diff gives them,
`force=true` on registration, normalization of references, and re-registering a soft-deleted version."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import err, ok, post_schema, set_level

OBJECT_A = {"type": "object", "properties": {"a": {"type": "string"}}}


def _json(schema: Any) -> str:
    return json.dumps(schema, separators=(",", ":"))


@pytest.mark.parametrize("update", [
    {"type": "object", "patternProperties": {"^a*": {}}},
    {"type": "object", "propertyNames": {"pattern": "a*"}},
], ids=["patternProperties", "propertyNames"])
def test_properties_replaced_by_an_unconstraining_keyword_registers(api, subject, update):
    set_level(api, subject, "BACKWARD")
    ok(post_schema(api, subject, _json(OBJECT_A), schema_type="JSON"))
    assert ok(post_schema(api, subject, _json(update), schema_type="JSON"))["id"] > 0


def test_items_becoming_a_tuple_is_refused_under_backward(api, subject):
    set_level(api, subject, "BACKWARD")
    ok(post_schema(api, subject, _json({"type": "array", "items": {"type": "string"}}), schema_type="JSON"))
    tuple_form = _json({"type": "array", "items": [{"type": "string"}]})
    body = err(post_schema(api, subject, tuple_form, schema_type="JSON"), 409)
    assert "ITEM_ADDED_TO_OPEN_CONTENT_MODEL" in body["message"]


def _avro(name: str, *fields: tuple[str, str]) -> str:
    return _json({"type": "record", "name": name, "fields": [{"name": n, "type": t} for n, t in fields]})


def test_force_registers_an_incompatible_schema_and_the_audit_log_says_so(api, subject, rname):
    set_level(api, subject, "BACKWARD")
    ok(post_schema(api, subject, _avro(rname, ("a", "string"))))
    breaking = _avro(rname, ("a", "int"))
    err(post_schema(api, subject, breaking), 409)
    err(post_schema(api, subject, breaking, params={"force": "false"}), 409)
    forced = ok(post_schema(api, subject, breaking, params={"force": "true"}))
    assert ok(api.get(f"/subjects/{subject}/versions")) == [1, 2]
    assert ok(api.get(f"/subjects/{subject}/versions/2"))["id"] == forced["id"]
    entries = ok(api.get("/audit", params={"subject": subject}))
    assert [e["status"] for e in entries if "force=true" in e["path"]] == [200]


def test_force_skips_only_the_compatibility_check(api, subject, rname):
    ok(post_schema(api, subject, _avro(rname, ("a", "string"))))
    err(post_schema(api, subject, '{"type": "record", "name": "1bad", "fields": []}', params={"force": "true"}),
        42201)
    err(post_schema(api, subject, _avro(rname, ("a", "int")), version=5, params={"force": "true"}), 42201)
    ok(api.put(f"/mode/{subject}", json={"mode": "READONLY"}))
    err(post_schema(api, subject, _avro(rname, ("a", "int")), params={"force": "true"}), 42205)
    ok(api.delete(f"/mode/{subject}"))
    identical = ok(post_schema(api, subject, _avro(rname, ("a", "string")), params={"force": "true"}))
    assert ok(api.get(f"/subjects/{subject}/versions")) == [1]
    assert identical["id"] == ok(api.get(f"/subjects/{subject}/versions/1"))["id"]
