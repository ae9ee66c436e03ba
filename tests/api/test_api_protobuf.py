"""Protobuf over REST: imports two levels down, reference names that cannot be import paths, built-in files,
and schemas without a syntax statement."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest
from google.protobuf import descriptor_pb2

from tests.conftest import LiveServer

from .helpers import err, ok, post_schema, register, set_level

PROTOBUF = "PROTOBUF"


def _ref(name: str, subject: str, version: int = 1) -> list[dict[str, Any]]:
    return [{"name": name, "subject": subject, "version": version}]


def _money(package: str, units: str) -> str:
    return f'syntax = "proto3";\npackage {package}.c;\nmessage Money {{ {units} units = 1; }}\n'


def _wrapper(package: str) -> str:
    return (f'syntax = "proto3";\npackage {package}.b;\nimport "c/money.proto";\n'
            f"message Wrapper {{ {package}.c.Money amount = 1; }}\n")


def _root(package: str) -> str:
    return (f'syntax = "proto3";\npackage {package};\nimport "b.proto";\n'
            f"message Root {{ {package}.b.Wrapper w = 1; }}\n")


def test_a_change_two_imports_down_is_incompatible(api: httpx.Client, subject: str) -> None:
    package = f"p{uuid.uuid4().hex[:10]}"
    c_subject, b_subject, root_subject = f"{subject}-c", f"{subject}-b", f"{subject}-root"
    register(api, c_subject, _money(package, "int64"), schema_type=PROTOBUF)
    register(api, b_subject, _wrapper(package), schema_type=PROTOBUF, references=_ref("c/money.proto", c_subject))
    register(api, root_subject, _root(package), schema_type=PROTOBUF, references=_ref("b.proto", b_subject))
    # c and b change incompatibly themselves (b only through c): let them, to see root's own check
    for changed in (c_subject, b_subject):
        set_level(api, changed, "NONE")
    register(api, c_subject, _money(package, "string"), schema_type=PROTOBUF)
    register(api, b_subject, _wrapper(package), schema_type=PROTOBUF, references=_ref("c/money.proto", c_subject, 2))

    new_root = {"schema": _root(package), "schemaType": PROTOBUF, "references": _ref("b.proto", b_subject, 2)}
    checked = ok(api.post(f"/compatibility/subjects/{root_subject}/versions/latest", json=new_root,
                          params={"verbose": "true"}))
    assert checked["is_compatible"] is False
    assert any("FIELD_SCALAR_KIND_CHANGED" in m and "#/Money/1" in m for m in checked["messages"]), checked
    assert any("FIELD_NAMED_TYPE_CHANGED" in m and "#/Root/1" in m for m in checked["messages"]), checked
    err(post_schema(api, root_subject, _root(package), schema_type=PROTOBUF, references=_ref("b.proto", b_subject, 2)),
        (409, 40901))
    # the same root over b's first version (so c's first) is unchanged, hence compatible
    same = {**new_root, "references": _ref("b.proto", b_subject, 1)}
    assert ok(api.post(f"/compatibility/subjects/{root_subject}/versions/latest", json=same))["is_compatible"]


@pytest.mark.parametrize("name", [
    "x" * 300 + ".proto", ".", "..", "a\0b.proto", "a/", "a//b.proto", "/abs.proto", "a/../b.proto",
], ids=["long", "dot", "dotdot", "nul", "trailing-slash", "empty-part", "absolute", "dotdot-inside"])
def test_reference_names_that_cannot_be_import_paths_are_42201(api: httpx.Client, subject: str, name: str) -> None:
    target = f"{subject}-dep"
    register(api, target, 'syntax = "proto3";\npackage dep;\nmessage D {}\n', schema_type=PROTOBUF)
    resp = post_schema(api, subject, 'syntax = "proto3";\nmessage A {}\n', schema_type=PROTOBUF,
                       references=_ref(name, target))
    body = err(resp, 42201)
    assert "Invalid reference name" in body["message"], body


def test_reference_names_the_file_system_refuses_are_42201(api: httpx.Client, subject: str) -> None:
    file_subject, dir_subject = f"{subject}-file", f"{subject}-dir"
    register(api, file_subject, 'syntax = "proto3";\npackage f;\nmessage F {}\n', schema_type=PROTOBUF)
    register(api, dir_subject, 'syntax = "proto3";\npackage d;\nmessage D {}\n', schema_type=PROTOBUF)
    refs = [*_ref("a", file_subject), *_ref("a/b.proto", dir_subject)]  # "a" is a file, so no directory
    body = err(post_schema(api, subject, 'syntax = "proto3";\nmessage A {}\n', schema_type=PROTOBUF, references=refs),
               42201)
    assert "Invalid reference name 'a/b.proto': it cannot be a file" in body["message"], body


TIMESTAMP_USER = (
    'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\n'
    "message Event { google.protobuf.Timestamp at = 1; }\n"
)


def test_a_reference_cannot_redefine_a_built_in_file(api: httpx.Client, subject: str) -> None:
    fake = f"{subject}-fake-timestamp"
    register(api, fake, 'syntax = "proto3";\npackage google.protobuf;\nmessage Timestamp { string when = 1; }\n',
             schema_type=PROTOBUF)
    resp = post_schema(api, subject, TIMESTAMP_USER, schema_type=PROTOBUF,
                       references=_ref("google/protobuf/timestamp.proto", fake))
    body = err(resp, 42201)
    assert "'google/protobuf/timestamp.proto' names a file the registry has built in" in body["message"], body
    # without the reference the built-in file is used
    assert register(api, subject, TIMESTAMP_USER, schema_type=PROTOBUF)


def test_a_schema_without_syntax_is_proto2_and_logs_nothing(sqlite_registry: LiveServer, subject: str) -> None:
    text = f"package p{uuid.uuid4().hex[:10]};\nmessage M {{ optional int32 x = 1; }}\n"
    with httpx.Client(base_url=sqlite_registry.url, timeout=30.0) as api:
        register(api, subject, text, schema_type=PROTOBUF)
        stored = ok(api.get(f"/subjects/{subject}/versions/1"))
        # Confluent's rendering keeps the absence of a syntax line; read back, the text is proto2
        assert stored["schema"] == f"package {text[8:text.index(';')]};\n\nmessage M {{\n  optional int32 x = 1;\n}}\n"
        serialized = ok(api.get(f"/subjects/{subject}/versions/1", params={"format": "serialized"}))["schema"]
    assert descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(serialized)).syntax in ("", "proto2")
    assert "No edition or syntax specified" not in sqlite_registry.log_path.read_text(errors="replace")


def _confluent_user(package: str) -> str:
    return (f'syntax = "proto3";\npackage {package};\nimport "confluent/meta.proto";\n'
            'import "confluent/type/decimal.proto";\n'
            'message Payment {\n  option (confluent.message_meta).doc = "a payment";\n'
            '  confluent.type.Decimal amount = 1\n'
            '    [(confluent.field_meta) = { params: [{key: "precision", value: "8"}] }];\n'
            '  string note = 2 [(confluent.field_meta).tags = "PII"];\n}\n')


def test_confluent_known_types_are_built_in(api: httpx.Client, subject: str) -> None:
    """confluent-kafka's serializers skip `confluent/meta.proto` and `confluent/type/decimal.proto` when they
    register (skip.known.types): the registry has them built in, like google/protobuf/*."""
    text = _confluent_user(f"p{uuid.uuid4().hex[:10]}")
    schema_id = register(api, subject, text, schema_type=PROTOBUF)
    stored = ok(api.get(f"/schemas/ids/{schema_id}"))
    assert "references" not in stored, stored
    assert "(confluent.field_meta)" in stored["schema"], stored
    assert ok(api.post(f"/subjects/{subject}", json={"schema": text, "schemaType": PROTOBUF}))["id"] == schema_id


def test_custom_options_declared_over_descriptor_proto_are_accepted(api: httpx.Client, subject: str) -> None:
    package = f"p{uuid.uuid4().hex[:10]}"
    text = (f'syntax = "proto3";\npackage {package};\nimport "google/protobuf/descriptor.proto";\n'
            "extend google.protobuf.FieldOptions { string pii = 50001; }\n"
            'message M { string email = 1 [(pii) = "yes"]; }\n')
    schema_id = register(api, subject, text, schema_type=PROTOBUF)
    assert ok(api.get(f"/schemas/ids/{schema_id}"))["schema"] == (
        f'syntax = "proto3";\npackage {package};\n\nimport "google/protobuf/descriptor.proto";\n\n'
        'message M {\n  string email = 1 [(pii) = "yes"];\n}\n\n'
        "extend google.protobuf.FieldOptions {\n  string pii = 50001;\n}\n"
    )
    # without the import, as Confluent (which links nothing) accepts unless validateFields is on: linked, it is
    # the same schema, so it shares the id
    unimported = text.replace('import "google/protobuf/descriptor.proto";\n', "")
    assert register(api, f"{subject}-unimported", unimported, schema_type=PROTOBUF) == schema_id
