"""Canonical text: stable across formatting, re-parses to the same descriptor; normalize; serialized render."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from google.protobuf import descriptor_pb2, timestamp_pb2
from protobuf_testkit import dep, parse

from schemata.compat import SchemaParseError
from schemata.compat.protobuf.names import SymbolTable
from schemata.compat.protobuf.options import OptionReader
from schemata.compat.protobuf.printer import print_file

RICH = (Path(__file__).parent / "rich.proto").read_text()

COMPACT = 'syntax="proto3";package p;message A{int32 x=1;repeated string tags=2;B b=3;message B{bool on=1;}}'
SPREAD = """
// a comment that does not survive
syntax = "proto3";

package p;

message A {
  int32 x = 1;            /* trailing */
  repeated string tags = 2;
  B b = 3;

  message B {
    bool on = 1;
  }
}
"""


def test_reformatted_sources_have_the_same_canonical_text() -> None:
    compact, spread = parse(COMPACT), parse(SPREAD)
    assert compact.canonical == spread.canonical
    assert compact == spread and hash(compact) == hash(spread)
    assert "comment" not in spread.canonical
    assert spread.canonical == (
        'syntax = "proto3";\n\npackage p;\n\nmessage A {\n  int32 x = 1;\n  repeated string tags = 2;\n'
        "  B b = 3;\n  message B {\n    bool on = 1;\n  }\n}\n"
    )


def test_canonical_text_compiles_to_the_same_descriptor() -> None:
    rich = parse(RICH)
    again = parse(rich.canonical)
    assert again.file_descriptor_proto == rich.file_descriptor_proto
    assert again.canonical == rich.canonical


def test_canonical_keeps_options_reserved_extensions_and_services() -> None:
    text = parse(RICH).canonical
    for expected in (
        'option java_package = "x.y";',
        "reserved 20 to 30;",
        'reserved "old";',
        "extensions 1000 to max;",
        "optional group G = 5 {",
        "map<string, M> mm = 4;",
        '[default = "q\\"\\n"]',
        "rpc Do2(stream M) returns (M) {",
        "extend google.protobuf.FieldOptions {",
    ):
        assert expected in text


def test_type_references_are_short_but_never_ambiguous() -> None:
    schema = parse(
        'syntax = "proto3"; package a.b;\n'
        "message Money { int64 units = 1; }\n"
        "message Order {\n"
        "  message Money { string currency = 1; }\n"
        "  .a.b.Money outer = 1;\n"
        "  Money inner = 2;\n"
        "}\n"
    )
    assert "  b.Money outer = 1;" in schema.canonical
    assert "  Money inner = 2;" in schema.canonical
    assert parse(schema.canonical).file_descriptor_proto == schema.file_descriptor_proto


def test_normalize_ignores_the_order_of_imports_options_and_fields() -> None:
    first = (
        'syntax = "proto3"; package n; import "google/protobuf/timestamp.proto"; import "google/type/date.proto";'
        ' option java_package = "j"; option go_package = "g";'
        " message A { int32 a = 1; google.protobuf.Timestamp t = 2; google.type.Date d = 3; }"
        " enum E { E0 = 0; E2 = 2; E1 = 1; }"
    )
    second = (
        'syntax = "proto3"; package n; import "google/type/date.proto"; import "google/protobuf/timestamp.proto";'
        ' option go_package = "g"; option java_package = "j";'
        " message A { google.type.Date d = 3; int32 a = 1; google.protobuf.Timestamp t = 2; }"
        " enum E { E0 = 0; E1 = 1; E2 = 2; }"
    )
    assert parse(first) != parse(second)
    normalized = parse(first, normalize=True)
    assert normalized == parse(second, normalize=True)
    assert "  .google.protobuf.Timestamp t = 2;" in normalized.canonical
    assert parse(normalized.canonical, normalize=True).canonical == normalized.canonical


def test_serialized_render_round_trips() -> None:
    schema = parse(RICH)
    rendered = schema.render("serialized")
    assert rendered is not None
    decoded = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(rendered))
    assert decoded == schema.file_descriptor_proto
    assert print_file(decoded, SymbolTable(schema.files), OptionReader(schema.pool)) == schema.canonical
    assert schema.render("unknown-format") is None


ROUND_TRIP = [
    RICH,
    'edition = "2023"; package e; option features.field_presence = IMPLICIT;\n'
    "message A { int32 x = 1 [features.field_presence = EXPLICIT]; A d = 2 [features.message_encoding = DELIMITED];"
    " repeated int32 r = 3 [features.repeated_field_encoding = EXPANDED]; reserved y, z;"
    " enum E { option features.enum_type = CLOSED; E0 = 0; E1 = 1; } }",
    'syntax = "proto3"; package o; import "google/protobuf/descriptor.proto";\n'
    "extend google.protobuf.OneofOptions { int32 weight = 51000; }\n"
    "extend google.protobuf.EnumValueOptions { string label = 51001; }\n"
    "extend google.protobuf.ServiceOptions { bool internal = 51002; }\n"
    "message A { optional string maybe = 1; oneof pick { option (weight) = 3; bytes b = 2; double d = 3; } }\n"
    'enum Color { COLOR_UNSPECIFIED = 0; RED = 1 [(label) = "r\\u00e9d"]; }\n'
    "service S { option (internal) = true; rpc Call(stream A) returns (stream A) { option deprecated = true; } }",
    'syntax = "proto2"; package x.y.z; message Outer { optional Outer.Inner i = 1; message Inner {'
    " optional x.y.z.Outer o = 1; optional .x.y.z.Outer.Inner self = 2; }"
    " extensions 10 to 20 [verification = UNVERIFIED]; }",
]


def test_canonical_round_trips_for_many_shapes() -> None:
    for text in ROUND_TRIP:
        for normalize in (False, True):
            schema = parse(text, normalize=normalize)
            again = parse(schema.canonical, normalize=normalize)
            assert again.canonical == schema.canonical
            if not normalize:
                assert again.file_descriptor_proto == schema.file_descriptor_proto


def test_a_base64_file_descriptor_is_accepted_like_confluent_does() -> None:
    money = dep("acme/money.proto", 'syntax = "proto3"; package acme; message Money { int64 units = 1; }')
    text = 'syntax = "proto3"; package p; import "acme/money.proto"; message A { acme.Money m = 1; }'
    schema = parse(text, (money,))
    rendered = schema.render("serialized")
    assert rendered is not None
    assert parse(rendered, (money,)) == schema


def test_descriptors_of_generated_classes_are_accepted() -> None:
    # confluent-kafka's ProtobufSerializer registers base64 of the generated file's serialized descriptor.
    text = base64.b64encode(timestamp_pb2.DESCRIPTOR.serialized_pb).decode()
    schema = parse(text)
    assert schema.record_name() == "google.protobuf.Timestamp"
    assert "int64 seconds = 1;" in schema.canonical


def test_invalid_base64_descriptors_are_parse_errors() -> None:
    with pytest.raises(SchemaParseError, match="Invalid serialized FileDescriptorProto"):
        parse("AAAA")


def test_json_names_are_printed_only_when_they_differ_from_the_default() -> None:
    text = parse('syntax = "proto3"; message A { int32 foo_bar = 1 [json_name = "fooBar"];'
                 ' int32 b = 2 [json_name = "other"]; }').canonical
    assert "int32 foo_bar = 1;" in text
    assert 'int32 b = 2 [json_name = "other"];' in text
