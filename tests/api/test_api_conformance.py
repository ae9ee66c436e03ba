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


def _refs(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"name": name, "subject": subject, "version": 1} for name, subject in pairs]


@pytest.fixture
def referencing(api, subject, rname):
    """Two referenced subjects (`…-b`, `…-c`) and the record using both, with its references and its
    fully inlined form."""
    b, c = f"{subject}-b", f"{subject}-c"
    rb, rc = {"type": "record", "name": f"{rname}B", "fields": [{"name": "x", "type": "int"}]}, \
        {"type": "record", "name": f"{rname}C", "fields": [{"name": "y", "type": "string"}]}
    ok(post_schema(api, b, _json(rb)))
    ok(post_schema(api, c, _json(rc)))
    fields = [{"name": "c", "type": rc["name"]}, {"name": "b", "type": rb["name"]}, {"name": "b2", "type": rb["name"]}]
    using = _json({"type": "record", "name": rname, "fields": fields})
    inlined_fields = [{"name": "c", "type": rc}, {"name": "b", "type": rb}, {"name": "b2", "type": rb["name"]}]
    inlined = _json({"type": "record", "name": rname, "fields": inlined_fields})
    return using, _refs((rc["name"], c), (rb["name"], b)), inlined, (b, c)


def test_normalize_sorts_references_by_subject_then_version(api, subject, referencing):
    using, refs, _, (b, c) = referencing
    registered = ok(post_schema(api, subject, using, references=refs, params={"normalize": "true"}))
    stored = ok(api.get(f"/subjects/{subject}/versions/1"))
    assert [r["subject"] for r in stored["references"]] == [b, c]
    again = ok(post_schema(api, subject, using, references=list(reversed(refs)), params={"normalize": "true"}))
    assert again["id"] == registered["id"] and ok(api.get(f"/subjects/{subject}/versions")) == [1]


def test_normalized_lookup_finds_references_in_another_order(api, subject, referencing):
    using, refs, _, _ = referencing
    registered = ok(post_schema(api, subject, using, references=refs))
    body = {"schema": using, "references": list(reversed(refs))}
    for normalize in ("true", "false"):  # not found as posted, a lookup looks again normalizing (Confluent 8.1)
        found = ok(api.post(f"/subjects/{subject}", json=body, params={"normalize": normalize}))
        assert (found["id"], found["version"]) == (registered["id"], 1)


@pytest.mark.parametrize("normalize", ["false", "true"])
def test_lookup_finds_a_version_whose_references_the_schema_inlines(api, subject, referencing, normalize):
    using, refs, inlined, _ = referencing
    registered = ok(post_schema(api, subject, using, references=refs, params={"normalize": normalize}))
    found = ok(api.post(f"/subjects/{subject}", json={"schema": inlined}, params={"normalize": normalize}))
    assert (found["id"], found["version"]) == (registered["id"], 1)
    other = inlined.replace('"int"', '"long"')
    err(api.post(f"/subjects/{subject}", json={"schema": other}, params={"normalize": normalize}), 40403)


@pytest.mark.parametrize("normalize", ["false", "true"])
def test_registering_a_schema_that_inlines_a_versions_references_answers_that_version(
    api, subject, referencing, normalize
):
    """Confluent's register answers the live version a schema without references stands for ("a schema sent
    with all references resolved", as a producer's generated classes send it) instead of adding one, as it is
    stored (its references): its register looks the schema up first, as POST /subjects/{subject} does; so
    also when that schema is registered as itself in the context already."""
    using, refs, inlined, _ = referencing
    registered = ok(post_schema(api, subject, using, references=refs, params={"normalize": normalize}))
    again = ok(post_schema(api, subject, inlined, params={"normalize": normalize}))
    assert (again["id"], again["version"]) == (registered["id"], 1)
    assert len(again["references"]) == 2 and ok(api.get(f"/subjects/{subject}/versions")) == [1]

    elsewhere = ok(post_schema(api, f"{subject}-as-itself", inlined, params={"normalize": normalize}))
    first = ok(post_schema(api, f"{subject}-2", using, references=refs, params={"normalize": normalize}))
    second = ok(post_schema(api, f"{subject}-2", inlined, params={"normalize": normalize}))
    assert (second["id"], second["version"]) == (first["id"], 1) and first["id"] != elsewhere["id"]
    assert ok(api.get(f"/subjects/{subject}-2/versions")) == [1]


def test_normalize_sorts_the_keys_of_custom_property_objects(api, subject, rname):
    def schema(prop: dict[str, Any]) -> str:
        return _json({"type": "record", "name": rname, "fields": [], "x-owner": prop})

    first = ok(post_schema(api, subject, schema({"team": "a", "contact": {"mail": "m", "chat": "c"}}),
                           params={"normalize": "true"}))
    text = ok(api.get(f"/schemas/ids/{first['id']}"))["schema"]
    assert '"x-owner":{"contact":{"chat":"c","mail":"m"},"team":"a"}' in text
    second = ok(post_schema(api, subject, schema({"contact": {"chat": "c", "mail": "m"}, "team": "a"}),
                            params={"normalize": "true"}))
    assert second["id"] == first["id"]


def test_re_registering_a_soft_deleted_version_replaces_it(api, subject, rname):
    set_level(api, subject, "NONE")
    first = _avro(rname, ("a", "string"))
    old_id = ok(post_schema(api, subject, first))["id"]
    ok(post_schema(api, subject, _avro(rname, ("a", "string"), ("b", "string"))))
    ok(api.delete(f"/subjects/{subject}/versions/1"))
    again = ok(post_schema(api, subject, first))
    assert again["id"] == old_id
    assert ok(api.get(f"/subjects/{subject}/versions", params={"deleted": "true"})) == [2, 3]
    assert ok(api.get(f"/subjects/{subject}/versions/3"))["id"] == old_id
    err(api.get(f"/subjects/{subject}/versions/1", params={"deleted": "true"}), 40402)
    assert ok(api.get(f"/schemas/ids/{old_id}/versions", params={"deleted": "true"})) == [
        {"subject": subject, "version": 3}]


def test_a_soft_deleted_version_another_schema_refers_to_is_kept(api, subject, rname):
    first = _avro(rname, ("a", "string"))
    old_id = ok(post_schema(api, subject, first))["id"]
    referrer = f"{subject}-user"
    using = _json({"type": "record", "name": f"{rname}U", "fields": [{"name": "r", "type": rname}]})
    ok(post_schema(api, referrer, using, references=_refs((rname, subject))))
    ok(api.delete(f"/subjects/{referrer}/versions/1"))
    ok(api.delete(f"/subjects/{subject}/versions/1"))
    assert ok(post_schema(api, subject, first))["id"] == old_id
    assert ok(api.get(f"/subjects/{subject}/versions", params={"deleted": "true"})) == [1, 2]


def test_an_import_keeps_a_soft_deleted_version_of_the_same_schema(api, subject, rname):
    first = _avro(rname, ("a", "string"))
    schema_id = ok(post_schema(api, subject, first))["id"]
    ok(api.delete(f"/subjects/{subject}/versions/1"))
    ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}, params={"force": "true"}))
    ok(post_schema(api, subject, first, id=schema_id, version=2))
    ok(api.delete(f"/mode/{subject}"))
    assert ok(api.get(f"/subjects/{subject}/versions", params={"deleted": "true"})) == [1, 2]


def _lookup(api, subject: str, schema: str, schema_type: str, normalize: str) -> Any:
    return api.post(f"/subjects/{subject}", json={"schema": schema, "schemaType": schema_type},
                    params={"normalize": normalize})


@pytest.mark.parametrize("normalize", ["false", "true"])
def test_json_lookup_without_references_compares_the_text_as_confluent_does(api, subject, normalize):
    """Confluent compares JSON Schemas by canonical text, references left aside: the text of a version that
    does not use its reference is found; its reference's definition inlined (in place, or under `$defs`) is
    another text, not found (40403); a `$ref` to the reference's name needs the reference (42201)."""
    dep = {"type": "object", "properties": {"v": {"type": "integer"}}}
    ok(post_schema(api, f"{subject}-dep", _json(dep), schema_type="JSON"))
    refs = _refs(("dep.json", f"{subject}-dep"))
    unused = _json({"type": "object", "properties": {"d": {"type": "string"}}})
    registered = ok(post_schema(api, f"{subject}-unused", unused, schema_type="JSON", references=refs,
                                params={"normalize": normalize}))
    found = ok(_lookup(api, f"{subject}-unused", unused, "JSON", normalize))
    assert (found["id"], found["version"], found["references"]) == (registered["id"], 1, refs)
    again = ok(post_schema(api, f"{subject}-unused", unused, schema_type="JSON", params={"normalize": normalize}))
    assert (again["id"], again["version"]) == (registered["id"], 1)  # registering it finds it too

    using = _json({"type": "object", "properties": {"d": {"$ref": "dep.json"}}})
    ok(post_schema(api, f"{subject}-using", using, schema_type="JSON", references=refs,
                   params={"normalize": normalize}))
    in_place = _json({"type": "object", "properties": {"d": dep}})
    under_defs = _json({"type": "object", "$defs": {"dep": dep}, "properties": {"d": {"$ref": "#/$defs/dep"}}})
    for inlined in (in_place, under_defs):
        err(_lookup(api, f"{subject}-using", inlined, "JSON", normalize), 40403)
    err(_lookup(api, f"{subject}-using", using, "JSON", normalize), 42201)


_TIMESTAMP = ('syntax = "proto3";\npackage google.protobuf;\n\n'
              "message Timestamp {\n  int64 seconds = 1;\n  int32 nanos = 2;\n}\n")


@pytest.mark.parametrize("normalize", ["false", "true"])
def test_protobuf_lookup_without_references_compares_the_text_as_confluent_does(api, subject, normalize):
    """Confluent compares Protobuf schemas by canonical text, references left aside: a version importing a
    built-in file through a reference (as clients that register the well-known types do) is found by the same
    text without the reference; the referenced messages written into the file are another text (40403)."""
    wkt = f"{subject}/google/protobuf/timestamp.proto"
    ok(post_schema(api, wkt, _TIMESTAMP, schema_type="PROTOBUF"))
    text = ('syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\n\n'
            "message Event {\n  google.protobuf.Timestamp at = 1;\n}\n")
    refs = _refs(("google/protobuf/timestamp.proto", wkt))
    registered = ok(post_schema(api, subject, text, schema_type="PROTOBUF", references=refs,
                                params={"normalize": normalize}))
    found = ok(_lookup(api, subject, text, "PROTOBUF", normalize))
    assert (found["id"], found["version"], found["references"]) == (registered["id"], 1, refs)
    again = ok(post_schema(api, subject, text, schema_type="PROTOBUF", params={"normalize": normalize}))
    assert (again["id"], again["version"]) == (registered["id"], 1)  # registering it finds it too

    ok(post_schema(api, f"{subject}-dep", 'syntax = "proto3";\npackage dep;\n\nmessage D {\n  int32 v = 1;\n}\n',
                   schema_type="PROTOBUF"))
    using = 'syntax = "proto3";\nimport "dep.proto";\n\nmessage H {\n  dep.D d = 1;\n}\n'
    ok(post_schema(api, f"{subject}-using", using, schema_type="PROTOBUF",
                   references=_refs(("dep.proto", f"{subject}-dep")), params={"normalize": normalize}))
    written_in = 'syntax = "proto3";\n\nmessage D {\n  int32 v = 1;\n}\n\nmessage H {\n  D d = 1;\n}\n'
    err(_lookup(api, f"{subject}-using", written_in, "PROTOBUF", normalize), 40403)


def test_lookup_near_a_reference_chain_too_deep_to_write_resolved_is_not_found(api, subject, rname):
    """Records nested 30 deep in each of 20 subjects, each taking the previous one by reference: resolved, the
    types nest ~620 deep, past what any schema may (MAX_JSON_DEPTH); a lookup without references compares
    nothing with it (40403), where writing it resolved used to end in a RecursionError (500)."""
    previous, refs = "int", []
    for link in range(20):
        name = f"{rname}L{link}"
        node: Any = previous
        for depth in range(30):
            node = {"type": "record", "name": f"{name}N{depth}", "fields": [{"name": "f", "type": node}]}
        ok(post_schema(api, f"{subject}-{link}", _json({"type": "record", "name": name,
                                                         "fields": [{"name": "f", "type": node}]}), references=refs))
        previous, refs = name, _refs((name, f"{subject}-{link}"))
    top = _json({"type": "record", "name": rname, "fields": [{"name": "f", "type": previous}]})
    ok(post_schema(api, subject, top, references=refs))
    err(api.post(f"/subjects/{subject}", json={"schema": _avro(rname, ("f", "int"))}), 40403)
