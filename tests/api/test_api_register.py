"""POST /subjects/{s}/versions: the three-step semantics, canonical form, normalize, and invalid schemas."""

from __future__ import annotations

import base64
import json

import pytest
from google.protobuf import descriptor_pb2

from .helpers import (
    delete_subject,
    delete_version,
    err,
    field,
    get_version,
    ok,
    post_schema,
    record,
    register,
    same_schema,
    seg,
    set_level,
    versions,
)


def test_register_new_subject_answers_id_and_version_one(api, subject, rname):
    schema = record(rname, field("a", "int"))
    body = ok(post_schema(api, subject, schema))
    assert isinstance(body["id"], int) and body["id"] > 0
    # 7.5+ servers add these; when present they must be right
    if "version" in body:
        assert body["version"] == 1
    if "schemaType" in body:
        assert body["schemaType"] == "AVRO"
    if "schema" in body:
        assert same_schema(body["schema"], schema)
    stored = get_version(api, subject, 1)
    assert stored["subject"] == subject and stored["version"] == 1 and stored["id"] == body["id"]
    assert same_schema(stored["schema"], schema)


def test_identical_schema_returns_existing_version_and_writes_nothing(api, subject, rname):
    schema = record(rname, field("a", "int"))
    first = register(api, subject, schema)
    again = ok(post_schema(api, subject, schema))
    assert again["id"] == first
    if "version" in again:
        assert again["version"] == 1
    assert versions(api, subject) == [1]
    assert versions(api, subject, deleted="true") == [1]


def test_same_schema_in_another_subject_reuses_id_with_its_own_version(api, subject, rname):
    schema = record(rname, field("a", "int"))
    other = record(rname + "X", field("b", "int"))
    id_a = register(api, subject + "-a", schema)
    register(api, subject + "-b", other)  # -b gets a version 1 of something else first
    set_level(api, subject + "-b", "NONE")
    id_b = register(api, subject + "-b", schema)
    assert id_b == id_a
    assert get_version(api, subject + "-b", 2)["id"] == id_a
    assert versions(api, subject + "-b") == [1, 2]
    subjects = ok(api.get(f"/schemas/ids/{id_a}/subjects"))
    assert sorted(subjects) == sorted([subject + "-a", subject + "-b"])


def test_soft_deleted_same_schema_reuses_id_and_gets_a_new_version(api, subject, rname):
    set_level(api, subject, "NONE")
    a = record(rname, field("a", "int"))
    b = record(rname, field("b", "string"))
    id_a = register(api, subject, a)
    id_b = register(api, subject, b)
    assert id_b != id_a
    assert delete_version(api, subject, 1) == 1
    again = ok(post_schema(api, subject, a))
    assert again["id"] == id_a
    if "version" in again:
        assert again["version"] == 3
    assert get_version(api, subject, "latest")["version"] == 3
    assert get_version(api, subject, 3)["id"] == id_a
    assert versions(api, subject) == [2, 3]


def test_new_schema_gets_new_id_and_version_after_max_including_deleted(api, subject, rname):
    set_level(api, subject, "NONE")
    id1 = register(api, subject, record(rname, field("a", "int")))
    id2 = register(api, subject, record(rname, field("b", "int")))
    assert delete_version(api, subject, 2) == 2
    id3 = register(api, subject, record(rname, field("c", "int")))
    assert len({id1, id2, id3}) == 3
    assert id3 > id2 > id1
    assert get_version(api, subject, 3)["id"] == id3
    assert versions(api, subject) == [1, 3]
    assert versions(api, subject, deleted="true") == [1, 2, 3]


def test_ids_are_never_reused_after_a_hard_delete(api, subject, rname):
    gone = register(api, subject + "-gone", record(rname, field("a", "int")))
    delete_subject(api, subject + "-gone")
    delete_subject(api, subject + "-gone", permanent=True)
    err(api.get(f"/schemas/ids/{gone}"), 40403)
    fresh = register(api, subject + "-new", record(rname, field("zzz", "int")))
    assert fresh > gone


def test_whitespace_variant_dedupes_and_canonical_form_is_stored(api, subject, rname):
    doc = {"type": "record", "name": rname, "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]}
    compact = json.dumps(doc, separators=(",", ":"))
    pretty = json.dumps(doc, indent=4)
    first = register(api, subject, pretty)
    assert register(api, subject, compact) == first
    assert register(api, subject, "\n  " + json.dumps(doc, indent=1) + "\n\t") == first
    assert versions(api, subject) == [1]
    stored = get_version(api, subject, 1)["schema"]
    assert "\n" not in stored and "    " not in stored, stored  # the canonical form, not the raw text
    assert json.loads(stored) == doc
    found = ok(api.post(f"/subjects/{subject}", json={"schema": compact}))
    assert found["version"] == 1 and found["id"] == first


def test_normalize_dedupes_equivalent_spellings(api, subject, rname):
    plain = json.dumps({"type": "record", "name": rname, "namespace": "com.example",
                        "fields": [{"name": "a", "type": "int"}, {"name": "b", "type": "string"}]})
    variant = json.dumps({"fields": [{"type": {"type": "int"}, "name": "a"}, {"name": "b", "type": {"type": "string"}}],
                          "name": f"com.example.{rname}", "type": "record"})
    first = ok(post_schema(api, subject, plain, params={"normalize": "true"}))
    second = ok(post_schema(api, subject, variant, params={"normalize": "true"}))
    assert second["id"] == first["id"]
    assert versions(api, subject) == [1]
    found = ok(api.post(f"/subjects/{subject}", params={"normalize": "true"}, json={"schema": variant}))
    assert found["version"] == 1 and found["id"] == first["id"]


def test_normalize_from_subject_config(api, subject, rname):
    ok(api.put(f"/config/{subject}", json={"compatibility": "BACKWARD", "normalize": True}))
    assert ok(api.get(f"/config/{subject}")).get("normalize") is True
    plain = json.dumps({"type": "record", "name": rname, "fields": [{"name": "a", "type": "int"}]})
    variant = json.dumps({"fields": [{"type": {"type": "int"}, "name": "a"}], "type": "record", "name": rname})
    first = register(api, subject, plain)
    assert register(api, subject, variant) == first
    assert versions(api, subject) == [1]


def test_invalid_avro_is_42201(api, subject):
    for bad in ('{"type": "record"}', "not json at all {", '{"type": "no_such_type"}',
                '{"type": "record", "name": "R", "fields": [{"name": "a"}]}'):
        body = err(post_schema(api, subject, bad), 42201)
        assert "Invalid schema" in body["message"], body
    err(api.get(f"/subjects/{subject}/versions"), 40401)  # nothing was written


def test_invalid_default_is_rejected(api, subject, rname):
    bad = record(rname, field("a", "int", default="not an int"))
    err(post_schema(api, subject, bad), 42201)
    bad_union = record(rname, field("a", ["null", "string"], default="x"))  # default must match the first branch
    err(post_schema(api, subject, bad_union), 42201)
    good_union = record(rname, field("a", ["null", "string"], default=None))
    register(api, subject, good_union)


def test_empty_and_missing_schema_are_42201(api, subject):
    err(post_schema(api, subject, ""), 42201, "Empty schema")
    err(api.post(f"/subjects/{subject}/versions", json={}), 42201)
    err(api.post(f"/subjects/{subject}/versions", json={"schemaType": "AVRO"}), 42201)


def test_unknown_schema_type_is_42201(api, subject, rname):
    body = err(post_schema(api, subject, record(rname), schema_type="XML"), 42201)
    assert body["message"].startswith("Invalid schema type"), body
    assert "XML" in body["message"], body


def test_id_or_version_outside_import_mode_is_refused(api, subject, rname):
    schema = record(rname, field("a", "int"))
    err(post_schema(api, subject, schema, id=987654321), 42205)
    # Confluent answers a version that is not the next one with 42201 (InvalidSchemaException), not 42205
    err(post_schema(api, subject, schema, version=7), 42201, "Version is not one more than previous version")
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_register_response_for_existing_schema_in_other_subject_has_right_version(api, subject, rname):
    schema = record(rname, field("a", "int"))
    register(api, subject + "-1", schema)
    body = ok(post_schema(api, subject + "-2", schema))
    if "version" in body:
        assert body["version"] == 1
    assert get_version(api, subject + "-2", 1)["id"] == body["id"]


def test_other_schema_types_are_accepted_and_typed(api, subject):
    json_schema = json.dumps({"type": "object", "properties": {"a": {"type": "integer"}}})
    proto = 'syntax = "proto3";\npackage t;\nmessage M { int32 a = 1; }\n'
    for suffix, schema_type, text in (("-json", "JSON", json_schema), ("-proto", "PROTOBUF", proto)):
        schema_id = register(api, subject + suffix, text, schema_type=schema_type)
        assert get_version(api, subject + suffix, 1)["schemaType"] == schema_type
        assert ok(api.get(f"/schemas/ids/{schema_id}"))["schemaType"] == schema_type
        assert register(api, subject + suffix, text, schema_type=schema_type) == schema_id


def test_protobuf_serialized_format_by_id_and_by_version(api, subject):
    """`?format=serialized` answers base64 of the FileDescriptorProto (confluent-kafka's use.latest.version asks)."""
    proto = 'syntax = "proto3";\npackage t;\nmessage M { int32 a = 1; string b = 2; }\n'
    schema_id = register(api, subject, proto, schema_type="PROTOBUF")
    answers = [
        ok(api.get(f"/schemas/ids/{schema_id}", params={"format": "serialized"}))["schema"],
        get_version(api, subject, "latest", format="serialized")["schema"],
        api.get(f"/subjects/{seg(subject)}/versions/1/schema", params={"format": "serialized"}).text,
    ]
    for answer in answers:
        descriptor = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(answer))
        assert (descriptor.package, [f.name for f in descriptor.message_type[0].field]) == ("t", ["a", "b"])
    # registering the serialized form finds the same schema; formats a type does not have change nothing
    assert register(api, subject, answers[0], schema_type="PROTOBUF") == schema_id
    assert get_version(api, subject, 1, format="serialized")["schema"] == answers[0]
    text = get_version(api, subject, 1)["schema"]
    assert "message M" in text
    assert get_version(api, subject, 1, format="nonsense")["schema"] == text


def test_metadata_is_stored_and_returned(api, subject, rname):
    schema = record(rname, field("a", "int"))
    metadata = {"properties": {"owner": "team-a", "email": "a@example.com"}}
    schema_id = register(api, subject, schema, metadata=metadata)
    got = get_version(api, subject, 1)
    assert got["id"] == schema_id
    assert got["metadata"]["properties"] == metadata["properties"]


def test_metadata_and_rule_set_left_out_are_inherited_from_the_latest_version(api, subject, rname):
    """As Confluent: a registration without metadata (or rule set) takes the latest live version's, so
    re-registering the same schema without them answers that version, and a new version keeps them."""
    set_level(api, subject, "NONE")
    metadata = {"properties": {"owner": "team-a"}}
    rules = {"domainRules": [{"name": "r", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"}]}
    v1 = record(rname, field("a", "int"))
    first = register(api, subject, v1, metadata=metadata, ruleSet=rules)
    assert register(api, subject, v1) == first
    assert versions(api, subject) == [1]
    register(api, subject, record(rname, field("b", "int")))
    second = get_version(api, subject, 2)
    assert second["metadata"]["properties"] == metadata["properties"]
    assert second["ruleSet"]["domainRules"][0]["name"] == "r"
    register(api, subject, record(rname, field("c", "int")), metadata={"properties": {"owner": "team-b"}})
    third = get_version(api, subject, 3)
    assert third["metadata"]["properties"] == {"owner": "team-b"} and third["ruleSet"] == second["ruleSet"]


def test_latest_version_with_metadata(api, subject, rname):
    """GET /subjects/{s}/metadata?key=&value=: the newest version whose metadata has every pair."""
    set_level(api, subject, "NONE")
    v1 = register(api, subject, record(rname, field("a", "int")), metadata={"properties": {"major": "1", "t": "x"}})
    v2 = register(api, subject, record(rname, field("b", "int")), metadata={"properties": {"major": "2", "t": "x"}})
    register(api, subject, record(rname, field("c", "int")), metadata={"properties": {"major": "3"}})

    def latest(**params):
        return api.get(f"/subjects/{seg(subject)}/metadata", params=params)

    assert ok(latest(key="major", value="1"))["id"] == v1
    assert ok(latest(key="t", value="x"))["id"] == v2
    assert ok(latest(key=["major", "t"], value=["2", "x"]))["version"] == 2
    err(latest(key="major", value="4"), 40403)
    err(latest(key=["major", "t"], value=["1"]), 422)
    err(api.get(f"/subjects/{seg(subject)}-none/metadata", params={"key": "major", "value": "1"}), 40401)
    delete_version(api, subject, 2)
    assert ok(latest(key="t", value="x"))["id"] == v1
    assert ok(latest(key="t", value="x", deleted="true"))["id"] == v2


def test_invalid_rule_set_is_42210(api, subject, rname):
    schema = record(rname, field("a", "int"))
    nameless = {"domainRules": [{"kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"}]}
    err(post_schema(api, subject, schema, ruleSet=nameless), 42210)
    duplicate = {"domainRules": [
        {"name": "r", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"},
        {"name": "r", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"},
    ]}
    err(post_schema(api, subject, schema, ruleSet=duplicate), 42210)
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_ids_are_consecutive_and_failed_or_duplicate_registrations_burn_none(api, subject, rname):
    """id = max id + 1: identical, incompatible and invalid registrations write nothing, not even an id."""
    first = register(api, subject, record(rname, field("a", "int")))
    assert register(api, subject, record(rname, field("a", "int"))) == first
    err(post_schema(api, subject, record(rname, field("a", "int"), field("b", "string"))), (409, 40901))
    err(post_schema(api, subject, '{"type": "record", "name": "X", "fields": [{"name": "a"}]}'), 42201)
    second = register(api, subject, record(rname, field("a", "int"), field("b", "string", default="")))
    assert second == first + 1
    assert versions(api, subject) == [1, 2]


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "record", "name": "1abc", "fields": []},
        {"type": "record", "name": "R", "fields": [{"name": "a-b", "type": "int"}]},
        {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "long"}]},
        {"type": "enum", "name": "E", "symbols": ["A", "A"]},
        {"type": "enum", "name": "E", "symbols": ["A", "B"], "default": "C"},
        {"type": "fixed", "name": "F"},
        {"type": "array"},
        {"type": "map", "values": "nope"},
        {"type": "record", "name": "R", "fields": [
            {"name": "a", "type": {"type": "fixed", "name": "F", "size": 4}},
            {"name": "b", "type": {"type": "fixed", "name": "F", "size": 8}}]},
        ["int", "int"],
        ["null", ["int", "string"]],
    ],
    ids=["bad-record-name", "bad-field-name", "duplicate-field", "duplicate-symbol", "enum-default-not-symbol",
         "fixed-no-size", "array-no-items", "map-bad-values", "redefined-name", "duplicate-union-branch",
         "nested-union"],
)
def test_invalid_avro_constructs_are_42201(api, subject, bad):
    err(post_schema(api, subject, json.dumps(bad)), 42201)


def test_unicode_in_schema_survives_and_escapes_dedupe(api, subject, rname):
    doc = "héllo 🙂 \u2028 日本"
    literal = json.dumps({"type": "record", "name": rname, "doc": doc, "fields": []}, ensure_ascii=False)
    escaped = json.dumps({"type": "record", "name": rname, "doc": doc, "fields": []}, ensure_ascii=True)
    schema_id = register(api, subject, literal)
    assert register(api, subject, escaped) == schema_id
    assert json.loads(get_version(api, subject, 1)["schema"])["doc"] == doc
    raw = api.get(f"/subjects/{subject}/versions/1/schema")
    assert json.loads(raw.text)["doc"] == doc


def test_schema_type_is_part_of_the_identity(api, subject, rname):
    text = json.dumps({"type": "string", "title": rname})  # valid Avro (extra attribute) and valid JSON Schema
    avro_id = register(api, subject + "-avro", text)
    json_id = register(api, subject + "-json", text, schema_type="JSON")
    assert json_id != avro_id
    err(api.post(f"/subjects/{subject}-avro", json={"schema": text, "schemaType": "JSON"}), 40403)
    found = ok(api.post(f"/subjects/{subject}-json", json={"schema": text, "schemaType": "JSON"}))
    assert found["id"] == json_id
    assert ok(api.get(f"/schemas/ids/{json_id}"))["schemaType"] == "JSON"
    assert ok(api.get(f"/schemas/ids/{avro_id}"))["schemaType"] == "AVRO"


def test_canonical_form_preserves_values_exactly(api, subject, rname):
    doc = "two  spaces,\na newline and a tab\t"
    schema = json.dumps({"type": "record", "name": rname, "doc": doc, "fields": [
        {"name": "big", "type": "long", "default": 9223372036854775807},
        {"name": "neg", "type": "long", "default": -9223372036854775808},
        {"name": "ratio", "type": "double", "default": 0.1},
        {"name": "raw", "type": "bytes", "default": "\u00ff\u0000"},
        {"name": "z", "type": "string", "default": ""},
    ]})
    register(api, subject, schema)
    stored = get_version(api, subject, 1)["schema"]
    assert "9223372036854775807" in stored and "-9223372036854775808" in stored, stored
    parsed = json.loads(stored)
    assert parsed["doc"] == doc
    assert [f["name"] for f in parsed["fields"]] == ["big", "neg", "ratio", "raw", "z"]  # order kept
    defaults = [9223372036854775807, -9223372036854775808, 0.1, "\u00ff\u0000", ""]
    assert [f["default"] for f in parsed["fields"]] == defaults


# ---------------------------------------------------------------- compare-and-set and metadata alone


def test_a_version_in_the_body_is_a_compare_and_set(api, subject, rname):
    v1, v2 = record(rname, field("a", "int")), record(rname, field("a", "int"), field("b", "int", default=0))
    assert ok(post_schema(api, subject, v1, version=1))["version"] == 1
    err(post_schema(api, subject, v2, version=1), 42201, "Version is not one more than previous version")
    err(post_schema(api, subject, v2, version=3), 42201, "Version is not one more than previous version")
    assert ok(post_schema(api, subject, v2, version=2))["version"] == 2
    # the same schema with the next version is a new version (no de-duplication against version 2); a version
    # asked for is written in the metadata as `confluent:version`, as Confluent does, so it is another schema
    again = ok(post_schema(api, subject, v2, version=3))
    assert again["version"] == 3 and again["id"] != get_version(api, subject, 2)["id"]
    assert versions(api, subject) == [1, 2, 3]
    numbered = [get_version(api, subject, n)["metadata"]["properties"]["confluent:version"] for n in (1, 2, 3)]
    assert numbered == ["1", "2", "3"]


def test_a_null_version_is_no_version(api, subject, rname):
    schema = record(rname, field("a", "int"))
    first = ok(post_schema(api, subject, schema, version=None))
    assert ok(post_schema(api, subject, schema, version=None)) == first
    assert versions(api, subject) == [1]


def test_the_next_version_after_a_soft_deleted_one_counts_it(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("a", "int"), field("b", "int", default=0)))
    ok(api.delete(f"/subjects/{subject}/versions/2"))
    later = record(rname, field("a", "int"), field("c", "int", default=0))
    err(post_schema(api, subject, later, version=2), 42201)
    assert ok(post_schema(api, subject, later, version=3))["version"] == 3


def test_metadata_alone_makes_a_new_version_of_the_latest_schema(api, subject, rname):
    schema = record(rname, field("a", "int"))
    first = register(api, subject, schema)
    answer = ok(api.post(f"/subjects/{subject}/versions", json={"metadata": {"properties": {"owner": "team-b"}}}))
    assert answer["version"] == 2 and answer["id"] != first
    got = get_version(api, subject, 2)
    assert same_schema(got["schema"], schema) and got["metadata"] == {"properties": {"owner": "team-b"}}
    # a rule set alone too, keeping the metadata
    rules = {"domainRules": [{"name": "r", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"}]}
    ok(api.post(f"/subjects/{subject}/versions", json={"ruleSet": rules}))
    third = get_version(api, subject, 3)
    assert third["ruleSet"] == rules and third["metadata"] == {"properties": {"owner": "team-b"}}


def test_metadata_alone_without_a_version_to_take_the_schema_from_is_empty(api, subject):
    err(api.post(f"/subjects/{subject}/versions", json={"metadata": {"properties": {"a": "b"}}}), 42201,
        "Empty schema")
    err(api.post(f"/subjects/{subject}/versions", json={}), 42201, "Empty schema")


# ---------------------------------------------------------------- normalization and IMPORT


def _spellings(name: str) -> tuple[str, str]:
    """One JSON schema written two ways: normalizing makes them the same text, storing keeps them apart."""
    plain = json.dumps({"title": name, "type": "object", "properties": {"a": {"type": "integer"}}})
    variant = json.dumps({"properties": {"a": {"type": "integer"}}, "type": "object", "title": name})
    return plain, variant


def test_a_normalizing_lookup_finds_a_version_registered_without_normalizing(api, subject, rname):
    plain, variant = _spellings(rname)
    schema_id = register(api, subject, variant, schema_type="JSON")  # stored as written (not normalized)
    # without normalize too: not found as posted, Confluent 8.1's lookup looks again normalizing
    for params in ({"normalize": "true"}, {}):
        found = ok(api.post(f"/subjects/{subject}", params=params, json={"schema": plain, "schemaType": "JSON"}))
        assert (found["id"], found["version"]) == (schema_id, 1)


def test_import_stores_the_schema_as_given_even_when_normalizing(api, subject, rname):
    plain, variant = _spellings(rname)
    ok(api.put(f"/config/{subject}", json={"normalize": True}))
    ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}))
    ok(post_schema(api, subject, variant, schema_type="JSON", version=1, params={"normalize": "true"}))
    stored = get_version(api, subject, 1)["schema"]
    assert stored == json.dumps(json.loads(variant), separators=(",", ":"))
    assert stored != json.dumps(json.loads(plain), separators=(",", ":"))


def test_reserved_attributes_of_a_primitive_are_dropped_as_avro_does(api, subject):
    """`{"type": "int", "name": "x"}` is the schema "int": the same id, and found by lookup either way."""
    plain = register(api, subject, '"long"')
    dressed = '{"type": "long", "name": "x", "namespace": "a.b", "doc": "d", "aliases": ["y"]}'
    assert register(api, f"{subject}-2", dressed) == plain
    assert get_version(api, f"{subject}-2", 1)["schema"] == '"long"'
    assert ok(api.post(f"/subjects/{subject}", json={"schema": dressed}))["id"] == plain
    # a custom property is kept: another schema
    assert register(api, f"{subject}-3", '{"type": "long", "owner": "a"}') != plain
