"""Types from imported files: resolved through the dependencies and compared like local ones."""

from __future__ import annotations

import pytest
from protobuf_testkit import FORMAT, dep, differences, parse

from schemata.compat import Level, check_compatibility
from schemata.compat.schema import Dependency

MONEY_V1 = dep("acme/money.proto", 'syntax = "proto3"; package acme;\n'
                                   "message Money { int64 units = 1; message Currency { string code = 1; } }")
MONEY_V2 = dep("acme/money.proto", 'syntax = "proto3"; package acme;\n'
                                   "message Money { string units = 1; message Currency { string code = 1; } }")
MONEY_V3 = dep("acme/money.proto", 'syntax = "proto3"; package acme;\n'
                                   "message Money { int64 units = 1; message Currency { int32 code = 1; } }")
ORDER = (
    'syntax = "proto3"; package shop; import "acme/money.proto";\n'
    "message Order { acme.Money total = 1; acme.Money.Currency currency = 2; }\n"
)


def test_unchanged_imports_make_no_differences() -> None:
    assert differences(ORDER, ORDER, (MONEY_V1,)) == []


def test_an_incompatible_referenced_message_is_field_named_type_changed() -> None:
    assert differences(ORDER, ORDER, (MONEY_V1,), (MONEY_V2,)) == [
        ("FIELD_SCALAR_KIND_CHANGED", "#/Money/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Order/1", False),
    ]


def test_nested_imported_types_are_compared() -> None:
    # Money changed too (through its nested type), so both fields report it; each difference once.
    assert differences(ORDER, ORDER, (MONEY_V1,), (MONEY_V3,)) == [
        ("FIELD_SCALAR_KIND_CHANGED", "#/Money/Currency/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Order/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Order/2", False),
    ]


def test_compatible_changes_in_imports_keep_the_field_compatible() -> None:
    grown = dep("acme/money.proto", 'syntax = "proto3"; package acme;\n'
                                    "message Money { int64 units = 1; int32 nanos = 2;"
                                    " message Currency { string code = 1; } }")
    assert differences(ORDER, ORDER, (MONEY_V1,), (grown,)) == [("FIELD_ADDED", "#/Money/2", True)]


def test_moving_a_type_between_local_and_imported_compares_it() -> None:
    local = 'syntax = "proto3"; package acme; message Money { int64 units = 1; } message Order { Money total = 1; }'
    imported = dep("acme/money.proto", 'syntax = "proto3"; package acme; message Money { string units = 1; }')
    moved = 'syntax = "proto3"; package acme; import "acme/money.proto"; message Order { Money total = 1; }'
    assert differences(local, moved, (), (imported,)) == [
        ("MESSAGE_REMOVED", "#/Money", False),
        ("MESSAGE_MOVED", "#/Order", True),
        ("FIELD_SCALAR_KIND_CHANGED", "#/Money/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Order/1", False),
    ]


def test_engine_levels_with_references() -> None:
    old = parse(ORDER, (MONEY_V1,))
    new = parse(ORDER, (MONEY_V2,))
    backward = check_compatibility(Level.BACKWARD, new, [old])
    assert [(f.rule, f.path, f.direction) for f in backward] == [
        ("FIELD_SCALAR_KIND_CHANGED", "#/Money/1", "BACKWARD"),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Order/1", "BACKWARD"),
    ]
    assert FORMAT.check(reader=old, writer=old, policy="STRICT") == []


def test_recursive_imported_types_terminate() -> None:
    def tree(leaf_type: str) -> tuple[Dependency, ...]:
        return (dep("tree.proto", 'syntax = "proto3"; package tree;'
                                  " message Node { repeated Node kids = 1; Leaf leaf = 2; Node parent = 3; }"
                                  f" message Leaf {{ {leaf_type} v = 1; Node owner = 2; }}"),)

    text = 'syntax = "proto3"; package app; import "tree.proto"; message Doc { tree.Node root = 1; }'
    assert differences(text, text, tree("int32"), tree("string")) == [
        ("FIELD_SCALAR_KIND_CHANGED", "#/Leaf/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Node/2", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Doc/1", False),
    ]


def test_shared_imported_types_are_compared_once() -> None:
    def chain(last_type: str) -> tuple[Dependency, ...]:
        body = "".join(f"message T{i} {{ T{i + 1} a = 1; T{i + 1} b = 2; }}" for i in range(40))
        return (dep("chain.proto", f'syntax = "proto3"; package c; {body} message T40 {{ {last_type} v = 1; }}'),)

    text = 'syntax = "proto3"; package app; import "chain.proto"; message Top { c.T0 t = 1; }'
    found = differences(text, text, chain("int32"), chain("double"))
    assert found[0] == ("FIELD_SCALAR_KIND_CHANGED", "#/T40/1", False)
    assert found[-1] == ("FIELD_NAMED_TYPE_CHANGED", "#/Top/1", False)
    assert len(found) == 2 + 2 * 40


def _two_levels(units: str) -> tuple[Dependency, ...]:
    """b.proto imports c/money.proto; only c/money.proto changes between versions (b's text stays the same)."""
    money = dep("c/money.proto", f'syntax = "proto3"; package c; message Money {{ {units} units = 1; }}')
    wrapper = dep("b.proto", 'syntax = "proto3"; package b; import "c/money.proto";'
                             " message Wrapper { c.Money amount = 1; }")
    return money, wrapper


ROOT = 'syntax = "proto3"; package root; import "b.proto"; message Root { b.Wrapper w = 1; }'


def test_types_two_imports_down_are_compared() -> None:
    # b.proto is byte-for-byte the same file, but what it imports changed: its types must be compared too.
    assert differences(ROOT, ROOT, _two_levels("int64"), _two_levels("string")) == [
        ("FIELD_SCALAR_KIND_CHANGED", "#/Money/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Wrapper/1", False),
        ("FIELD_NAMED_TYPE_CHANGED", "#/Root/1", False),
    ]
    assert differences(ROOT, ROOT, _two_levels("int64"), _two_levels("int64")) == []


TIMESTAMP = dep("google/protobuf/timestamp.proto", 'syntax = "proto3"; package google.protobuf;\n'
                                                   "message Timestamp { int64 seconds = 1; int32 nanos = 2; }")
EVENT = ('syntax = "proto3"; import "google/protobuf/timestamp.proto";\n'
         "message Event { google.protobuf.Timestamp at = 1; }\n")


@pytest.mark.parametrize("normalize", [False, True])
def test_inlined_form_is_the_canonical_text_whatever_the_references(normalize: bool) -> None:
    """What a lookup without references compares, as Confluent does for Protobuf: the canonical text, so a
    schema importing a built-in file through a reference equals the same text parsed alone, and the
    referenced messages written into the file are another text."""
    by_reference = parse(EVENT, (TIMESTAMP,), normalize=normalize)
    assert by_reference.inlined(normalize=normalize) == parse(EVENT, normalize=normalize).canonical
    written_in = ('syntax = "proto3"; package shop;\n'
                  "message Money { int64 units = 1; }\nmessage Order { Money total = 1; }\n")
    using = parse('syntax = "proto3"; package shop; import "acme/money.proto";\n'
                  "message Order { acme.Money total = 1; }\n", (MONEY_V1,), normalize=normalize)
    assert using.inlined(normalize=normalize) != parse(written_in, normalize=normalize).inlined(normalize=normalize)
