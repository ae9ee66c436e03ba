"""Protobuf over REST as Confluent's registry answers it: the text it stores and returns (its rendering of the
schema, `ProtobufSchemaUtils.toString`), custom options, and what it accepts unlinked when validateFields is off."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
from google.protobuf import descriptor_pb2

from schemata.compat import parse_schema

from .helpers import err, ok, post_schema, register, seg, set_level

PROTOBUF = "PROTOBUF"


def _package() -> str:
    return f"p{uuid.uuid4().hex[:10]}"


def _source(package: str) -> str:
    return f"""// Orders, as the team writes them
syntax = "proto3";
package {package};
import "google/protobuf/timestamp.proto";
option java_multiple_files = true;
enum Region {{ REGION_UNSPECIFIED = 0; EU = 1; }}
/* the order */
message Order {{
  string id = 1; // trailing comment
  map<string, Line> lines = 4;
  repeated google.protobuf.Timestamp times = 5 [json_name = "when"];
  reserved 8, 10 to 12;
  oneof payment {{ string card = 2; string iban = 3; }}
  message Line {{ string sku = 1; int32 qty = 2 [deprecated = true]; }}
}}
"""


def _rendered(package: str) -> str:
    return f"""syntax = "proto3";
package {package};

import "google/protobuf/timestamp.proto";

option java_multiple_files = true;

message Order {{
  reserved 8, 10 to 12;

  string id = 1;
  map<string, Line> lines = 4;
  repeated google.protobuf.Timestamp times = 5 [json_name = "when"];

  oneof payment {{
    string card = 2;
    string iban = 3;
  }}

  message Line {{
    string sku = 1;
    int32 qty = 2 [deprecated = true];
  }}
}}
enum Region {{
  REGION_UNSPECIFIED = 0;
  EU = 1;
}}
"""


def _lookup(api: httpx.Client, subject: str, text: str, **extra: Any) -> httpx.Response:
    return api.post(f"/subjects/{seg(subject)}", json={"schema": text, "schemaType": PROTOBUF, **extra})


def test_the_schema_is_returned_as_confluent_renders_it(api: httpx.Client, subject: str) -> None:
    package = _package()
    answer = ok(post_schema(api, subject, _source(package), schema_type=PROTOBUF))
    assert answer["schema"] == _rendered(package)
    assert ok(api.get(f"/schemas/ids/{answer['id']}"))["schema"] == _rendered(package)
    assert ok(api.get(f"/subjects/{seg(subject)}/versions/1"))["schema"] == _rendered(package)
    assert api.get(f"/subjects/{seg(subject)}/versions/1/schema").text == _rendered(package)


def test_a_oneof_before_fields_stays_where_it_is(api: httpx.Client, subject: str) -> None:
    """Confluent prints oneofs after all fields, which reorders the fields of the descriptor; the text is
    then Confluent's layout with the oneof where the source has it, so that it is still this schema."""
    package = _package()
    text = f'syntax = "proto3";\npackage {package};\nmessage M {{ oneof o {{ string a = 1; }} string b = 2; }}\n'
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF))
    assert answer["schema"] == (f'syntax = "proto3";\npackage {package};\n\n'
                                "message M {\n  oneof o {\n    string a = 1;\n  }\n  string b = 2;\n}\n")
    assert register(api, subject, answer["schema"], schema_type=PROTOBUF) == answer["id"]


def test_the_same_text_the_returned_text_and_a_reformatted_one_share_the_id(api: httpx.Client, subject: str) -> None:
    package = _package()
    schema_id = register(api, subject, _source(package), schema_type=PROTOBUF)
    reformatted = _source(package).replace("// trailing comment", "").replace("  ", "    ")
    for text in (_source(package), _rendered(package), reformatted):
        assert register(api, subject, text, schema_type=PROTOBUF) == schema_id
        found = ok(_lookup(api, subject, text))
        assert (found["id"], found["version"], found["schema"]) == (schema_id, 1, _rendered(package))
    assert ok(api.get(f"/subjects/{seg(subject)}/versions")) == [1]


def test_schemas_stored_in_our_former_text_keep_their_id(api: httpx.Client, subject: str) -> None:
    """Before, the registry stored its own canonical text: such a row is still the schema it was, so the
    source that produced it (and Confluent's rendering of it) finds its id and version."""
    package = _package()
    former = parse_schema(PROTOBUF, _source(package)).canonical
    assert former != _rendered(package)
    schema_id = register(api, subject, former, schema_type=PROTOBUF)
    for text in (_source(package), _rendered(package)):
        assert register(api, subject, text, schema_type=PROTOBUF) == schema_id
        assert ok(_lookup(api, subject, text))["id"] == schema_id
    assert ok(api.get(f"/subjects/{seg(subject)}/versions")) == [1]


def _unordered(package: str) -> str:
    return f"""syntax = "proto3";
package {package};
import "google/protobuf/timestamp.proto";
import "confluent/meta.proto";
option java_package = "x.y";
option java_multiple_files = true;
message Order {{
  repeated google.protobuf.Timestamp times = 3 [json_name = "when", deprecated = true];
  string id = 1 [(confluent.field_meta).tags = "PII", (confluent.field_meta).doc = "the id"];
  map<string, Line> lines = 2;
  oneof payment {{ string iban = 5; string card = 4; }}
  message Line {{ int32 qty = 2; string sku = 1; }}
  enum Status {{ NEW = 0; DONE = 2; OPEN = 1; }}
  Status status = 6;
}}
"""


def _reordered(package: str) -> str:
    """The same schema written in another order, with other spellings of its names and options."""
    return f"""syntax = "proto3";
package {package};
import "confluent/meta.proto";
import "google/protobuf/timestamp.proto";
option java_multiple_files = true;
option java_package = "x.y";
message Order {{
  message Line {{ string sku = 1; int32 qty = 2; }}
  enum Status {{ NEW = 0; OPEN = 1; DONE = 2; }}
  .{package}.Order.Status status = 6;
  oneof payment {{ string card = 4; string iban = 5; }}
  map<string, .{package}.Order.Line> lines = 2;
  string id = 1 [(confluent.field_meta) = {{ tags: ["PII"] doc: "the id" }}];
  repeated .google.protobuf.Timestamp times = 3 [deprecated = true, json_name = "when"];
}}
"""


def _normalized(package: str) -> str:
    """Confluent's `ProtobufSchemaUtils.toNormalizedString` of both."""
    return f"""syntax = "proto3";
package {package};

import "confluent/meta.proto";
import "google/protobuf/timestamp.proto";

option java_multiple_files = true;
option java_package = "x.y";

message Order {{
  string id = 1 [(confluent.field_meta) = {{
    doc: "the id",
    tags: "PII"
  }}];
  map<string, .{package}.Order.Line> lines = 2;
  repeated .google.protobuf.Timestamp times = 3 [
    deprecated = true,
    json_name = "when"
  ];
  .{package}.Order.Status status = 6;

  oneof payment {{
    string card = 4;
    string iban = 5;
  }}

  message Line {{
    string sku = 1;
    int32 qty = 2;
  }}
  enum Status {{
    NEW = 0;
    OPEN = 1;
    DONE = 2;
  }}
}}
"""


def test_normalize_stores_confluents_normalized_text(api: httpx.Client, subject: str) -> None:
    package = _package()
    normalize = {"normalize": "true"}
    answer = ok(post_schema(api, subject, _unordered(package), schema_type=PROTOBUF, params=normalize))
    assert answer["schema"] == _normalized(package)
    assert ok(api.get(f"/schemas/ids/{answer['id']}"))["schema"] == _normalized(package)
    assert ok(api.get(f"/subjects/{seg(subject)}/versions/1"))["schema"] == _normalized(package)
    assert api.get(f"/subjects/{seg(subject)}/versions/1/schema").text == _normalized(package)
    # a differently ordered equivalent is found, and registers as the same version, with normalize
    found = ok(api.post(f"/subjects/{seg(subject)}", params=normalize,
                        json={"schema": _reordered(package), "schemaType": PROTOBUF}))
    assert (found["id"], found["version"], found["schema"]) == (answer["id"], 1, _normalized(package))
    again = ok(post_schema(api, subject, _reordered(package), schema_type=PROTOBUF, params=normalize))
    assert (again["id"], again["schema"]) == (answer["id"], _normalized(package))
    assert register(api, subject, _normalized(package), schema_type=PROTOBUF, params=normalize) == answer["id"]
    assert ok(api.get(f"/subjects/{seg(subject)}/versions")) == [1]


def test_the_subjects_normalize_config_stores_the_normalized_text(api: httpx.Client, subject: str) -> None:
    package = _package()
    ok(api.put(f"/config/{seg(subject)}", json={"normalize": True}))
    answer = ok(post_schema(api, subject, _reordered(package), schema_type=PROTOBUF))
    assert answer["schema"] == _normalized(package)
    assert ok(_lookup(api, subject, _unordered(package)))["id"] == answer["id"]


def test_custom_options_on_fields_messages_and_enum_values(api: httpx.Client, subject: str) -> None:
    package = _package()
    options_subject = f"{subject}-options"
    options = (f'syntax = "proto3";\npackage {package}.opts;\nimport "google/protobuf/descriptor.proto";\n'
               "message Rule { string expr = 1; repeated string tags = 2; }\n"
               "extend google.protobuf.FieldOptions { string pii = 50001; Rule rule = 50002; }\n"
               "extend google.protobuf.MessageOptions { bool audited = 50003; }\n"
               "extend google.protobuf.EnumValueOptions { int32 weight = 50004; }\n")
    register(api, options_subject, options, schema_type=PROTOBUF)
    text = (f'syntax = "proto3";\npackage {package};\nimport "opts.proto";\n'
            "message User {\n  option (opts.audited) = true;\n"
            '  string email = 1 [(opts.pii) = "high", (opts.rule) = { expr: "size(this) > 3" tags: ["a", "b"] }];\n'
            '  string name = 2 [(opts.rule).expr = "true"];\n'
            "  enum Kind { K_UNSPECIFIED = 0 [(opts.weight) = 3]; }\n}\n")
    refs = [{"name": "opts.proto", "subject": options_subject, "version": 1}]
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF, references=refs))
    assert answer["schema"] == (
        f'syntax = "proto3";\npackage {package};\n\nimport "opts.proto";\n\n'
        "message User {\n  option (opts.audited) = true;\n\n"
        '  string email = 1 [\n    (opts.pii) = "high",\n    (opts.rule) = {\n      expr: "size(this) > 3",\n'
        '      tags: [\n        "a",\n        "b"\n      ]\n    }\n  ];\n'
        '  string name = 2 [(opts.rule).expr = "true"];\n\n'
        "  enum Kind {\n    K_UNSPECIFIED = 0 [(opts.weight) = 3];\n  }\n}\n"
    )
    assert ok(_lookup(api, subject, text, references=refs))["id"] == answer["id"]
    # the options are part of the schema: the field options read through the serialized form
    serialized = ok(api.get(f"/schemas/ids/{answer['id']}", params={"format": "serialized"}))["schema"]
    root = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(serialized))
    assert root.message_type[0].field[0].options.ByteSize() > 0


def test_descriptor_proto_can_be_registered_as_its_own_subject(api: httpx.Client, subject: str) -> None:
    """confluent-kafka with skip.known.types=False registers each import as a subject, descriptor.proto too,
    in serialized form (refused before: its types clashed with the copy the registry reads options through);
    a schema extending its options uses the built-in file."""
    own = descriptor_pb2.FileDescriptorProto()
    descriptor_pb2.DESCRIPTOR.CopyToProto(own)
    descriptor_subject = f"{subject}-descriptor"
    register(api, descriptor_subject, base64.b64encode(own.SerializeToString()).decode(), schema_type=PROTOBUF)
    package = _package()
    text = (f'syntax = "proto3";\npackage {package};\nimport "google/protobuf/descriptor.proto";\n'
            "extend google.protobuf.FieldOptions { string pii = 50001; }\n"
            'message M { string email = 1 [(pii) = "yes"]; }\n')
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF))
    assert '[(pii) = "yes"]' in answer["schema"], answer


UNRESOLVED_OPTION = 'syntax = "proto3";\npackage {package};\nmessage M {{ string a = 1 [(some_ref) = "x"]; }}\n'


def test_an_unresolved_custom_option_is_accepted_unless_validate_fields(api: httpx.Client, subject: str) -> None:
    package = _package()
    text = UNRESOLVED_OPTION.format(package=package)
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF))
    assert answer["schema"] == (f'syntax = "proto3";\npackage {package};\n\n'
                                'message M {\n  string a = 1 [(some_ref) = "x"];\n}\n')
    assert ok(_lookup(api, subject, text))["id"] == answer["id"]

    strict = f"{subject}-strict"
    ok(api.put(f"/config/{seg(strict)}", json={"validateFields": True}))
    body = err(post_schema(api, strict, text, schema_type=PROTOBUF), 42201)
    assert "validateFields" in body["message"] and "option (some_ref)" in body["message"], body
    ok(api.put(f"/config/{seg(strict)}", json={"validateFields": False}))
    assert register(api, strict, text, schema_type=PROTOBUF) == answer["id"]
    # a stored schema stays readable whatever validateFields says later
    ok(api.put(f"/config/{seg(strict)}", json={"validateFields": True}))
    assert ok(api.get(f"/subjects/{seg(strict)}/versions/1"))["schema"] == answer["schema"]
    new_version = text.replace("}\n", " int32 b = 2; }\n")
    assert "option (some_ref)" in err(post_schema(api, strict, new_version, schema_type=PROTOBUF), 42201)["message"]


def _dependency(package: str) -> str:
    return f'syntax = "proto3";\npackage {package}.dep;\nmessage D {{ string v = 1; }}\n'


def test_a_type_of_a_reference_used_without_import(api: httpx.Client, subject: str) -> None:
    """Accepted when validateFields is off, as Confluent does; compared by name in compatibility checks."""
    package = _package()
    dep_subject = f"{subject}-dep"
    register(api, dep_subject, _dependency(package), schema_type=PROTOBUF)
    refs = [{"name": "dep.proto", "subject": dep_subject, "version": 1}]
    text = f'syntax = "proto3";\npackage {package};\nmessage M {{ {package}.dep.D d = 1; string note = 2; }}\n'
    answer = ok(post_schema(api, subject, text, schema_type=PROTOBUF, references=refs))
    assert "import" not in answer["schema"], answer
    assert ok(_lookup(api, subject, text, references=refs))["id"] == answer["id"]

    set_level(api, subject, "BACKWARD")
    changed = text.replace(f"{package}.dep.D d = 1", "string d = 1")
    check = ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions/latest",
                        json={"schema": changed, "schemaType": PROTOBUF, "references": refs}))
    assert check["is_compatible"] is False, check
    added = text.replace("string note = 2;", "string note = 2; int64 extra = 3;")
    assert register(api, subject, added, schema_type=PROTOBUF, references=refs) != answer["id"]

    strict = f"{subject}-strict"
    ok(api.put(f"/config/{seg(strict)}", json={"validateFields": True}))
    body = err(post_schema(api, strict, text, schema_type=PROTOBUF, references=refs), 42201)
    assert f"type {package}.dep.D (not imported)" in body["message"], body
    imported = text.replace(f"package {package};\n", f'package {package};\nimport "dep.proto";\n')
    assert register(api, strict, imported, schema_type=PROTOBUF, references=refs)


def test_a_type_nothing_declares_is_refused_whatever_validate_fields(api: httpx.Client, subject: str) -> None:
    text = f'syntax = "proto3";\npackage {_package()};\nmessage M {{ nowhere.Thing t = 1; }}\n'
    body = err(post_schema(api, subject, text, schema_type=PROTOBUF), 42201)
    assert '"nowhere.Thing" is not defined' in body["message"] and "(at 3:" in body["message"], body


def test_a_reference_with_an_unresolved_option_can_be_imported(api: httpx.Client, subject: str) -> None:
    """A dependency accepted with an option nothing declares is stored with it; schemas importing it are
    accepted too (and it is not theirs to answer for under validateFields)."""
    package = _package()
    dep_subject = f"{subject}-dep"
    dep_text = (f'syntax = "proto3";\npackage {package}.dep;\n'
                'message D {{ string v = 1 [(some_ref) = "x"]; }}\n'.replace("{{", "{").replace("}}", "}"))
    register(api, dep_subject, dep_text, schema_type=PROTOBUF)
    refs = [{"name": "dep.proto", "subject": dep_subject, "version": 1}]
    text = f'syntax = "proto3";\npackage {package};\nimport "dep.proto";\nmessage M {{ {package}.dep.D d = 1; }}\n'
    assert register(api, subject, text, schema_type=PROTOBUF, references=refs)
    strict = f"{subject}-strict"
    ok(api.put(f"/config/{seg(strict)}", json={"validateFields": True}))
    assert register(api, strict, text, schema_type=PROTOBUF, references=refs)
