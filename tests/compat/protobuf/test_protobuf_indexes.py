"""Message indexes: the wire-format encoding and the mapping between names and index paths."""

from __future__ import annotations

import pytest
from google.protobuf import message_factory
from protobuf_testkit import parse

from schemata.compat.protobuf import decode_message_indexes, encode_message_indexes

SCHEMA = parse(
    'syntax = "proto3"; package w;\n'
    "message First { int32 a = 1; }\n"
    "enum NotCounted { N = 0; }\n"
    "message Second {\n"
    "  map<string, int32> counts = 1;\n"
    "  message A {}\n"
    "  enum E { E0 = 0; }\n"
    "  message B { message Deep { string s = 1; } }\n"
    "  message C {}\n"
    "}\n"
)


@pytest.mark.parametrize(("indexes", "encoded"), [
    ([0], b"\x00"),
    ([1], b"\x02\x02"),
    ([0, 2], b"\x04\x00\x04"),
    ([1, 1, 0], b"\x06\x02\x02\x00"),
    ([70], b"\x02\x8c\x01"),
])
def test_wire_format_examples(indexes: list[int], encoded: bytes) -> None:
    assert encode_message_indexes(indexes) == encoded
    assert decode_message_indexes(b"\x99" + encoded + b"rest", 1) == (indexes, 1 + len(encoded))


def test_decode_errors() -> None:
    with pytest.raises(ValueError, match="Truncated"):
        decode_message_indexes(b"\x04\x00", 0)
    with pytest.raises(ValueError, match="Invalid message index count"):
        decode_message_indexes(b"\x01", 0)


@pytest.mark.parametrize(("name", "indexes"), [
    ("w.First", [0]),
    ("w.Second", [1]),
    ("w.Second.A", [1, 0]),
    ("w.Second.B.Deep", [1, 1, 0]),
    ("w.Second.C", [1, 2]),
])
def test_indexes_skip_enums_and_map_entries(name: str, indexes: list[int]) -> None:
    assert SCHEMA.message_indexes(name) == indexes
    assert SCHEMA.message_name_at(indexes) == name


def test_unknown_names_and_indexes() -> None:
    with pytest.raises(KeyError):
        SCHEMA.message_indexes("w.Missing")
    with pytest.raises(KeyError):
        SCHEMA.message_indexes("other.First")
    with pytest.raises(KeyError):
        SCHEMA.message_name_at([5])


def test_message_descriptor_builds_working_messages() -> None:
    descriptor = SCHEMA.message_descriptor("w.Second.B.Deep")
    assert SCHEMA.message_descriptor("w.Second.B.Deep") is descriptor
    deep = message_factory.GetMessageClass(descriptor)(s="hello")
    assert type(deep).FromString(deep.SerializeToString()).s == "hello"
    assert SCHEMA.record_name() == "w.First"
