"""Compatibility endpoints and compatibility enforcement at registration."""

from __future__ import annotations

import json

import pytest

from .helpers import (
    delete_subject,
    delete_version,
    err,
    field,
    ok,
    post_schema,
    record,
    register,
    set_level,
    versions,
)


def check(api, subject, schema, version=None, verbose=False, schema_type=None):
    path = f"/compatibility/subjects/{subject}/versions" + (f"/{version}" if version is not None else "")
    body = {"schema": schema}
    if schema_type:
        body["schemaType"] = schema_type
    return api.post(path, json=body, params={"verbose": "true"} if verbose else None)


def is_compatible(api, subject, schema, version=None) -> bool:
    body = ok(check(api, subject, schema, version))
    assert set(body) == {"is_compatible"}, body  # no messages without verbose
    return body["is_compatible"]


def chain(rname):
    """v1 {a:int}, v2 {}, v3 {a:string=""}: v3 is compatible with v2 in every direction but not with v1."""
    v1 = record(rname, field("a", "int"))
    v2 = record(rname)
    v3 = record(rname, field("a", "string", default=""))
    v4 = record(rname, field("c", "int"))  # vs v2: forward only
    return v1, v2, v3, v4


# level -> (v3 vs all versions, v4 vs all versions)
EXPECTED = {
    "NONE": (True, True),
    "BACKWARD": (True, False),
    "BACKWARD_TRANSITIVE": (False, False),
    "FORWARD": (True, True),
    "FORWARD_TRANSITIVE": (False, False),
    "FULL": (True, False),
    "FULL_TRANSITIVE": (False, False),
}


@pytest.mark.parametrize("level", list(EXPECTED))
def test_levels_transitive_and_not(api, subject, rname, level):
    v1, v2, v3, v4 = chain(rname)
    set_level(api, subject, "NONE")
    register(api, subject, v1)
    register(api, subject, v2)
    set_level(api, subject, level)
    want_v3, want_v4 = EXPECTED[level]
    assert is_compatible(api, subject, v3) is want_v3
    assert is_compatible(api, subject, v4) is want_v4
    # the per-version endpoint checks one version with the level's direction
    if level != "NONE":
        assert is_compatible(api, subject, v3, version=1) is False
    assert is_compatible(api, subject, v3, version=2) is True
    assert is_compatible(api, subject, v3, version="latest") is True
    # registration runs the same check as the all-versions endpoint
    resp = post_schema(api, subject, v3)
    if want_v3:
        ok(resp)
        assert versions(api, subject) == [1, 2, 3]
    else:
        err(resp, (409, 40901))
        assert versions(api, subject) == [1, 2]


def test_global_level_applies_when_subject_has_none(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    removal = record(rname)  # backward compatible, forward incompatible (a has no default)
    assert is_compatible(api, subject, removal) is True
    set_level(api, None, "FORWARD")
    assert is_compatible(api, subject, removal) is False
    err(post_schema(api, subject, removal), (409, 40901))
    set_level(api, subject, "BACKWARD")  # the subject's level wins over the global one
    ok(post_schema(api, subject, removal))


def test_subject_level_overrides_global(api, subject, rname):
    set_level(api, None, "NONE")
    set_level(api, subject, "BACKWARD")
    register(api, subject, record(rname, field("a", "int")))
    err(post_schema(api, subject, record(rname, field("a", "int"), field("b", "string"))), (409, 40901))


def test_incompatible_registration_is_409_with_details(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    resp = post_schema(api, subject, record(rname, field("a", "int"), field("b", "string")))
    body = err(resp, (409, 40901))
    assert resp.status_code == 409
    prefix = f'Schema being registered is incompatible with an earlier schema for subject "{subject}", details: '
    assert body["message"].startswith(prefix), body
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in body["message"], body
    assert versions(api, subject) == [1]


def test_verbose_messages(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    bad = record(rname, field("a", "int"), field("b", "string"))
    quiet = ok(check(api, subject, bad, "latest"))
    assert quiet == {"is_compatible": False}
    loud = ok(check(api, subject, bad, "latest", verbose=True))
    assert loud["is_compatible"] is False
    messages = loud["messages"]
    assert isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages)
    text = " ".join(messages)
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in text
    assert "'b'" in text or '"b"' in text or "/b" in text or " b " in text, text
    assert "oldSchemaVersion" in text and "BACKWARD" in text, text
    all_loud = ok(check(api, subject, bad, verbose=True))
    assert all_loud["is_compatible"] is False and all_loud["messages"]
    good = ok(check(api, subject, record(rname, field("a", "int"), field("b", "string", default="")), verbose=True))
    assert good["is_compatible"] is True
    assert not good.get("messages")


def test_unknown_or_empty_subject(api, subject, rname):
    schema = record(rname, field("a", "int"))
    assert is_compatible(api, subject, schema, "latest") is True
    assert is_compatible(api, subject, schema) is True
    err(check(api, subject, schema, 1), 40402)
    register(api, subject, schema)
    err(check(api, subject, schema, 5), 40402, "Version 5 not found.")
    delete_subject(api, subject)  # no live versions left: like an empty subject
    assert is_compatible(api, subject, record(rname, field("x", "string")), "latest") is True
    assert is_compatible(api, subject, record(rname, field("x", "string"))) is True


def test_invalid_schema_verbose_and_not(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    broken = '{"type": "record", "name": '
    for version in ("latest", None):
        err(check(api, subject, broken, version), 42201)
        body = ok(check(api, subject, broken, version, verbose=True))
        assert body["is_compatible"] is False
        assert body["messages"] and all(isinstance(m, str) for m in body["messages"]), body


def test_different_schema_type_is_incompatible(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    json_schema = json.dumps({"type": "object", "properties": {"a": {"type": "integer"}}})
    assert ok(check(api, subject, json_schema, "latest", schema_type="JSON")) == {"is_compatible": False}
    body = ok(check(api, subject, json_schema, "latest", verbose=True, schema_type="JSON"))
    assert body["is_compatible"] is False
    assert "different schema type" in " ".join(body["messages"]).lower(), body
    err(post_schema(api, subject, json_schema, schema_type="JSON"), (409, 40901))
    set_level(api, subject, "NONE")
    ok(post_schema(api, subject, json_schema, schema_type="JSON"))


def test_soft_deleted_versions_are_not_checked(api, subject, rname):
    v1, v2, v3, _ = chain(rname)
    set_level(api, subject, "NONE")
    register(api, subject, v1)
    register(api, subject, v2)
    set_level(api, subject, "FULL_TRANSITIVE")
    assert is_compatible(api, subject, v3) is False
    delete_version(api, subject, 1)
    assert is_compatible(api, subject, v3) is True
    err(check(api, subject, v3, 1), 40402)  # a soft-deleted version is not there to check against
    ok(post_schema(api, subject, v3))
    assert versions(api, subject) == [2, 3]


def test_none_accepts_anything_avro(api, subject, rname):
    set_level(api, subject, "NONE")
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname + "Other", field("a", "string")))
    assert versions(api, subject) == [1, 2]


@pytest.mark.parametrize(
    ("old", "new", "compatible"),
    [
        ("int", "long", True),
        ("long", "int", False),
        ("float", "double", True),
        ("string", "bytes", True),
        ("int", ["null", "int"], True),
        (["null", "int"], "int", False),
    ],
    ids=["int->long", "long->int", "float->double", "string->bytes", "widen-union", "narrow-union"],
)
def test_backward_avro_promotions(api, subject, rname, old, new, compatible):
    register(api, subject, record(rname, field("a", old)))
    assert is_compatible(api, subject, record(rname, field("a", new))) is compatible


def test_verbose_transitive_messages_name_the_failing_version_and_level(api, subject, rname):
    v1, v2, v3, _ = chain(rname)
    set_level(api, subject, "NONE")
    register(api, subject, v1)
    register(api, subject, v2)
    set_level(api, subject, "BACKWARD_TRANSITIVE")
    body = ok(check(api, subject, v3, verbose=True))
    assert body["is_compatible"] is False
    messages = body["messages"]
    assert "{oldSchemaVersion: 1}" in messages, messages
    assert "{oldSchemaVersion: 2}" not in messages, messages  # v3 is fine against v2
    assert any("compatibility: 'BACKWARD_TRANSITIVE'" in m for m in messages), messages
    assert any("TYPE_MISMATCH" in m for m in messages), messages
    resp = post_schema(api, subject, v3)
    body = err(resp, (409, 40901))
    assert "TYPE_MISMATCH" in body["message"] and "oldSchemaVersion: 1" in body["message"], body


def test_non_transitive_level_checks_the_latest_live_version(api, subject, rname):
    set_level(api, subject, "NONE")
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("a", "string")))
    delete_version(api, subject, 2)
    set_level(api, subject, "BACKWARD")
    candidate = record(rname, field("a", "int"), field("b", "long", default=0))
    assert is_compatible(api, subject, candidate, "latest") is True  # against v1, not the soft-deleted v2
    assert is_compatible(api, subject, candidate) is True
    ok(post_schema(api, subject, candidate))
    assert versions(api, subject) == [1, 3]


def test_normalize_is_accepted_on_both_compatibility_endpoints(api, subject, rname):
    """normalize=true checks the normalized form: the same verdicts, for a schema written another way too."""
    register(api, subject, record(rname, field("a", "int")))
    respelled = json.dumps({"fields": [{"type": {"type": "int"}, "name": "a"}], "name": rname, "type": "record"})
    breaking = record(rname, field("a", "string"))
    for path in (f"/compatibility/subjects/{subject}/versions", f"/compatibility/subjects/{subject}/versions/1"):
        for schema, expected in ((respelled, True), (breaking, False)):
            body = ok(api.post(path, json={"schema": schema}, params={"normalize": "true"}))
            assert body == {"is_compatible": expected}, (path, schema)
