"""The registry's decision over REST: Confluent's `messages` as they were, and the same decision with its
findings as JSON objects under our `schemata` key, in the verbose compatibility answer and the 409 body."""

from __future__ import annotations

import json

from .helpers import err, field, ok, post_schema, record, register, seg, set_level


def check(api, subject, schema, *, version=None, **body):
    path = f"/compatibility/subjects/{subject}/versions" + (f"/{version}" if version is not None else "")
    return ok(api.post(path, json={"schema": schema, **body}, params={"verbose": "true"}))


def test_verbose_answer_and_409_carry_the_same_structured_decision(api, subject, rname):
    old = record(rname, field("a", "int"))
    register(api, subject, old)
    new = record(rname, field("a", "string"), field("b", "int"))
    body = check(api, subject, new)
    decision = body["schemata"]
    assert (decision["compatible"], decision["level"], decision["policy"], decision["checked"]) == (
        False, "BACKWARD", "STRICT", [1])
    assert [(f["rule"], f["errorType"], f["path"], f["direction"], f["oldVersion"]) for f in decision["findings"]] == [
        ("TYPE_MISMATCH", "TYPE_MISMATCH", "/fields/0/type", "BACKWARD", 1),
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1", "BACKWARD", 1),
    ]
    assert all(f["message"] and f["hint"] for f in decision["findings"])
    # Confluent's messages: each finding as before, then the old version, its schema and the level.
    stored = ok(api.get(f"/subjects/{subject}/versions/1"))["schema"]
    assert body["messages"] == [
        f"{{errorType:'{f['rule']}', description:'{f['message']}', path:'{f['path']}', "
        f"direction:'{f['direction']}', hint:'{f['hint']}'}}"
        for f in decision["findings"]
    ] + ["{oldSchemaVersion: 1}", f"{{oldSchema: '{stored}'}}", "{validateFields: 'false', compatibility: 'BACKWARD'}"]

    refused = err(post_schema(api, subject, new), (409, 40901))
    assert set(refused) == {"error_code", "message", "schemata"}
    assert refused["schemata"] == decision
    assert ", ".join(body["messages"]) in refused["message"]


def test_registration_decision_deduplicates_an_identical_schema(api, subject, rname):
    """The check without a version is registration's: a schema identical to a live version is that version,
    even where the level would fail it against another version."""
    v1, v2 = record(rname, field("a", "int")), record(rname, field("a", "string"))
    set_level(api, subject, "NONE")
    first = register(api, subject, v1)
    register(api, subject, v2)
    set_level(api, subject, "FULL_TRANSITIVE")
    body = check(api, subject, v1)
    assert (body["is_compatible"], body["messages"]) == (True, [])
    assert body["schemata"] == {"compatible": True, "level": "FULL_TRANSITIVE", "policy": "STRICT", "checked": [],
                                "findings": [], "identicalVersion": 1}
    assert ok(post_schema(api, subject, v1))["id"] == first
    # Against one chosen version there is no de-duplication: v1 is checked against v2.
    pinned = check(api, subject, v1, version=2)
    assert pinned["is_compatible"] is False and pinned["schemata"]["checked"] == [2]
    assert {f["oldVersion"] for f in pinned["schemata"]["findings"]} == {2}


def test_transitive_decision_checks_every_live_version(api, subject, rname):
    set_level(api, subject, "NONE")
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("a", "string")))
    register(api, subject, record(rname, field("a", "string"), field("b", "int", default=0)))
    set_level(api, subject, "BACKWARD_TRANSITIVE")
    body = check(api, subject, record(rname, field("a", "string"), field("c", "long", default=0)))
    assert body["schemata"]["checked"] == [1, 2, 3]
    assert [(f["rule"], f["oldVersion"]) for f in body["schemata"]["findings"]] == [("TYPE_MISMATCH", 1)]


def test_check_inherits_the_reserved_names_registration_would(api, subject):
    """A check posted without metadata is decided with the latest version's, as registration is: its
    reserved names count (with validateFields), and none is reported as no longer reserved."""
    set_level(api, subject, "BACKWARD")
    ok(api.put(f"/config/{seg(subject)}", json={"validateFields": True}))
    closed = {"type": "object", "properties": {"name": {"type": "string"}}, "additionalProperties": False}
    metadata = {"properties": {"confluent:reserved": "legacy_id"}}
    register(api, subject, json.dumps(closed), schema_type="JSON", metadata=metadata)
    reusing = {**closed, "properties": {"name": {"type": "string"}, "legacy_id": {"type": "string"}}}
    body = check(api, subject, json.dumps(reusing), schemaType="JSON")
    assert [f["rule"] for f in body["schemata"]["findings"]] == ["FIELD_CONFLICTS_WITH_RESERVED_FIELD"]
    refused = err(post_schema(api, subject, json.dumps(reusing), schema_type="JSON"), (409, 40901))
    assert refused["schemata"] == body["schemata"]
    described = {**closed, "description": "v2"}
    assert check(api, subject, json.dumps(described), schemaType="JSON")["is_compatible"] is True


def test_an_invalid_schema_has_no_decision(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    body = check(api, subject, "{not json")
    assert body["is_compatible"] is False and "schemata" not in body
