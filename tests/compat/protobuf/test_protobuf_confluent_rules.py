"""Each of Confluent's difference types: an original/update pair, the exact differences and the verdict."""

from __future__ import annotations

import pytest
from protobuf_testkit import dep, differences, findings, parse

from schemata.compat.catalogue import Policy, Protobuf, accepted
from schemata.compat.protobuf import diff
from schemata.compat.protobuf.confluent_rules import CONFLUENT_RULES

#: The difference types Confluent's STRICT policy accepts (compatibility.md, Protobuf).
COMPATIBLE = {
    "MESSAGE_ADDED", "MESSAGE_MOVED", "ENUM_ADDED", "ENUM_REMOVED", "ENUM_CONST_ADDED", "ENUM_CONST_CHANGED",
    "ENUM_CONST_REMOVED", "FIELD_ADDED", "FIELD_REMOVED", "FIELD_NAME_CHANGED", "FIELD_STRING_OR_BYTES_LABEL_CHANGED",
    "ONEOF_ADDED", "ONEOF_REMOVED", "ONEOF_FIELD_ADDED", "ONEOF_FIELD_MOVED_TO_TOP_LEVEL",
}

P3 = 'syntax = "proto3";\npackage shop;\n'
P2 = 'syntax = "proto2";\npackage shop;\n'

# id -> (original, update, expected differences as (type, path, compatible))
CASES: dict[str, tuple[str, str, list[tuple[str, str, bool]]]] = {
    "PACKAGE_CHANGED": (
        P3 + "message A { int32 x = 1; }",
        'syntax = "proto3"; package store; message A { int32 x = 1; }',
        [("PACKAGE_CHANGED", "#/", False)],
    ),
    "MESSAGE_ADDED": (
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { int32 x = 1; } message B {}",
        [("MESSAGE_ADDED", "#/B", True)],
    ),
    "MESSAGE_REMOVED": (
        P3 + "message A { int32 x = 1; } message B {}",
        P3 + "message A { int32 x = 1; }",
        [("MESSAGE_REMOVED", "#/B", False)],
    ),
    "MESSAGE_MOVED": (
        P3 + "message A {} message B {}",
        P3 + "message B {} message A {}",
        [("MESSAGE_MOVED", "#/A", True), ("MESSAGE_MOVED", "#/B", True)],
    ),
    "ENUM_ADDED": (
        P3 + "message A {}",
        P3 + "message A { enum E { E0 = 0; } }",
        [("ENUM_ADDED", "#/A/E", True)],
    ),
    "ENUM_REMOVED": (
        P3 + "enum E { E0 = 0; } message A {}",
        P3 + "message A {}",
        [("ENUM_REMOVED", "#/E", True)],
    ),
    "ENUM_CONST_ADDED": (
        P3 + "enum E { E0 = 0; }",
        P3 + "enum E { E0 = 0; E1 = 1; }",
        [("ENUM_CONST_ADDED", "#/E/1", True)],
    ),
    "ENUM_CONST_CHANGED": (
        P3 + "enum E { E0 = 0; E1 = 1; }",
        P3 + "enum E { E0 = 0; ONE = 1; }",
        [("ENUM_CONST_CHANGED", "#/E/1", True)],
    ),
    "ENUM_CONST_REMOVED": (
        P3 + "message M { enum E { E0 = 0; E1 = 1; } }",
        P3 + "message M { enum E { E0 = 0; } }",
        [("ENUM_CONST_REMOVED", "#/M/E/1", True)],
    ),
    "FIELD_ADDED": (
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { int32 x = 1; string y = 2; }",
        [("FIELD_ADDED", "#/A/2", True)],
    ),
    "FIELD_REMOVED": (
        P3 + "message A { int32 x = 1; string y = 2; }",
        P3 + "message A { int32 x = 1; reserved 2; }",
        [("FIELD_REMOVED", "#/A/2", True)],
    ),
    "FIELD_NAME_CHANGED": (
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { int32 renamed = 1; }",
        [("FIELD_NAME_CHANGED", "#/A/1", True)],
    ),
    "FIELD_KIND_CHANGED": (
        P3 + "message A { int32 x = 1; } message B {}",
        P3 + "message A { B x = 1; } message B {}",
        [("FIELD_KIND_CHANGED", "#/A/1", False)],
    ),
    "FIELD_SCALAR_KIND_CHANGED": (
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { sint32 x = 1; }",
        [("FIELD_SCALAR_KIND_CHANGED", "#/A/1", False)],
    ),
    "FIELD_NAMED_TYPE_CHANGED": (
        P3 + "message A { B b = 1; } message B {} message C {}",
        P3 + "message A { C b = 1; } message B {} message C {}",
        [("FIELD_NAMED_TYPE_CHANGED", "#/A/1", False)],
    ),
    "FIELD_NUMERIC_LABEL_CHANGED": (
        P3 + "message A { int32 x = 1; repeated int64 r = 2; }",
        P3 + "message A { repeated int32 x = 1; optional int64 r = 2; }",
        [("FIELD_NUMERIC_LABEL_CHANGED", "#/A/2", False)],
    ),
    "FIELD_STRING_OR_BYTES_LABEL_CHANGED": (
        P2 + "message A { optional string s = 1; }",
        P2 + "message A { repeated bytes s = 1; }",
        [("FIELD_STRING_OR_BYTES_LABEL_CHANGED", "#/A/1", True)],
    ),
    "REQUIRED_FIELD_ADDED": (
        P2 + "message A { optional int32 x = 1; }",
        P2 + "message A { optional int32 x = 1; required string id = 2; }",
        [("REQUIRED_FIELD_ADDED", "#/A/2", False)],
    ),
    "REQUIRED_FIELD_REMOVED": (
        P2 + "message A { optional int32 x = 1; required string id = 2; }",
        P2 + "message A { optional int32 x = 1; }",
        [("REQUIRED_FIELD_REMOVED", "#/A/2", False)],
    ),
    "ONEOF_ADDED": (
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { int32 x = 1; oneof pick { string a = 2; int32 b = 3; } }",
        [("ONEOF_ADDED", "#/A/pick", True)],  # as Confluent: its members are not each ONEOF_FIELD_ADDED
    ),
    "ONEOF_REMOVED": (
        P3 + "message A { int32 x = 1; oneof pick { string a = 2; int32 b = 3; } }",
        P3 + "message A { int32 x = 1; }",
        [("ONEOF_REMOVED", "#/A/pick", True)],
    ),
    "ONEOF_FIELD_ADDED": (
        P3 + "message A { oneof pick { string a = 1; } }",
        P3 + "message A { oneof pick { string a = 1; int32 b = 2; } }",
        [("ONEOF_FIELD_ADDED", "#/A/pick/2", True)],
    ),
    "ONEOF_FIELD_REMOVED": (
        P3 + "message A { oneof pick { string a = 1; int32 b = 2; } }",
        P3 + "message A { oneof pick { string a = 1; } }",
        [("ONEOF_FIELD_REMOVED", "#/A/pick/2", False)],
    ),
    "ONEOF_FIELD_MOVED_TO_TOP_LEVEL": (
        P3 + "message A { oneof pick { string a = 1; int32 b = 2; } }",
        P3 + "message A { string a = 1; oneof pick { int32 b = 2; } }",
        [("ONEOF_FIELD_MOVED_TO_TOP_LEVEL", "#/A/1", True)],
    ),
    "MULTIPLE_FIELDS_MOVED_TO_ONEOF": (
        P3 + "message A { string a = 1; int32 b = 2; }",
        P3 + "message A { oneof pick { string a = 1; int32 b = 2; } }",
        [("ONEOF_ADDED", "#/A/pick", True), ("MULTIPLE_FIELDS_MOVED_TO_ONEOF", "#/A/pick", False)],
    ),
    "FIELD_MOVED_TO_EXISTING_ONEOF": (
        P3 + "message A { string a = 1; oneof pick { int32 b = 2; } }",
        P3 + "message A { oneof pick { string a = 1; int32 b = 2; } }",
        [("FIELD_MOVED_TO_EXISTING_ONEOF", "#/A/pick", False)],
    ),
}


def test_every_rule_has_a_case_and_the_spec_verdict() -> None:
    assert set(CASES) == set(CONFLUENT_RULES.rules) == {entry.id for entry in Protobuf.entries}
    assert len(CONFLUENT_RULES.rules) == 26
    assert {entry.id for entry in Protobuf.entries if Policy.STRICT in entry.compatible_under} == COMPATIBLE


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_difference_type(rule_id: str) -> None:
    original, update, expected = CASES[rule_id]
    assert differences(original, update) == expected
    incompatible = [(t, p) for t, p, ok in expected if not ok]
    assert findings(original, update) == incompatible


@pytest.mark.parametrize(("old", "new", "verdict"), [
    ("int32", "int64", True), ("int32", "uint64", True), ("int64", "bool", True), ("uint32", "E", True),
    ("sint32", "sint64", True), ("string", "bytes", True), ("fixed32", "sfixed32", True),
    ("fixed64", "sfixed64", True), ("int32", "sint32", False), ("float", "double", False),
    ("fixed32", "fixed64", False), ("string", "int32", False), ("bytes", "sfixed64", False),
    ("E", "sint64", False),
])
def test_scalar_groups(old: str, new: str, verdict: bool) -> None:
    def schema(t: str) -> str:
        return P3 + f"enum E {{ E0 = 0; }} message A {{ {t} v = 1; }}"

    result = findings(schema(old), schema(new))
    assert result == ([] if verdict else [("FIELD_SCALAR_KIND_CHANGED", "#/A/1")])


@pytest.mark.parametrize(("old", "new"), [
    ("int32", "map<string, int32>"), ("map<string, int32>", "B"), ("B", "string"),
])
def test_message_map_and_scalar_are_different_kinds(old: str, new: str) -> None:
    def schema(t: str) -> str:
        return P3 + f"message B {{}} message A {{ {t} v = 1; }}"

    assert findings(schema(old), schema(new)) == [("FIELD_KIND_CHANGED", "#/A/1")]


def test_nested_paths_and_map_values() -> None:
    old = P3 + "message Outer { message Inner { map<string, int32> counts = 3; } }"
    new = P3 + "message Outer { message Inner { map<string, string> counts = 3; } }"
    assert findings(old, new) == [("FIELD_SCALAR_KIND_CHANGED", "#/Outer/Inner/3")]


def test_map_entries_are_never_reported_as_messages() -> None:
    old = P3 + "message A { map<string, int32> m = 1; }"
    new = P3 + "message A { reserved 1; }"
    assert differences(old, new) == [("FIELD_REMOVED", "#/A/1", True)]


def test_removing_a_whole_oneof_with_its_fields_is_compatible() -> None:
    old = P3 + "message A { int32 x = 1; oneof pick { string a = 2; int32 b = 3; } }"
    partly = P3 + "message A { int32 x = 1; oneof other { string a = 2; } }"
    assert findings(old, P3 + "message A { int32 x = 1; }") == []
    # Confluent compares the members of same-named oneofs only: renaming the oneof while dropping a member is a
    # removal of one oneof and the addition of another, both compatible
    assert differences(old, partly) == [("ONEOF_ADDED", "#/A/other", True), ("ONEOF_REMOVED", "#/A/pick", True)]


def test_local_message_changes_are_reported_once_where_they_are() -> None:
    old = P3 + "message A { B b = 1; } message B { int32 x = 1; }"
    new = P3 + "message A { B b = 1; } message B { string x = 1; }"
    assert findings(old, new) == [("FIELD_SCALAR_KIND_CHANGED", "#/B/1")]


def test_recursive_messages_terminate() -> None:
    old = P3 + "message Node { repeated Node children = 1; Node parent = 2; int32 v = 3; }"
    new = P3 + "message Node { repeated Node children = 1; Node parent = 2; int64 v = 3; }"
    assert findings(old, new) == []


def test_findings_name_field_types_and_hint() -> None:
    old = parse(P3 + "message A { int32 qty = 1; }")
    new = parse(P3 + "message A { double qty = 1; }")
    (only,) = [d for d in diff(old, new) if not accepted(d, Policy.STRICT)]
    assert "qty" in only.message and "int32" in only.message and "double" in only.message
    assert only.hint == "Keep the field in its scalar group, or reserve the tag and add a new field."


def test_every_schema_is_compatible_with_itself() -> None:
    text = P2 + (
        "message A { optional int32 x = 1; required string s = 2; repeated A kids = 3; map<int32, A> m = 4;"
        " oneof o { bytes b = 5; } enum E { E0 = 0; } optional E e = 6; }"
    )
    assert differences(text, text) == []


@pytest.mark.parametrize(("original", "update", "expected"), [
    # labels are not compared for message fields
    (P3 + "message A { optional B b = 1; } message B {}", P3 + "message A { repeated B b = 1; } message B {}", []),
    # proto3 `optional` is a label too
    (P3 + "message A { optional bytes b = 1; }", P3 + "message A { repeated bytes b = 1; }",
     [("FIELD_STRING_OR_BYTES_LABEL_CHANGED", "#/A/1", True)]),
    # renaming a map field renames its entry message, which is never reported
    (P3 + "message A { map<string, int32> counts = 1; }", P3 + "message A { map<string, string> names = 1; }",
     [("FIELD_NAME_CHANGED", "#/A/1", True), ("FIELD_SCALAR_KIND_CHANGED", "#/A/1", False)]),
    # a new tag is a removal and an addition
    (P3 + "message A { string s = 1; }", P3 + "message A { string s = 2; }",
     [("FIELD_REMOVED", "#/A/1", True), ("FIELD_ADDED", "#/A/2", True)]),
    # scalar to enum is within the varint group
    (P3 + "message A { uint64 s = 1; }", P3 + "message A { S s = 1; } enum S { S0 = 0; }",
     [("ENUM_ADDED", "#/S", True)]),
    # qualified and unqualified references to the same type are the same type
    (P3 + "message A { map<string, B> m = 1; message B {} }", P3 + "message A { map<string, A.B> m = 1; message B {} }",
     []),
])
def test_confluent_behaviours(original: str, update: str, expected: list[tuple[str, str, bool]]) -> None:
    assert differences(original, update) == expected


def test_imported_type_moved_to_another_package_with_the_same_content_is_no_change() -> None:
    old_dep = dep("home.proto", 'syntax = "proto3"; package acme.v1; message Home { int32 id = 1; }')
    new_dep = dep("home2.proto", 'syntax = "proto3"; package acme.v2; message Home { int32 id = 1; }')
    old = 'syntax = "proto3"; import "home.proto"; message T { acme.v1.Home h = 1; }'
    new = 'syntax = "proto3"; import "home2.proto"; message T { acme.v2.Home h = 1; }'
    assert differences(old, new, (old_dep,), (new_dep,)) == []


ED = 'edition = "2023";\npackage shop;\n'
LEGACY_REQUIRED = "[features.field_presence = LEGACY_REQUIRED]"


@pytest.mark.parametrize(("original", "update", "expected"), [
    (ED + "message A { int32 x = 1; }", ED + f"message A {{ int32 x = 1; string id = 2 {LEGACY_REQUIRED}; }}",
     [("REQUIRED_FIELD_ADDED", "#/A/2", False)]),
    (ED + f"message A {{ int32 x = 1; string id = 2 {LEGACY_REQUIRED}; }}", ED + "message A { int32 x = 1; }",
     [("REQUIRED_FIELD_REMOVED", "#/A/2", False)]),
    # presence that is not required stays an ordinary addition
    (ED + "message A { int32 x = 1; }",
     ED + "message A { int32 x = 1; string s = 2 [features.field_presence = IMPLICIT]; }",
     [("FIELD_ADDED", "#/A/2", True)]),
], ids=["added", "removed", "implicit-added"])
def test_editions_legacy_required_fields_are_required(
    original: str, update: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert differences(original, update) == expected


@pytest.mark.parametrize(("original", "update", "expected"), [
    # a field moving into a new oneof is compared where it was, at the message's level (as Confluent does)
    (P3 + "message A { string a = 2; }", P3 + "message A { oneof q { string b = 2; } }",
     [("ONEOF_ADDED", "#/A/q", True), ("FIELD_NAME_CHANGED", "#/A/2", True)]),
    # a member of a renamed oneof is still compared by tag, also at the message's level
    (P3 + "message A { oneof p { int32 a = 2; } }", P3 + "message A { oneof q { double a = 2; } }",
     [("ONEOF_ADDED", "#/A/q", True), ("ONEOF_REMOVED", "#/A/p", True),
      ("FIELD_SCALAR_KIND_CHANGED", "#/A/2", False)]),
    # a member of a oneof kept under its name is compared under the oneof
    (P3 + "message A { oneof p { int32 a = 2; } }", P3 + "message A { oneof p { double a = 2; } }",
     [("FIELD_SCALAR_KIND_CHANGED", "#/A/p/2", False)]),
    # fields added to a renamed oneof are not ONEOF_FIELD_ADDED, there being no such oneof before
    (P3 + "message A { oneof p { int32 a = 2; } }", P3 + "message A { oneof q { int32 a = 2; string c = 4; } }",
     [("ONEOF_ADDED", "#/A/q", True), ("ONEOF_REMOVED", "#/A/p", True)]),
    # a member dropped from a oneof kept under its name is ONEOF_FIELD_REMOVED, one moved out of it is not
    (P3 + "message A { oneof p { int32 a = 2; int32 b = 3; int32 c = 4; } }",
     P3 + "message A { int32 c = 4; oneof p { int32 a = 2; } }",
     [("ONEOF_FIELD_REMOVED", "#/A/p/3", False), ("ONEOF_FIELD_MOVED_TO_TOP_LEVEL", "#/A/4", True)]),
], ids=["moved-in-renamed", "renamed-oneof-type-changed", "same-oneof", "added-to-renamed", "removed-and-moved-out"])
def test_oneof_members_as_confluent_matches_them(
    original: str, update: str, expected: list[tuple[str, str, bool]]
) -> None:
    assert differences(original, update) == expected
