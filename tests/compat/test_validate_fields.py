"""What validateFields checks in the engine: the reserved-field rules (the top-level fields of each format, as
Confluent's `hasTopLevelField` sees them, and the two findings) and each format's strict problems (Confluent's
`validate(strict)`)."""

from __future__ import annotations

import json

from schemata.compat import parse_schema
from schemata.compat.reserved import reserved_field_findings

PROTO = """
syntax = "proto3";
package p;
message First {
  string id = 1;
  optional string note = 2;
  map<string, int32> counts = 3;
  oneof choice { string left = 4; string right = 5; }
  message Inner { string deep = 1; }
  Inner inner = 6;
}
message Second { int64 total = 1; }
enum Colour { RED = 0; }
"""


def test_avro_top_level_fields_are_the_root_records() -> None:
    nested = {"type": "record", "name": "In", "fields": [{"name": "deep", "type": "int"}]}
    root = {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "in", "type": nested}]}
    assert parse_schema("AVRO", json.dumps(root)).top_level_fields() == {"a", "in"}
    assert parse_schema("AVRO", '{"type": "enum", "name": "E", "symbols": ["a"]}').top_level_fields() == set()
    assert parse_schema("AVRO", json.dumps(["null", root])).top_level_fields() == set()


def test_protobuf_top_level_fields_are_those_of_each_top_level_message_outside_oneofs() -> None:
    fields = parse_schema("PROTOBUF", PROTO).top_level_fields()
    assert fields == {"id", "note", "counts", "inner", "total"}


def test_json_top_level_fields_are_the_roots_properties() -> None:
    document = {"type": "object", "properties": {"a": {"type": "object", "properties": {"deep": {}}}, "b": {}}}
    assert parse_schema("JSON", json.dumps(document)).top_level_fields() == {"a", "b"}
    assert parse_schema("JSON", '{"type": "string"}').top_level_fields() == set()
    assert parse_schema("JSON", "true").top_level_fields() == set()


def test_reserving_names_keeps_the_schema_and_leaves_the_original_alone() -> None:
    schema = parse_schema("PROTOBUF", PROTO)
    reserving = schema.with_reserved(frozenset({"id"}))
    assert reserving.reserved == {"id"} and schema.reserved == set()
    assert reserving == schema and reserving.stored_text == schema.stored_text


def test_a_field_taking_a_reserved_name_and_a_name_no_longer_reserved() -> None:
    old = parse_schema("AVRO", '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}')
    latest = old.with_reserved(frozenset({"gone", "kept"}))
    new = old.with_reserved(frozenset({"kept", "a"}))
    found = reserved_field_findings(new, latest)
    assert [(f.rule, f.path) for f in found] == [("RESERVED_FIELD_REMOVED", "gone"),
                                                 ("FIELD_CONFLICTS_WITH_RESERVED_FIELD", "a")]
    assert "'gone'" in found[0].message and "'a'" in found[1].message and found[0].hint
    assert reserved_field_findings(old.with_reserved(frozenset({"x"})), None) == []
    assert reserved_field_findings(old, old) == []


def test_each_format_reports_a_reserved_top_level_field_and_only_that() -> None:
    schemas = {
        "AVRO": '{"type": "record", "name": "R", "fields": [{"name": "legacy", "type": "int"}]}',
        "PROTOBUF": 'syntax = "proto3"; message M { string legacy = 1; message N { string nested = 1; } }',
        "JSON": '{"type": "object", "properties": {"legacy": {"type": "object", "properties": {"nested": {}}}}}',
    }
    for schema_type, text in schemas.items():
        schema = parse_schema(schema_type, text)
        found = reserved_field_findings(schema.with_reserved(frozenset({"legacy", "nested"})), None)
        assert [(f.rule, f.path) for f in found] == [("FIELD_CONFLICTS_WITH_RESERVED_FIELD", "legacy")], schema_type


def test_strict_problems_are_protobufs_unresolved_names_and_jsons_dollar_dollar_root_properties() -> None:
    unresolved = parse_schema("PROTOBUF", 'syntax = "proto3";\nmessage M { string a = 1 [(some_ref) = "x"]; }\n')
    assert unresolved.strict_problems() == (
        "the schema names what it neither declares nor imports: option (some_ref)",
    )
    assert parse_schema("PROTOBUF", PROTO).strict_problems() == ()
    dollars = {"type": "object", "properties": {"$$b": {}, "ok": {"properties": {"$$nested": {}}}, "$$a": {}}}
    assert parse_schema("JSON", json.dumps(dollars)).strict_problems() == (
        "field names may not start with $$: '$$a' at #/properties/$$a",
        "field names may not start with $$: '$$b' at #/properties/$$b",
    )
    untyped = {"properties": {"$$a": {}}}
    assert len(parse_schema("JSON", json.dumps(untyped)).strict_problems()) == 1
    assert parse_schema("JSON", json.dumps({"type": "array", "properties": {"$$a": {}}})).strict_problems() == ()
    avro = '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}'
    assert parse_schema("AVRO", avro).strict_problems() == ()
