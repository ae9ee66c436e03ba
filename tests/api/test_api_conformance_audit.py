"""Issue 18 acceptance audit: the behaviours whose HTTP tests were missing or too weak elsewhere, on both back
ends: the `normalize` config applied to lookups, the `__GLOBAL` context's mode beneath every other, and
`/schemas/ids/{id}?subject=` naming that subject's own version."""

from __future__ import annotations

import json
import uuid

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg

PLAIN = {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}}


def _json(schema: object) -> str:
    return json.dumps(schema, separators=(",", ":"))


def _lookup(api, subject: str, schema: str):
    return api.post(f"/subjects/{seg(subject)}", json={"schema": schema, "schemaType": "JSON"})


def test_the_normalize_config_applies_to_lookups(api, subject):
    """A lookup without `?normalize` normalizes when the subject's config (else the global one) says so, as
    Confluent's lookup canonicalizes with the config in scope; and since Confluent 8.1 one that does not
    normalize, finding nothing, looks again normalizing: a version stored as written is found whatever the
    config says."""
    variant = _json({"properties": {"b": {"type": "string"}, "a": {"type": "integer"}}, "type": "object"})
    schema_id = register(api, subject, variant, schema_type="JSON")  # stored as written
    assert ok(_lookup(api, subject, _json(PLAIN)))["id"] == schema_id
    for config in ({"normalize": True}, {"compatibility": "NONE"}, {"normalize": False}):
        ok(api.put(f"/config/{seg(subject)}", json=config))
        found = ok(_lookup(api, subject, _json(PLAIN)))
        assert (found["id"], found["version"]) == (schema_id, 1)
    ok(api.delete(f"/config/{seg(subject)}"))
    ok(api.put("/config", json={"normalize": True}))  # restored by the `api` fixture
    assert ok(_lookup(api, subject, _json(PLAIN)))["id"] == schema_id


def test_the_global_context_mode_lies_beneath_every_other(api, subject, rname):
    """`/mode/:.__GLOBAL:` applies to subjects of every context when nothing nearer sets a mode; the global
    mode, once set, comes first."""
    schema = record(rname, field("a", "int"))
    ok(api.delete("/mode"))  # the fixture leaves the global mode set to READWRITE; nothing above __GLOBAL
    try:
        ok(api.put("/mode/:.__GLOBAL:", json={"mode": "READONLY"}))
        assert ok(api.get("/mode")) == {"mode": "READONLY"}
        assert ok(api.get(f"/mode/{seg(subject)}", params={"defaultToGlobal": "true"})) == {"mode": "READONLY"}
        err(post_schema(api, subject, schema), 42205)
        err(post_schema(api, f":.audit:{subject}", schema), 42205)
        err(api.get(f"/subjects/{seg(subject)}/versions"), 40401)  # nothing written
        ok(api.put("/mode", json={"mode": "READWRITE"}))
        assert register(api, subject, schema) > 0
    finally:
        api.delete("/mode/:.__GLOBAL:")
    err(api.get("/mode/:.__GLOBAL:"), 40409)


def test_an_id_asked_for_with_a_subject_answers_that_subjects_version(api, subject, rname):
    """The same id in two subjects at different versions: `?subject=` answers each subject's own version."""
    first, shared = f"{subject}-a", f"{subject}-b"
    ok(api.put(f"/config/{seg(shared)}", json={"compatibility": "NONE"}))
    register(api, shared, record(rname + "X", field("x", "int")))
    schema_id = register(api, shared, record(rname, field("a", "int")))
    assert register(api, first, record(rname, field("a", "int"))) == schema_id
    for name, version in ((first, 1), (shared, 2)):
        answer = ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": name}))
        assert (answer["subject"], answer["version"]) == (name, version)
        assert get_version(api, name, version)["id"] == schema_id


BAD_METADATA = [
    ({"tags": "PII"}, "'metadata.tags' must map paths to lists of tag names"),
    ({"tags": {"R.a": "PII"}}, "'metadata.tags' must map paths to lists of tag names"),
    ({"sensitive": 5}, "'metadata.sensitive' must be a list of names"),
    ({"sensitive": "owner"}, "'metadata.sensitive' must be a list of names"),
]


@pytest.mark.parametrize(("metadata", "message"), BAD_METADATA)
def test_metadata_parts_of_the_wrong_type_are_refused_and_nothing_is_written(api, subject, metadata, message):
    """Confluent's `Metadata` types its parts (tags: path to set of names; sensitive: set of names): another
    type is a clear 422, never a 500 when merged with a config's default metadata, nor stored as given."""
    ok(api.put(f"/config/{seg(subject)}-merged", json={"defaultMetadata": {"properties": {"owner": "a"}}}))
    for name in (subject, f"{subject}-merged"):
        err(post_schema(api, name, '"int"', metadata=metadata), 422, message)
        err(api.get(f"/subjects/{seg(name)}/versions"), 40401)
    err(api.put(f"/config/{seg(subject)}", json={"defaultMetadata": metadata}), 422, message)
    err(api.get(f"/config/{seg(subject)}"), 40408)


def test_metadata_tags_and_sensitive_names_are_merged_with_the_configs(api, subject):
    ok(api.put(f"/config/{seg(subject)}", json={
        "defaultMetadata": {"tags": {"R.a": ["PII"]}, "sensitive": ["a"]},
        "overrideMetadata": {"tags": {"R.b": ["PRIVATE"]}},
    }))
    register(api, subject, '"int"', metadata={"tags": {"R.a": ["PUBLIC"]}, "sensitive": ["b"]})
    assert get_version(api, subject, 1)["metadata"] == {
        "tags": {"R.a": ["PUBLIC"], "R.b": ["PRIVATE"]}, "sensitive": ["a", "b"]}


@pytest.mark.parametrize(("body", "kind"), [
    ("null", "null"), ("[]", "an array"), ('"x"', "a string"), ("5", "a number"), ("1.5", "a number"),
    ("true", "a boolean"),
])
def test_a_body_that_is_not_an_object_is_named_in_json_terms(api, subject, body, kind):
    for method, path in (("POST", f"/subjects/{seg(subject)}/versions"), ("PUT", f"/config/{seg(subject)}")):
        resp = api.request(method, path, content=body, headers={"Content-Type": "application/json"})
        err(resp, 422, f"The request body must be a JSON object, not {kind}")
    err(api.get(f"/config/{seg(subject)}"), 40408)


def test_an_alias_in_a_context_names_a_subject_of_that_context(api, subject, rname):
    """Confluent's AliasFilter qualifies an alias with the aliased subject as parent: `target` set on
    `:.ctx:alias` is `:.ctx:target`; one qualified with a context (`:.:target` the default one) is that one."""
    ctx = f".al{uuid.uuid4().hex[:8]}"
    inside = register(api, f":{ctx}:{subject}-target", record(rname, field("a", "int")))
    outside = register(api, f"{subject}-target", record(rname + "O", field("o", "string")))
    alias = f":{ctx}:{subject}-alias"
    ok(api.put(f"/config/{seg(alias)}", json={"alias": f"{subject}-target"}))
    got = get_version(api, alias, "latest")
    assert (got["subject"], got["id"]) == (f":{ctx}:{subject}-target", inside)
    assert ok(api.get(f"/contexts/{ctx}/subjects/{seg(subject)}-alias/versions")) == [1]
    ok(api.put(f"/config/{seg(alias)}", json={"alias": f":.:{subject}-target"}))
    assert get_version(api, alias, "latest")["id"] == outside
    ok(api.put(f"/config/{seg(alias)}", json={"alias": f":{ctx}x:{subject}-target"}))
    err(api.get(f"/subjects/{seg(alias)}/versions"), 40401)
