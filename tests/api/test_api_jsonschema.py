"""JSON Schema over HTTP, on both back ends: parse errors with their JSON pointer, recursive and cross-subject
`$ref`s, verbose compatibility messages, and the compatibilityPolicy (STRICT / LENIENT)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import err, get_version, ok, post_schema, register, seg, set_level


def js(schema: Any) -> str:
    return json.dumps(schema, separators=(",", ":"))


def check(api, subject, schema, version="latest", verbose=False, references=None):
    body: dict[str, Any] = {"schema": schema, "schemaType": "JSON"}
    if references is not None:
        body["references"] = references
    path = f"/compatibility/subjects/{seg(subject)}/versions" + (f"/{version}" if version is not None else "")
    return ok(api.post(path, json=body, params={"verbose": "true"} if verbose else None))


def person(*names: str, closed: bool = False) -> str:
    schema: dict[str, Any] = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
    if closed:
        schema["additionalProperties"] = False
    return js(schema)


@pytest.mark.parametrize(
    ("schema", "pointer"),
    [
        ({"type": "object", "properties": {"a": {"type": "strin"}}}, "/properties/a/type"),
        ({"type": "object", "properties": {"a": {"type": "string", "pattern": "(unclosed"}}}, "/properties/a/pattern"),
        ({"patternProperties": {"[": {}}}, "/patternProperties/["),
        ({"properties": {"a": {"$ref": "#/definitions/missing"}}}, "/properties/a/$ref"),
    ],
    ids=["meta-schema", "pattern", "patternProperties", "unresolvable-ref"],
)
def test_invalid_json_schema_is_42201_with_the_pointer(api, subject, schema, pointer):
    body = err(post_schema(api, subject, js(schema), schema_type="JSON"), 42201)
    assert f"(at {pointer})" in body["message"], body
    err(api.get(f"/subjects/{seg(subject)}/versions"), 40401)  # nothing was registered
    body = err(api.post(f"/compatibility/subjects/{seg(subject)}/versions",
                        json={"schema": js(schema), "schemaType": "JSON"}), 42201)
    assert pointer in body["message"], body


TREE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"node": {"type": "object", "properties": {
        "value": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/node"}}}}},
    "$ref": "#/$defs/node",
}


def test_recursive_schema_registers_reads_back_and_checks(api, subject):
    schema_id = register(api, subject, js(TREE), schema_type="JSON")
    stored = get_version(api, subject, 1)
    assert (stored["id"], stored["schemaType"], json.loads(stored["schema"])) == (schema_id, "JSON", TREE)
    assert json.loads(ok(api.get(f"/schemas/ids/{schema_id}"))["schema"]) == TREE

    described = {**TREE, "description": "a tree"}
    assert check(api, subject, js(described)) == {"is_compatible": True}
    required = json.loads(json.dumps(TREE))
    required["$defs"]["node"]["required"] = ["value"]
    body = check(api, subject, js(required), verbose=True)
    assert body["is_compatible"] is False
    assert any("errorType:'REQUIRED_ATTRIBUTE_ADDED'" in m and "path:'#/required/value'" in m
               for m in body["messages"]), body
    err(post_schema(api, subject, js(required), schema_type="JSON"), (409, 40901))
    assert register(api, subject, js(described), schema_type="JSON") != schema_id


def customer(name_type: str) -> str:
    return js({"type": "object", "properties": {"name": {"type": name_type}}})


ORDER = js({"type": "object", "properties": {"customer": {"$ref": "customer.json"}}})


def test_reference_to_another_subject_is_resolved_and_compared(api, subject):
    customers, orders = f"{subject}-customer", f"{subject}-order"
    register(api, customers, customer("string"), schema_type="JSON")
    set_level(api, customers, "NONE")
    register(api, customers, customer("integer"), schema_type="JSON")
    v1 = [{"name": "customer.json", "subject": customers, "version": 1}]
    v2 = [{"name": "customer.json", "subject": customers, "version": 2}]

    order_id = register(api, orders, ORDER, schema_type="JSON", references=v1)
    stored = get_version(api, orders, 1)
    assert stored["references"] == v1 and stored["id"] == order_id
    assert check(api, orders, ORDER, references=v1) == {"is_compatible": True}
    body = check(api, orders, ORDER, references=v2, verbose=True)
    assert body["is_compatible"] is False
    assert any("errorType:'TYPE_CHANGED'" in m and "path:'#/properties/customer/properties/name'" in m
               for m in body["messages"]), body
    err(post_schema(api, orders, ORDER, schema_type="JSON", references=v2), (409, 40901))
    err(post_schema(api, orders, ORDER, schema_type="JSON"), 42201)  # the $ref needs its reference


def test_verbose_messages_name_error_type_path_and_hint(api, subject):
    register(api, subject, person("name"), schema_type="JSON")
    bad = js({"type": "object", "properties": {"name": {"type": "string", "maxLength": 5}}})
    assert check(api, subject, bad) == {"is_compatible": False}
    body = check(api, subject, bad, verbose=True)
    assert body["is_compatible"] is False
    (finding,) = [m for m in body["messages"] if "errorType:" in m]
    assert "errorType:'MAX_LENGTH_ADDED'" in finding and "path:'#/properties/name/maxLength'" in finding
    assert "description:'" in finding and "hint:'" in finding
    assert "{oldSchemaVersion: 1}" in body["messages"]
    assert body["messages"][-1] == "{validateFields: 'false', compatibility: 'BACKWARD'}"


def _open_model_verdict(api, subject) -> dict[str, Any]:
    return check(api, subject, person("name", "email"), version=None, verbose=True)


def test_lenient_policy_set_globally_changes_the_verdict(api, subject):
    register(api, subject, person("name"), schema_type="JSON")
    strict = _open_model_verdict(api, subject)
    assert strict["is_compatible"] is False
    (finding,) = [m for m in strict["messages"] if "errorType:" in m]
    assert "errorType:'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'" in finding
    assert "path:'#/properties/email'" in finding
    assert "LENIENT" in finding and "additionalProperties: false" in finding  # the hint names both ways out
    err(post_schema(api, subject, person("name", "email"), schema_type="JSON"), (409, 40901))

    assert ok(api.put("/config", json={"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"})) == {
        "compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}
    assert ok(api.get("/config"))["compatibilityPolicy"] == "LENIENT"
    lenient = _open_model_verdict(api, subject)
    assert (lenient["is_compatible"], lenient["messages"]) == (True, [])
    assert lenient["schemata"] == {
        "compatible": True, "level": "BACKWARD", "policy": "LENIENT", "checked": [1], "findings": []}
    register(api, subject, person("name", "email"), schema_type="JSON")
    ok(api.delete("/config"))
    assert "compatibilityPolicy" not in ok(api.get("/config"))


def test_lenient_policy_set_per_subject_changes_the_verdict(api, subject):
    other = f"{subject}-strict"
    for name in (subject, other):
        register(api, name, person("name"), schema_type="JSON")
    ok(api.put(f"/config/{seg(subject)}", json={"compatibilityPolicy": "LENIENT"}))
    assert ok(api.get(f"/config/{seg(subject)}"))["compatibilityPolicy"] == "LENIENT"

    assert _open_model_verdict(api, subject)["is_compatible"] is True
    assert _open_model_verdict(api, other)["is_compatible"] is False  # the global policy is still STRICT
    register(api, subject, person("name", "email"), schema_type="JSON")
    err(post_schema(api, other, person("name", "email"), schema_type="JSON"), (409, 40901))
    # closing the model is the other way out, under STRICT too
    closed = f"{subject}-closed"
    register(api, closed, person("name", closed=True), schema_type="JSON")
    assert check(api, closed, person("name", "email", closed=True)) == {"is_compatible": True}


def test_reserved_property_names_from_metadata(api, subject):
    """With validateFields, `confluent:reserved` in a version's metadata reserves property names: a new
    version may not use one, nor stop reserving it."""
    set_level(api, subject, "BACKWARD")
    ok(api.put(f"/config/{seg(subject)}", json={"validateFields": True}))
    reserved = {"properties": {"confluent:reserved": "legacy_id, old_email"}}
    register(api, subject, person("name", closed=True), schema_type="JSON", metadata=reserved)
    reusing = post_schema(api, subject, person("name", "legacy_id", closed=True), schema_type="JSON",
                          metadata=reserved)
    body = err(reusing, 409)
    assert "FIELD_CONFLICTS_WITH_RESERVED_FIELD" in body["message"] and "legacy_id" in body["message"]
    unreserving = post_schema(api, subject, person("name", "email", closed=True), schema_type="JSON",
                              metadata={"properties": {"confluent:reserved": "legacy_id"}})
    body = err(unreserving, 409)
    assert "RESERVED_FIELD_REMOVED" in body["message"] and "old_email" in body["message"]
    assert post_schema(api, subject, person("name", "email", closed=True), schema_type="JSON",
                       metadata=reserved).status_code == 200
