"""Parsing: proto2, proto3 and editions, imports (built in and through dependencies), errors, limits, threads."""

from __future__ import annotations

import base64
import tempfile
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from google.protobuf import timestamp_pb2
from protobuf_testkit import FORMAT, dep, parse

from schemata.compat import SchemaParseError, get_format, parse_schema
from schemata.compat.protobuf import ProtobufFormat, ProtobufSchema
from schemata.compat.protobuf.compiler import compile_proto


def test_registered_for_schema_type_protobuf() -> None:
    fmt = get_format("PROTOBUF")
    assert isinstance(fmt, ProtobufFormat)
    assert fmt.policies == ("STRICT", "WIRE", "WIRE_JSON")
    assert isinstance(parse_schema("PROTOBUF", 'syntax = "proto3"; message A {}'), ProtobufSchema)


def test_proto2_features() -> None:
    schema = parse(
        'syntax = "proto2"; package p;\n'
        "message A {\n"
        "  required int32 id = 1;\n"
        "  optional string name = 2 [default = \"x\"];\n"
        "  repeated group Item = 3 { optional int32 n = 1; }\n"
        "  extensions 100 to max;\n"
        "}\n"
        "extend A { optional int32 extra = 100; }\n"
    )
    message = schema.message_descriptor("p.A")
    assert [f.name for f in message.fields] == ["id", "name", "item"]
    assert schema.pool.FindExtensionByName("p.extra").number == 100


def test_proto3_features() -> None:
    schema = parse(
        'syntax = "proto3"; package p;\n'
        "import \"google/protobuf/descriptor.proto\";\n"
        "extend google.protobuf.MessageOptions { string tag = 50000; }\n"
        "message A {\n"
        "  option (tag) = \"t\";\n"
        "  optional int32 maybe = 1;\n"
        "  map<string, A> children = 2;\n"
        "  oneof choice { string s = 3; int64 n = 4; }\n"
        "  message Inner { enum Kind { KIND_UNSPECIFIED = 0; } Kind kind = 1; }\n"
        "  reserved 10 to 20; reserved \"gone\";\n"
        "}\n"
        "service S { rpc Get(A) returns (stream A.Inner); }\n"
    )
    assert schema.record_name() == "p.A"
    assert "option (p.tag) = \"t\";" in schema.canonical
    assert "map<string, A> children = 2;" in schema.canonical
    assert "rpc Get(A) returns (stream A.Inner);" in schema.canonical


def test_editions() -> None:
    schema = parse(
        'edition = "2023"; package e;\n'
        "message A {\n"
        "  int32 required_one = 1 [features.field_presence = LEGACY_REQUIRED];\n"
        "  A child = 2 [features.message_encoding = DELIMITED];\n"
        "  reserved old_name;\n"
        "}\n"
    )
    assert schema.canonical.startswith('edition = "2023";')
    assert "reserved old_name;" in schema.canonical
    assert schema.model.messages[0].fields[1].cardinality == "required"
    assert schema.model.messages[0].fields[2].kind == "group"
    latest = parse('edition = "2024"; package e; message B { int32 x = 1; }')
    assert latest.canonical.startswith('edition = "2024";')


def test_well_known_imports_are_built_in() -> None:
    schema = parse(
        'syntax = "proto3"; package p;\n'
        'import "google/protobuf/timestamp.proto";\n'
        'import "google/type/money.proto";\n'
        "message Order { google.protobuf.Timestamp at = 1; google.type.Money total = 2; }\n"
    )
    assert [f.name for f in schema.files] == [
        "google/protobuf/timestamp.proto", "google/type/money.proto", "schemata_root.proto",
    ]
    total = schema.message_descriptor("p.Order").fields_by_name["total"]
    assert total.message_type.full_name == "google.type.Money"


def test_other_google_imports_are_not_built_in() -> None:
    # left out of the descriptors, as an import of any file that is not given (compat/protobuf/lenient.py)
    schema = parse('syntax = "proto3";\nimport "google/api/annotations.proto";\n')
    assert [f.name for f in schema.files] == ["schemata_root.proto"]
    assert schema.unresolved == ('import "google/api/annotations.proto" (neither a reference nor a built-in file)',)


def test_imports_resolve_through_dependencies_in_depth_first_order() -> None:
    base = dep("acme/base.proto", 'syntax = "proto3"; package acme; message Id { string value = 1; }')
    user = dep("acme/user.proto", 'syntax = "proto3"; package acme; import "acme/base.proto";'
                                  " message User { Id id = 1; }")
    schema = parse(
        'syntax = "proto3"; package app; import "acme/user.proto";\nmessage Event { acme.User who = 1; }',
        (base, user),
    )
    who = schema.message_descriptor("app.Event").fields_by_name["who"]
    assert who.message_type.fields_by_name["id"].message_type.full_name == "acme.Id"
    assert schema.message_descriptor("acme.Id").file.name == "acme/base.proto"


@pytest.mark.parametrize(("text", "location", "reason"), [
    ('syntax = "proto3";\nmessage A {\n  int32 x = 1;\n  int32 y = 1;\n}\n', "4:13",
     'Field number 1 has already been used in "A" by field "x".'),
    ('syntax = "proto3";\nmessage A {\n  Missing m = 1;\n}\n', "3:3", '"Missing" is not defined.'),
    ('syntax = "proto3";\nmessage {\n}\n', "2:9", "Expected message name."),
    ('syntax = "proto4";\n', "1:10", 'Unrecognized syntax identifier "proto4".'),
])
def test_parse_errors_carry_protoc_message_and_line_column(text: str, location: str, reason: str) -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse(text)
    assert raised.value.location == location
    assert raised.value.reason.startswith(reason)
    assert tempfile.gettempdir() not in raised.value.reason


def test_errors_in_a_dependency_name_it() -> None:
    broken = dep("lib/broken.proto", 'syntax = "proto3";\nmessage B { int32 x = 1 }\n')
    with pytest.raises(SchemaParseError) as raised:
        parse('syntax = "proto3"; import "lib/broken.proto";', (broken,))
    assert raised.value.reason.startswith("lib/broken.proto: ")
    assert raised.value.location == "2:25"


def test_absolute_or_escaping_reference_names_are_rejected() -> None:
    for name in ("/etc/evil.proto", "../evil.proto"):
        with pytest.raises(SchemaParseError):
            parse('syntax = "proto3";', (dep(name, 'syntax = "proto3";'),))


@pytest.mark.parametrize("name", [
    "", ".", "..", "a/", "a//b.proto", "./a.proto", "a/./b.proto", "a/../b.proto", "a\0b.proto", "a\nb.proto",
    "a\ud800.proto", "/abs.proto", "x" * 300 + ".proto", "d/" + "é" * 128 + "/f.proto", "schemata_root.proto",
], ids=["empty", "dot", "dotdot", "trailing-slash", "empty-part", "leading-dot", "inner-dot", "inner-dotdot", "nul",
        "newline", "surrogate", "absolute", "long-name", "long-part-in-bytes", "reserved"])
def test_reference_names_that_cannot_be_import_paths_are_rejected(name: str) -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse('syntax = "proto3"; message A {}', (dep(name, 'syntax = "proto3"; message B {}'),))
    assert raised.value.reason.startswith(f"Invalid reference name {repr(name)[:40]}")


def test_reference_names_the_file_system_refuses_are_parse_errors() -> None:
    clash = (dep("a", 'syntax = "proto3";'), dep("a/b.proto", 'syntax = "proto3";'))
    too_long = (dep("/".join(["p" * 250] * 20) + "/x.proto", 'syntax = "proto3";'),)  # each part fits, not the path
    for deps in (clash, too_long):
        with pytest.raises(SchemaParseError, match=r"^Invalid reference name .*: it cannot be a file"):
            parse('syntax = "proto3"; message A {}', deps)


def test_plain_reference_names_are_accepted() -> None:
    for name in ("money", "a.b/c-d_e v1.proto", "it's \"quoted\".proto", "ünï/cödé.proto", "x" * 255):
        escaped = name.replace('"', '\\"')
        text = f'syntax = "proto3"; import "{escaped}"; message A {{ m.M m = 1; }}'
        assert parse(text, (dep(name, 'syntax = "proto3"; package m; message M {}'),)).record_name() == "A"


TIMESTAMP_USER = (
    'syntax = "proto3"; import "google/protobuf/timestamp.proto"; message A { google.protobuf.Timestamp t = 1; }'
)


def test_a_reference_cannot_redefine_a_built_in_file() -> None:
    fake = dep("google/protobuf/timestamp.proto",
               'syntax = "proto3"; package google.protobuf; message Timestamp { string when = 1; }')
    with pytest.raises(SchemaParseError) as raised:
        parse(TIMESTAMP_USER, (fake,))
    assert raised.value.reason.startswith("Reference name 'google/protobuf/timestamp.proto' names a file the registry")
    fake_date = dep("google/type/date.proto", 'syntax = "proto3"; package google.type; message Date {}')
    with pytest.raises(SchemaParseError, match="built in"):
        parse('syntax = "proto3"; import "google/type/date.proto"; message D { google.type.Date d = 1; }',
              (fake_date,))


def test_a_reference_may_repeat_a_built_in_file() -> None:
    # what confluent-kafka registers with skip.known.types=false: the well-known file as its runtime has it
    runtime_copy = parse(base64.b64encode(timestamp_pb2.DESCRIPTOR.serialized_pb).decode()).canonical
    assert parse(TIMESTAMP_USER, (dep("google/protobuf/timestamp.proto", runtime_copy),)).record_name() == "A"
    # a name under google/protobuf/ that is not a built-in file is an ordinary one
    own = dep("google/protobuf/mine.proto", 'syntax = "proto3"; package mine; message M {}')
    assert parse('syntax = "proto3"; import "google/protobuf/mine.proto"; message B { mine.M m = 1; }',
                 (own,)).record_name() == "B"


def test_a_schema_without_syntax_is_proto2_and_protoc_logs_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    unique = uuid.uuid4().hex[:8]
    schema = parse(f"package p{unique}; message M {{ optional int32 x = 1; }}")
    plain = dep(f"plain{unique}.proto", f"package q{unique}; message P {{}}")
    parse(f'syntax = "proto3"; import "plain{unique}.proto"; message Q {{ q{unique}.P p = 1; }}', (plain,))
    parse(f"// nothing but a comment {unique}")
    assert capfd.readouterr().err == ""
    assert schema.canonical.startswith('syntax = "proto2";')
    assert schema.model.messages[0].fields[1].label == "optional"


@pytest.mark.parametrize(("text", "location"), [
    ("message {}", "1:9"),
    ("\ufeffmessage {}", "1:12"),  # protoc counts the byte order mark's three bytes
    ("/* a */ message A { int32 x = 1; }", "1:21"),
    ("// a\nmessage {}", "2:9"),
])
def test_errors_in_a_schema_without_syntax_keep_their_columns(text: str, location: str) -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse(text)
    assert raised.value.location == location


def test_a_syntax_after_comments_is_seen() -> None:
    schema = parse('\ufeff// header\n/* more\n */ syntax = "proto3"; message S { int32 x = 1; }')
    assert schema.model.messages[0].fields[1].label is None  # proto3: no label
    assert parse('edition = "2023"; message E { int32 x = 1; }').canonical.startswith('edition = "2023";')


def test_temporary_files_are_cleaned_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    compile_proto('syntax = "proto3"; import "google/type/date.proto"; message CleanUp { google.type.Date d = 1; }')
    with pytest.raises(SchemaParseError):
        compile_proto('syntax = "proto3"; message CleanUp { int32 broken = ; }')
    assert list(tmp_path.iterdir()) == []
    # the built-in google/type files were linked into the temp dir, never removed
    assert parse('syntax = "proto3"; import "google/type/date.proto"; message Again { google.type.Date d = 1; }')


def test_parses_concurrently_from_threads() -> None:
    texts = [f'syntax = "proto3"; package t{i}; message M{i} {{ int32 f{i} = {i + 1}; }}' for i in range(64)]
    with ThreadPoolExecutor(8) as pool:
        schemas = list(pool.map(FORMAT.parse, texts))
    for i, schema in enumerate(schemas):
        assert schema.record_name() == f"t{i}.M{i}"
        assert schema.message_descriptor(f"t{i}.M{i}").fields[0].number == i + 1


def test_parsing_is_cached() -> None:
    text = 'syntax = "proto3"; message Cached { string s = 1; }'
    assert parse(text).file_descriptor_proto is parse(text).file_descriptor_proto


def test_deep_nesting_up_to_protoc_limit_and_beyond() -> None:
    def nested(depth: int) -> str:
        opening = "".join(f"message M{i} {{ int32 f{i} = 1; " for i in range(depth))
        return 'syntax = "proto3";' + opening + "}" * depth

    schema = parse(nested(31))
    assert schema.message_indexes(".".join(f"M{i}" for i in range(31))) == [0] * 31
    with pytest.raises(SchemaParseError, match="maximum recursion limit"):
        parse(nested(40))


def test_huge_inputs_do_not_crash() -> None:
    fields = "".join(f"int32 f{i} = {i + 1};" for i in range(3000))
    messages = "".join(f"message M{i} {{ string s = 1; }}" for i in range(1000))
    schema = parse(f'syntax = "proto3"; message Big {{ {fields} }} {messages}')
    assert len(schema.message_descriptor("Big").fields) == 3000
    assert schema.message_name_at([1000]) == "M999"
    with pytest.raises(SchemaParseError):
        parse('syntax = "proto3"; message Huge { ' + "".join(f"int32 f{i} = {i + 1};" for i in range(20000)) + "}")


def test_a_dependency_listed_twice_must_be_the_same_file() -> None:
    shared = dep("shared.proto", 'syntax = "proto3"; package s; message S {}')
    left = dep("left.proto", 'syntax = "proto3"; package l; import "shared.proto"; message L { s.S s = 1; }')
    right = dep("right.proto", 'syntax = "proto3"; package r; import "shared.proto"; message R { s.S s = 1; }')
    text = 'syntax = "proto3"; import "left.proto"; import "right.proto"; message Top { l.L l = 1; r.R r = 2; }'
    assert parse(text, (shared, left, shared, right)).record_name() == "Top"
    other = dep("shared.proto", 'syntax = "proto3"; package s; message Other {}')
    with pytest.raises(SchemaParseError, match="two different schemas"):
        parse(text, (shared, left, other, right))
