"""What compat/protobuf/lenient.py accepts unlinked, as Confluent does with validateFields off, and reports."""

from __future__ import annotations

import pytest

from schemata.compat import Dependency, SchemaParseError, get_format, parse_schema
from schemata.compat.protobuf import ProtobufSchema

DEP = Dependency("dep.proto", "PROTOBUF", 'syntax = "proto3";\npackage dep;\nmessage D { string v = 1; }\n')


def parse(text: str, deps: tuple[Dependency, ...] = ()) -> ProtobufSchema:
    parsed = parse_schema("PROTOBUF", text, deps)
    assert isinstance(parsed, ProtobufSchema)
    return parsed


def test_linked_schemas_report_nothing_unresolved() -> None:
    assert parse('syntax = "proto3";\nimport "dep.proto";\nmessage M { dep.D d = 1; }\n', (DEP,)).unresolved == ()


def test_unknown_options_and_unimported_types_are_reported() -> None:
    text = ('syntax = "proto3";\npackage p;\n'
            'message M { string a = 1 [(some_ref) = "x"]; dep.D d = 2; google.protobuf.Duration t = 3; }\n')
    parsed = parse(text, (DEP,))
    assert parsed.unresolved == (
        "option (some_ref)", "type dep.D (not imported)", "type google.protobuf.Duration (not imported)",
    )
    # the option is kept in the stored text, left out of the descriptor; the imports are only the compiler's
    assert '[(some_ref) = "x"]' in parsed.stored_text and "import" not in parsed.stored_text
    assert not parsed.file_descriptor_proto.message_type[0].field[0].options.ByteSize()
    assert list(parsed.file_descriptor_proto.dependency) == ["dep.proto", "google/protobuf/duration.proto"]
    assert parse(parsed.stored_text, (DEP,)).canonical == parsed.canonical


def test_compatibility_compares_unimported_types_by_name() -> None:
    old = parse('syntax = "proto3";\nmessage M { dep.D d = 1; }\n', (DEP,))
    new = parse('syntax = "proto3";\nmessage M { string d = 1; }\n', (DEP,))
    assert get_format("PROTOBUF").check(new, old, policy="STRICT")
    assert not get_format("PROTOBUF").check(old, old, policy="STRICT")


@pytest.mark.parametrize(("text", "message", "location"), [
    ('syntax = "proto3";\nmessage M { nowhere.T t = 1; }\n', '"nowhere.T" is not defined.', "2:13"),
    ('syntax = "proto3";\nmessage M { string a = 1 [(x) = "y"]; int32 a = 2; }\n', "already defined", "2:45"),
])
def test_other_errors_are_the_original_ones(text: str, message: str, location: str) -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse(text)
    assert message in raised.value.reason and raised.value.location == location


@pytest.mark.parametrize("value", ["{a: " * 1_000 + "1" + "}" * 1_000, "{a: [" * 500 + "1" + "]}" * 500])
def test_an_unknown_option_nested_past_the_bound_is_protocs_error_not_a_deep_read(value: str) -> None:
    # The option is read unlinked before protoc sees its value: past 100 levels the reader stops (it would
    # recurse once per level) and protoc's own error about the unknown option is the answer.
    text = f'syntax = "proto3";\nmessage M {{ option (unknown) = {value}; int32 b = 1; }}\n'
    with pytest.raises(SchemaParseError, match=r'Option "\(unknown\)" unknown'):
        parse(text)


def test_a_long_option_name_past_the_bound_is_protocs_error() -> None:
    text = 'syntax = "proto3";\nmessage M { option (unknown).' + ".".join(["a"] * 200) + ' = 1; int32 b = 1; }\n'
    with pytest.raises(SchemaParseError, match=r"\(unknown\)"):
        parse(text)


UNKNOWN = 'import "other/thing.proto" (neither a reference nor a built-in file)'


def test_an_import_of_no_given_file_is_left_out_and_reported() -> None:
    # Confluent's own testComplexCustomOptions imports "common/extensions.proto" and sets its options
    text = ('syntax = "proto3";\npackage p;\nimport "other/thing.proto";\nimport "dep.proto";\n'
            'option (other.file_opt) = "f";\nmessage M { dep.D d = 1 [(other.opt) = "x"]; }\n')
    parsed = parse(text, (DEP,))
    assert parsed.unresolved == (UNKNOWN, "option (other.file_opt)", "option (other.opt)")
    assert list(parsed.file_descriptor_proto.dependency) == ["dep.proto"]
    assert [f.name for f in parsed.files] == ["dep.proto", "schemata_root.proto"]
    # the stored text keeps the import as given, and compiles back to the same schema
    assert 'import "other/thing.proto";' in parsed.stored_text and '(other.opt) = "x"' in parsed.stored_text
    assert parse(parsed.stored_text, (DEP,)).canonical == parsed.canonical
    public = text.replace('import "other/thing.proto"', 'import public "other/thing.proto"')
    assert parse(public, (DEP,)).unresolved[0] == UNKNOWN


def test_a_reference_importing_no_given_file_is_patched_silently() -> None:
    dep_text = 'syntax = "proto3";\npackage dep;\nimport "gone.proto";\nmessage D { string v = 1 [(gone.o) = 1]; }\n'
    dep = Dependency("dep.proto", "PROTOBUF", dep_text)
    parsed = parse('syntax = "proto3";\nimport "dep.proto";\nmessage M { dep.D d = 1; }\n', (dep,))
    assert parsed.unresolved == ()
    assert [f.name for f in parsed.files] == ["dep.proto", "schemata_root.proto"]


def test_a_type_of_no_given_file_is_refused_naming_the_import() -> None:
    # Confluent refuses it too, whatever validateFields says: normalizing (its validation) cannot resolve it
    with pytest.raises(SchemaParseError) as raised:
        parse('syntax = "proto3";\nimport "other/thing.proto";\nmessage M { other.Thing t = 1; }\n')
    assert raised.value.reason.startswith('"other.Thing" is not defined')
    assert '"other/thing.proto", which is neither a reference of it nor a built-in file' in raised.value.reason
    assert raised.value.location == "3:13"


def test_another_error_beside_an_import_of_no_file_is_reported_where_it_is() -> None:
    with pytest.raises(SchemaParseError) as raised:
        parse('syntax = "proto3";\nimport "other/thing.proto";\nmessage M { string a = 1; int32 b = 1; }\n')
    assert "Field number 1 has already been used" in raised.value.reason and raised.value.location == "3:37"


def test_a_type_declared_by_a_reference_is_found_though_its_import_names_no_given_file() -> None:
    parsed = parse('syntax = "proto3";\nimport "other/dep.proto";\nmessage M { dep.D d = 1; }\n', (DEP,))
    assert parsed.unresolved == ('import "other/dep.proto" (neither a reference nor a built-in file)',
                                 "type dep.D (not imported)")


def test_a_long_import_path_is_cut_short_in_what_is_reported() -> None:
    path = "a/" * 200 + "x.proto"
    (reported,) = parse(f'syntax = "proto3";\nimport "{path}";\nmessage M {{ string a = 1; }}\n').unresolved
    assert reported == f'import "{path[:120]}..." (neither a reference nor a built-in file)'
