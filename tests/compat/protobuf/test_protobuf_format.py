"""ProtobufFormat through the engine: policies, directions, and properties that hold for every schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from protobuf_testkit import dep, parse

from schemata.compat import (
    Direction,
    Level,
    OldVersion,
    SchemaParseError,
    check_compatibility,
    check_pair,
    resolve_policy,
)

SCHEMAS = [
    (Path(__file__).parent / "rich.proto").read_text(),
    'edition = "2023"; package e; message A { int32 x = 1; map<string, A> m = 2;'
    " A d = 3 [features.message_encoding = DELIMITED]; enum E { E0 = 0; } }",
    'syntax = "proto3"; package w; import "google/type/money.proto"; import "google/protobuf/any.proto";'
    " message Pay { google.type.Money amount = 1; repeated google.protobuf.Any extra = 2;"
    " oneof via { string card = 3; string iban = 4; } optional int64 cents = 5; }",
]

OLD = 'syntax = "proto2"; package p; message A { optional int32 x = 1; }'
NEW = 'syntax = "proto2"; package p; message A { optional int32 x = 1; required string id = 2; }'


@pytest.mark.parametrize("text", SCHEMAS)
@pytest.mark.parametrize("policy", ["STRICT", "WIRE", "WIRE_JSON"])
def test_a_schema_is_compatible_with_itself_at_every_level(text: str, policy: str) -> None:
    schema = parse(text)
    for level in Level:
        assert check_compatibility(level, schema, [schema, schema], policy=policy) == []


def test_policy_names_resolve() -> None:
    assert resolve_policy("PROTOBUF", None) == "STRICT"
    assert resolve_policy("PROTOBUF", "wire_json") == "WIRE_JSON"
    assert resolve_policy("PROTOBUF", "LENIENT") == "STRICT"


def test_forward_swaps_reader_and_writer() -> None:
    old, new = parse(OLD), parse(NEW)
    backward = check_pair(Direction.BACKWARD, new, old)
    forward = check_pair(Direction.FORWARD, new, old)
    assert [(f.rule, f.path) for f in backward] == [("REQUIRED_FIELD_ADDED", "#/A/2")]
    assert [(f.rule, f.path) for f in forward] == [("REQUIRED_FIELD_REMOVED", "#/A/2")]


def test_full_is_backward_and_forward() -> None:
    old, new = parse(OLD), parse(NEW)
    full = check_compatibility(Level.FULL, new, [old])
    assert [(f.rule, f.direction) for f in full] == [
        ("REQUIRED_FIELD_ADDED", "BACKWARD"), ("REQUIRED_FIELD_REMOVED", "FORWARD"),
    ]


def test_transitive_levels_check_every_previous_version() -> None:
    v1 = parse('syntax = "proto3"; message A { int32 x = 1; }')
    v2 = parse('syntax = "proto3"; message A { int64 x = 1; }')
    v3 = parse('syntax = "proto3"; message A { int64 x = 1; string s = 2; }')
    assert check_compatibility(Level.BACKWARD_TRANSITIVE, v3, [v1, v2]) == []
    wire_json = check_compatibility(Level.BACKWARD_TRANSITIVE, v3, [v1, v2], policy="WIRE_JSON")
    assert [(f.rule, f.against) for f in wire_json] == [("FIELD_WIRE_JSON_COMPATIBLE_TYPE", OldVersion.numbered(1))]


def test_wire_is_stricter_than_strict_about_deleting_fields() -> None:
    old = parse('syntax = "proto3"; message A { int32 x = 1; string s = 2; }')
    new = parse('syntax = "proto3"; message A { int32 x = 1; }')
    assert check_pair(Direction.BACKWARD, new, old) == []
    (finding,) = check_pair(Direction.BACKWARD, new, old, policy="WIRE")
    assert (finding.rule, finding.path, finding.message, finding.hint) == (
        "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/A/2",
        "Field 2 's' on message 'A' was deleted without reserving the number 2.",
        "Reserve the number (and the name) of what you delete so it is never reused.",
    )


def test_protoc_warnings_do_not_escape_as_warnings() -> None:
    # protoc only warns about this JSON-name clash in proto2 (the tests turn warnings into errors), but the
    # Python descriptor pool refuses it, so the schema is rejected with a clear reason instead.
    with pytest.raises(SchemaParseError, match="duplicate json_name"):
        parse('syntax = "proto2"; message A { optional int32 foo_bar = 1; optional int32 fooBar = 2; }')


def test_references_in_both_schemas() -> None:
    shared = dep("types.proto", 'syntax = "proto3"; package t; message Id { string v = 1; }')
    text = 'syntax = "proto3"; package p; import "types.proto"; message A { t.Id id = 1; }'
    old, new = parse(text, (shared,)), parse(text, (shared,))
    assert old is new
    assert check_compatibility(Level.FULL_TRANSITIVE, new, [old]) == []
