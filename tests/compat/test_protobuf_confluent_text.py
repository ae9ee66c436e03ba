"""Confluent's rendering of Protobuf schemas (compat/protobuf/confluent_text.py).

The expected texts are the canonical strings asserted by Confluent's own tests
(protobuf-provider/src/test/java/io/confluent/kafka/schemaregistry/protobuf/ProtobufSchemaTest.java:
testEnumReserved, testComplexCustomOptions, testComplexCustomOptions2, testComplexCustomOptions3), plus the
layout of ProtobufSchemaUtils.toString for what those tests do not cover.
"""

from __future__ import annotations

import pytest

from schemata.compat.protobuf.confluent_text import confluent_text
from schemata.compat.protobuf.elements import Unsupported, parse_elements


def render(text: str) -> str:
    return confluent_text(parse_elements(text))


ENUM_RESERVED = (
    '\nimport "google/protobuf/descriptor.proto";\n\n'
    "message FooOptions {\n  optional string name = 1;\n  optional FooParameterType type = 2;\n}\n"
    "enum FooParameterType {\n  reserved 20, 100 to max;\n  reserved 10;\n  reserved 1 to 3;\n"
    '  reserved "BAD", "OLD";\n  NUMBER = 1;\n  STRING = 2;\n}\n'
)


def test_enum_reserved_is_kept_as_written() -> None:
    assert render(ENUM_RESERVED) == ENUM_RESERVED


def test_custom_options_file_level() -> None:
    source = (
        'syntax = "proto3";\n\nimport "common/extensions.proto";\nimport "confluent/meta.proto";\n\n'
        "package com.custom.example.v0;\n\n"
        'option go_package = "example/v0;example";\noption java_multiple_files = true;\n'
        "option (com.custom.map).subject = 'user-value';\noption (com.custom.map).compatibility_mode = FULL;\n"
        'option (.confluent.file_meta).doc = "file meta";\n'
        'option (confluent.file_meta).params = [\n      {\n        value: "my_value",\n        key: "my_key"\n'
        "      }\n    ];\n"
        'option (confluent.file_meta).tags = ["PII", "PRIVATE"];\n'
        "message User {\n  string first_name = 1;\n  string last_name = 2;\n}"
    )
    expected = (
        'syntax = "proto3";\npackage com.custom.example.v0;\n\n'
        'import "common/extensions.proto";\nimport "confluent/meta.proto";\n\n'
        'option go_package = "example/v0;example";\noption java_multiple_files = true;\n'
        'option (com.custom.map).subject = "user-value";\noption (com.custom.map).compatibility_mode = FULL;\n'
        'option (.confluent.file_meta).doc = "file meta";\n'
        'option (confluent.file_meta).params = [{\n  value: "my_value",\n  key: "my_key"\n}];\n'
        'option (confluent.file_meta).tags = [\n  "PII",\n  "PRIVATE"\n];\n\n'
        "message User {\n  string first_name = 1;\n  string last_name = 2;\n}\n"
    )
    assert render(source) == expected


#: ProtobufSchemaTest.testComplexCustomOptions2's source: one custom option set in several ways.
FIELD_OPTIONS = (
    'syntax = "proto3";\npackage com.example.mynamespace;\nimport "confluent/meta.proto";\n'
    'import "confluent/type/decimal.proto";\n'
    'option java_package = "io.confluent.kafka.serializers.protobuf.test";\n'
    'option java_outer_classname = "ComplexProto";\n'
    "message SampleRecord {\n"
    '  int32 my_field1 = 1 [\n    (confluent.field_meta).tags = "foo"\n  ];\n'
    '  double my_field2 = 2 [(confluent.field_meta) = {\n    tags: [\n      "bar"\n    ]\n  }];\n'
    '  int32 my_field3 = 3 [\n    (confluent.field_meta).tags = "foo",\n    (confluent.field_meta).tags = "bar"\n'
    "  ];\n"
    '  double my_field4 = 4 [(confluent.field_meta) = {\n    tags: [\n      "foo",\n      "bar"\n    ]\n  }];\n'
    '  string my_field5 = 5 [\n    (confluent.field_meta) = {\n      tags: ["foo"]\n    },\n'
    '    (confluent.field_meta).tags = "bar"\n  ];\n'
    '  string my_field6 = 6 [\n    (confluent.field_meta).tags = "foo",\n'
    '    (confluent.field_meta).tags = ["bar"]\n  ];\n'
    "}"
)

#: ProtobufSchemaTest.testComplexCustomOptions3's source: the message literal syntaxes wire reads.
MESSAGE_LITERALS = (
    'syntax = "proto3";\npackage com.example.mynamespace;\nimport "confluent/meta.proto";\n'
    "message SampleRecord {\n  int32 my_field1 = 2 [(confluent.field_meta) = {\n"
    "    value1: -2.0,\n    value4: 10 value5: 20,\n    value6: 10,value7: 20,\n"
    "    value8: 10[com.foo.value9]: 20,\n    value10: 10f,\n    value11: 1.0f,\n    value12: 1.23,\n"
    "    value13: 1.23f,\n"
    '    value14: \n      "When we got into office, the thing that surprised me most was to find "\n'
    "      \"that things were just as bad as we'd been saying they were.\\n\\n\"\n"
    '      "  -- John F. Kennedy",\n'
    "    value15: \"first part\" 'second part'\n      \"third part\",\n"
    "    value16: \"first\"\"second\"'third''fourth',\n"
    '    value17: { foo: "bar" },\n    [com.foo.value18]: 10,\n    [com.foo.value19]: { foo: "bar" },\n'
    '    value21 { foo: "bar" },\n    value22: [{ foo: "bar" }],\n'
    "    value25: 1,\n    value25: 2,\n    value25: [3, 4, 5],\n    value25: 6,\n    value25: [7, 8, 9],\n"
    '    value26: { key: "entry1", value: 1 },\n    value26: { key: "entry2", value: 2 },\n'
    '    value26: [      { key: "entry3", value: 3 },\n      { key: "entry4", value: 4 }\n    ]  }];\n}'
)


def test_custom_options_on_fields() -> None:
    source = FIELD_OPTIONS
    expected = (
        'syntax = "proto3";\npackage com.example.mynamespace;\n\n'
        'import "confluent/meta.proto";\nimport "confluent/type/decimal.proto";\n\n'
        'option java_package = "io.confluent.kafka.serializers.protobuf.test";\n'
        'option java_outer_classname = "ComplexProto";\n\n'
        "message SampleRecord {\n"
        '  int32 my_field1 = 1 [(confluent.field_meta).tags = "foo"];\n'
        '  double my_field2 = 2 [(confluent.field_meta) = {\n    tags: [\n      "bar"\n    ]\n  }];\n'
        '  int32 my_field3 = 3 [\n    (confluent.field_meta).tags = "foo",\n    (confluent.field_meta).tags = "bar"\n'
        "  ];\n"
        '  double my_field4 = 4 [(confluent.field_meta) = {\n    tags: [\n      "foo",\n      "bar"\n    ]\n  }];\n'
        '  string my_field5 = 5 [\n    (confluent.field_meta) = {\n      tags: [\n        "foo"\n      ]\n    },\n'
        '    (confluent.field_meta).tags = "bar"\n  ];\n'
        '  string my_field6 = 6 [\n    (confluent.field_meta).tags = "foo",\n'
        '    (confluent.field_meta).tags = ["bar"]\n  ];\n'
        "}\n"
    )
    assert render(source) == expected


def test_message_literal_values() -> None:
    source = MESSAGE_LITERALS
    entries = "".join(
        f'      {{\n        key: "entry{n}",\n        value: {n}\n      }}{"," if n < 4 else ""}\n' for n in range(1, 5)
    )
    expected = (
        'syntax = "proto3";\npackage com.example.mynamespace;\n\nimport "confluent/meta.proto";\n\n'
        "message SampleRecord {\n  int32 my_field1 = 2 [(confluent.field_meta) = {\n"
        "    value1: -2.0,\n    value4: 10,\n    value5: 20,\n    value6: 10,\n    value7: 20,\n    value8: 10,\n"
        "    [com.foo.value9]: 20,\n    value10: 10f,\n    value11: 1.0f,\n    value12: 1.23,\n    value13: 1.23f,\n"
        '    value14: "When we got into office, the thing that surprised me most was to find that things were '
        "just as bad as we\\'d been saying they were.\\n\\n  -- John F. Kennedy\",\n"
        '    value15: "first partsecond partthird part",\n    value16: "firstsecondthirdfourth",\n'
        '    value17: {\n      foo: "bar"\n    },\n    [com.foo.value18]: 10,\n'
        '    [com.foo.value19]: {\n      foo: "bar"\n    },\n    value21: {\n      foo: "bar"\n    },\n'
        '    value22: [\n      {\n        foo: "bar"\n      }\n    ],\n'
        "    value25: [\n" + "".join(f"      {n}{',' if n < 9 else ''}\n" for n in range(1, 10)) + "    ],\n"
        "    value26: [\n" + entries + "    ]\n  }];\n}\n"
    )
    assert render(source) == expected


def test_layout_of_messages_oneofs_maps_services_and_comments() -> None:
    source = """// leading comment
syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
import public "other.proto";
enum Top { TOP_UNSPECIFIED = 0; }
/* block */ message Order {
  enum Status { NEW = 0; DONE = 1 [deprecated = true]; }
  message Line { string sku = 1; }
  string id = 1; // trailing
  oneof payment { string card = 2; string iban = 3; }
  map<string, Line> lines = 4;
  repeated google.protobuf.Timestamp times = 5 [json_name = "when"];
  optional int32 qty = 6;
  reserved 8, 10 to 12;
  reserved "old";
  option deprecated = true;
}
service Orders {
  rpc Get (Order) returns (stream Order);
  rpc Put (stream .acme.v1.Order) returns (Order) { option deprecated = true; }
}
"""
    expected = """syntax = "proto3";
package acme.v1;

import "google/protobuf/timestamp.proto";
import public "other.proto";

message Order {
  reserved 8, 10 to 12;
  reserved "old";

  option deprecated = true;

  string id = 1;
  map<string, Line> lines = 4;
  repeated google.protobuf.Timestamp times = 5 [json_name = "when"];
  optional int32 qty = 6;

  oneof payment {
    string card = 2;
    string iban = 3;
  }

  message Line {
    string sku = 1;
  }
  enum Status {
    NEW = 0;
    DONE = 1 [deprecated = true];
  }
}
enum Top {
  TOP_UNSPECIFIED = 0;
}

service Orders {
  rpc Get (Order) returns (stream Order);
  rpc Put (stream .acme.v1.Order) returns (Order) {
    option deprecated = true;
  };
}
"""
    assert render(source) == expected


def test_proto2_defaults_extensions_and_extend() -> None:
    source = """syntax = "proto2";
package p;
message M {
  optional string s = 1 [default = "a\\"b", deprecated = true];
  optional bool b = 2 [default = true];
  optional Kind k = 3 [default = B];
  extensions 100 to max;
  extend M { optional int32 ext = 100; }
}
enum Kind { A = 0; B = 1; }
extend M { optional int32 other = 101; }
"""
    expected = """syntax = "proto2";
package p;

message M {
  optional string s = 1 [
    deprecated = true,
    default = "a\\"b"
  ];
  optional bool b = 2 [default = true];
  optional Kind k = 3 [default = B];

  extensions 100 to max;

  extend M {
    optional int32 ext = 100;
  }
}
enum Kind {
  A = 0;
  B = 1;
}

extend M {
  optional int32 other = 101;
}
"""
    assert render(source) == expected


@pytest.mark.parametrize("source", [
    'edition = "2023";\nmessage M {}\n',
    'syntax = "proto2";\nmessage M { optional group G = 1 { optional int32 a = 2; } }\n',
    'syntax = "proto3";\nimport weak "w.proto";\n',
    'syntax = "proto3";\nmessage M {\n',
])
def test_what_the_reader_does_not_model_is_unsupported(source: str) -> None:
    with pytest.raises(Unsupported):
        parse_elements(source)
