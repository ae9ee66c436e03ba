"""validateFields over HTTP, as Confluent applies it: with it on, the names `confluent:reserved` lists in the
metadata stay reserved (409 at registration, `is_compatible: false` at the compatibility endpoints) for Avro,
Protobuf and JSON Schema; the subject's setting beats the global one; off (the default), reserved names are
not checked; with it on, unresolved Protobuf names and `$$` JSON root properties are 42201 (at the
compatibility endpoints too); Avro names are checked either way; IMPORT mode checks nothing."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from .helpers import err, field, ok, post_schema, record, register, seg, set_level

RESERVING = {"properties": {"confluent:reserved": "legacy, old_email"}}
LEGACY_ONLY = {"properties": {"confluent:reserved": "legacy"}}


def set_validate_fields(api: httpx.Client, subject: str | None, on: bool | None) -> None:
    ok(api.put("/config" if subject is None else f"/config/{seg(subject)}", json={"validateFields": on}))


def check(api: httpx.Client, subject: str, schema: str, version: str | None = None, **body: Any) -> dict[str, Any]:
    path = f"/compatibility/subjects/{seg(subject)}/versions" + ("" if version is None else f"/{version}")
    return ok(api.post(path, json={"schema": schema, **body}, params={"verbose": "true"}))


def rules_of(answer: dict[str, Any]) -> list[str]:
    return [finding["rule"] for finding in answer["schemata"]["findings"]]


def test_a_field_taking_a_reserved_name_is_refused_only_with_validate_fields(api, subject, rname):
    set_level(api, subject, "NONE")  # Confluent checks reserved names at every level
    reusing = record(rname, field("name", "string"), field("legacy", "string"))
    set_validate_fields(api, subject, True)
    body = err(post_schema(api, subject, reusing, metadata=RESERVING), 409)
    assert "FIELD_CONFLICTS_WITH_RESERVED_FIELD" in body["message"] and "'legacy'" in body["message"], body
    assert [f["rule"] for f in body["schemata"]["findings"]] == ["FIELD_CONFLICTS_WITH_RESERVED_FIELD"]
    assert "oldVersion" not in body["schemata"]["findings"][0]  # the subject's first schema
    assert ok(api.get("/subjects")).count(subject) == 0

    set_validate_fields(api, subject, False)
    register(api, subject, reusing, metadata=RESERVING)
    set_validate_fields(api, subject, None)  # unset is off, Confluent's default
    register(api, subject, record(rname, field("name", "string"), field("legacy", "string"), doc="2"),
             metadata=RESERVING)


def test_a_name_no_longer_reserved_is_refused_and_one_still_reserved_passes(api, subject, rname):
    set_validate_fields(api, subject, True)
    register(api, subject, record(rname, field("name", "string")), metadata=RESERVING)
    v2 = record(rname, field("name", "string"), field("email", "string", default=""))
    body = err(post_schema(api, subject, v2, metadata=LEGACY_ONLY), 409)
    assert "RESERVED_FIELD_REMOVED" in body["message"] and "'old_email'" in body["message"], body
    assert "{oldSchemaVersion: 1}" in body["message"]
    assert [(f["rule"], f["oldVersion"]) for f in body["schemata"]["findings"]] == [("RESERVED_FIELD_REMOVED", 1)]
    # without metadata the new version inherits the latest one's, reserved names included
    assert ok(post_schema(api, subject, v2))["id"] > 0
    set_validate_fields(api, subject, False)
    v3 = record(rname, field("name", "string"), field("email", "string", default=""), field("n", "int", default=0))
    register(api, subject, v3, metadata=LEGACY_ONLY)


def test_the_subjects_setting_beats_the_global_one(api, subject, rname):
    reusing = record(rname, field("legacy", "string"))
    set_validate_fields(api, None, True)
    err(post_schema(api, subject, reusing, metadata=RESERVING), 409)
    set_validate_fields(api, subject, False)
    register(api, subject, reusing, metadata=RESERVING)
    other = f"{subject}-other"
    set_validate_fields(api, None, False)
    set_validate_fields(api, other, True)
    err(post_schema(api, other, reusing, metadata=RESERVING), 409)


def test_protobuf_reserved_names_concern_the_fields_of_top_level_messages(api, subject):
    package = f"p{uuid.uuid4().hex[:10]}"
    set_validate_fields(api, subject, True)
    nested = (f'syntax = "proto3";\npackage {package};\n'
              "message M { string id = 1; message N { string legacy = 1; } }\n")
    register(api, subject, nested, schema_type="PROTOBUF", metadata=LEGACY_ONLY)
    top = nested.replace("string id = 1;", "string id = 1; string legacy = 2;")
    body = err(post_schema(api, subject, top, schema_type="PROTOBUF", metadata=LEGACY_ONLY), 409)
    assert "FIELD_CONFLICTS_WITH_RESERVED_FIELD" in body["message"] and "'legacy'" in body["message"], body
    dropped = nested.replace("string id = 1;", "string id = 1; int32 n = 3;")
    body = err(post_schema(api, subject, dropped, schema_type="PROTOBUF", metadata={"properties": {}}), 409)
    assert [f["rule"] for f in body["schemata"]["findings"]] == ["RESERVED_FIELD_REMOVED"]


def test_json_schema_reserved_names_are_checked_only_with_validate_fields(api, subject):
    closed = {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": False}
    reusing = {**closed, "properties": {"name": {"type": "string"}, "legacy": {"type": "string"}}}
    register(api, subject, json.dumps(closed), schema_type="JSON", metadata=LEGACY_ONLY)
    set_level(api, subject, "NONE")
    assert check(api, subject, json.dumps(reusing), schemaType="JSON")["is_compatible"] is True
    set_validate_fields(api, subject, True)
    answer = check(api, subject, json.dumps(reusing), schemaType="JSON")
    assert answer["is_compatible"] is False and rules_of(answer) == ["FIELD_CONFLICTS_WITH_RESERVED_FIELD"]
    err(post_schema(api, subject, json.dumps(reusing), schema_type="JSON"), 409)


def test_the_compatibility_endpoints_check_reserved_names_as_registration_does(api, subject, rname):
    register(api, subject, record(rname, field("name", "string")), metadata=RESERVING)
    unreserving = record(rname, field("name", "string"), doc="v2")
    assert check(api, subject, unreserving, metadata=LEGACY_ONLY)["is_compatible"] is True
    set_validate_fields(api, subject, True)
    for version in (None, "latest", "1"):
        answer = check(api, subject, unreserving, version, metadata=LEGACY_ONLY)
        assert answer["is_compatible"] is False and rules_of(answer) == ["RESERVED_FIELD_REMOVED"], version
        assert any("old_email" in message for message in answer["messages"]), answer
    assert check(api, subject, unreserving, metadata=RESERVING)["is_compatible"] is True


def test_import_mode_checks_no_reserved_names(api, subject, rname):
    set_validate_fields(api, subject, True)
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "IMPORT"}))
    schema_id = 900_000_000 + uuid.uuid4().int % 90_000_000
    reusing = record(rname, field("legacy", "string"))
    assert ok(post_schema(api, subject, reusing, metadata=RESERVING, id=schema_id, version=1))["id"] == schema_id
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "READWRITE"}))


@pytest.mark.parametrize("on", [False, True])
def test_invalid_avro_names_are_42201_whatever_validate_fields_says(api, subject, rname, on):
    set_validate_fields(api, subject, on)
    bad_field = record(rname, field("bad-name", "string"))
    body = err(post_schema(api, subject, bad_field), 42201)
    assert "invalid field name 'bad-name'" in body["message"] and "/fields/0/name" in body["message"], body
    bad_record = record("9Lives", field("a", "int"))
    assert "invalid name '9Lives'" in err(post_schema(api, subject, bad_record), 42201)["message"]
    bad_symbol = json.dumps({"type": "enum", "name": rname, "symbols": ["ok", "not ok"]})
    assert "invalid enum symbol 'not ok'" in err(post_schema(api, subject, bad_symbol), 42201)["message"]


def test_an_unresolved_protobuf_option_fails_the_compatibility_check_with_validate_fields(api, subject):
    package = f"p{uuid.uuid4().hex[:10]}"
    text = f'syntax = "proto3";\npackage {package};\nmessage M {{ string a = 1 [(some_ref) = "x"]; }}\n'
    assert check(api, subject, text, schemaType="PROTOBUF")["is_compatible"] is True
    set_validate_fields(api, subject, True)
    answer = check(api, subject, text, schemaType="PROTOBUF")
    assert answer["is_compatible"] is False and "option (some_ref)" in answer["messages"][0], answer
    path = f"/compatibility/subjects/{seg(subject)}/versions"
    body = err(api.post(path, json={"schema": text, "schemaType": "PROTOBUF"}), 42201)
    assert "validateFields" in body["message"], body


def test_a_json_root_property_named_with_dollar_dollar_is_42201_with_validate_fields(api, subject):
    dollars = json.dumps({"type": "object", "properties": {"$$id": {"type": "string"}}})
    register(api, f"{subject}-lenient", dollars, schema_type="JSON")
    set_validate_fields(api, subject, True)
    body = err(post_schema(api, subject, dollars, schema_type="JSON"), 42201)
    assert "validateFields" in body["message"] and "'$$id' at #/properties/$$id" in body["message"], body
    answer = check(api, subject, dollars, schemaType="JSON")
    assert answer["is_compatible"] is False and "$$id" in answer["messages"][0], answer
    nested = json.dumps({"type": "object", "properties": {"a": {"type": "object", "properties": {"$$id": {}}}}})
    register(api, subject, nested, schema_type="JSON")


def test_messages_end_with_the_config_decided_with_validate_fields_among_it(api, subject, rname):
    set_level(api, subject, "NONE")
    reusing = record(rname, field("name", "string"), field("legacy", "string"))
    set_validate_fields(api, subject, True)
    answer = check(api, subject, reusing, metadata=RESERVING)
    assert answer["is_compatible"] is False
    assert answer["messages"][-1] == "{validateFields: 'true', compatibility: 'NONE'}", answer
    body = err(post_schema(api, subject, reusing, metadata=RESERVING), 409)
    assert body["message"].endswith(", {validateFields: 'true', compatibility: 'NONE'}]"), body


def test_reserved_names_are_checked_against_the_latest_version_whatever_its_compatibility_group(api, subject, rname):
    group = "application.major.version"
    ok(api.put(f"/config/{seg(subject)}", json={"compatibilityGroup": group, "validateFields": True}))
    register(api, subject, record(rname, field("name", "string")),
             metadata={"properties": {group: "1", "confluent:reserved": "legacy"}})
    register(api, subject, record(rname, field("id", "long")),
             metadata={"properties": {group: "2", "confluent:reserved": "legacy, old_email"}})
    # Group 1's latest (version 1) reserves only `legacy`; the subject's latest (version 2) `old_email` too.
    for major in ("1", "3"):  # a group with versions, and one without
        metadata = {"properties": {group: major, "confluent:reserved": "legacy"}}
        proposed = record(rname, field("name", "string"), doc=f"in group {major}")
        answer = check(api, subject, proposed, metadata=metadata)
        assert answer["is_compatible"] is False, answer
        assert [(f["rule"], f.get("oldVersion")) for f in answer["schemata"]["findings"]] == [
            ("RESERVED_FIELD_REMOVED", 2)], answer
        assert "{oldSchemaVersion: 2}" in answer["messages"] and "'old_email'" in answer["messages"][0], answer
        body = err(post_schema(api, subject, proposed, metadata=metadata), 409)
        assert body["schemata"]["findings"] == answer["schemata"]["findings"], body
    kept = {"properties": {group: "1", "confluent:reserved": "legacy, old_email"}}
    register(api, subject, record(rname, field("name", "string"), doc="in group 1"), metadata=kept)
