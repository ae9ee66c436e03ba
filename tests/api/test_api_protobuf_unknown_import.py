"""Protobuf over REST: an import of a file that is neither a reference nor built in. Confluent's registry parses
with wire's parser and links nothing, so it takes such an import (its descriptor leaves it out) and the custom
options it would declare, unless validateFields is on; a type it would declare is refused whatever the setting."""

from __future__ import annotations

import base64
import uuid

import httpx
from google.protobuf import descriptor_pb2

from .helpers import err, ok, post_schema, register, seg, set_level

PROTOBUF = "PROTOBUF"


def _package() -> str:
    return f"p{uuid.uuid4().hex[:10]}"


def _text(package: str, fields: str = 'string a = 1 [(other.tag) = "x"];') -> str:
    return f'syntax = "proto3";\npackage {package};\nimport "other/thing.proto";\nmessage M {{ {fields} }}\n'


def test_accepted_when_validate_fields_is_off_and_kept_as_given(api: httpx.Client, subject: str) -> None:
    package = _package()
    text = _text(package)
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF))
    stored = (f'syntax = "proto3";\npackage {package};\n\nimport "other/thing.proto";\n\n'
              'message M {\n  string a = 1 [(other.tag) = "x"];\n}\n')
    assert answer["schema"] == stored, answer
    assert ok(api.get(f"/schemas/ids/{answer['id']}"))["schema"] == stored
    assert ok(api.get(f"/subjects/{seg(subject)}/versions/1"))["schema"] == stored
    assert ok(api.post(f"/subjects/{seg(subject)}", json={"schema": text, "schemaType": PROTOBUF}))["id"] == (
        answer["id"])
    # as Confluent's serialized form (its descriptor), without the import nor the option nothing declares
    serialized = ok(api.get(f"/schemas/ids/{answer['id']}", params={"format": "serialized"}))["schema"]
    root = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(serialized))
    assert list(root.dependency) == [] and root.message_type[0].field[0].name == "a"


def test_refused_when_validate_fields_is_on_naming_the_import(api: httpx.Client, subject: str) -> None:
    package = _package()
    ok(api.put(f"/config/{seg(subject)}", json={"validateFields": True}))
    with_option = err(post_schema(api, subject, _text(package), schema_type=PROTOBUF), 42201)["message"]
    assert 'import "other/thing.proto"' in with_option and "option (other.tag)" in with_option, with_option
    # nothing of it used: the import alone is what the schema does not resolve
    bare = err(post_schema(api, subject, _text(package, "string a = 1;"), schema_type=PROTOBUF), 42201)["message"]
    assert "validateFields" in bare and 'import "other/thing.proto"' in bare and "option" not in bare, bare
    ok(api.put(f"/config/{seg(subject)}", json={"validateFields": False}))
    assert register(api, subject, _text(package, "string a = 1;"), schema_type=PROTOBUF)


def test_a_type_it_would_declare_is_refused_naming_the_import(api: httpx.Client, subject: str) -> None:
    body = err(post_schema(api, subject, _text(_package(), "other.Thing t = 1;"), schema_type=PROTOBUF), 42201)
    message = body["message"]
    assert '"other.Thing" is not defined' in message and '"other/thing.proto"' in message, body
    assert "(at 4:" in message, body


def test_compatibility_checks_see_the_schema_without_the_import(api: httpx.Client, subject: str) -> None:
    package = _package()
    first = register(api, subject, _text(package), schema_type=PROTOBUF)
    set_level(api, subject, "BACKWARD")
    path = f"/compatibility/subjects/{seg(subject)}/versions/latest"
    added = _text(package, 'string a = 1 [(other.tag) = "x"]; int64 b = 2 [(other.tag) = "y"];')
    assert ok(api.post(path, json={"schema": added, "schemaType": PROTOBUF}))["is_compatible"] is True
    changed = _text(package, 'int64 a = 1 [(other.tag) = "x"];')
    assert ok(api.post(path, json={"schema": changed, "schemaType": PROTOBUF}))["is_compatible"] is False
    assert register(api, subject, added, schema_type=PROTOBUF) != first
    err(post_schema(api, subject, changed, schema_type=PROTOBUF), 409)
