"""Confluent's normalized rendering of Protobuf schemas (normalize=true; confluent_text with `normalized`).

The expected texts are the ones Confluent's own tests assert for `ProtobufSchema.normalize().canonicalString()`
(protobuf-provider/src/test/java/io/confluent/kafka/schemaregistry/protobuf/ProtobufSchemaTest.java:
testEnumReserved, testComplexCustomOptions2/3, testNestedCustomOptions, testRanges, testComplexEnum,
testNormalization, testNormalizationWithExtensions/2, testNormalizationWithComplexCustomOptions,
testNormalizationWithPackagePrefix, testNumberFormats). Sources that protoc compiles go through the format
(the registry's path: the text is kept only if it compiles back to the same normalized schema); the others,
which only Confluent's non-linking parser accepts, are printed against what they declare, listed by hand.
Without the normalize mode (before it), the registry stored its own canonical text and every test here fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from schemata.compat.protobuf.confluent_text import Declared, confluent_text
from schemata.compat.protobuf.elements import Unsupported, parse_elements
from schemata.compat.protobuf.java_number import java_number

from .protobuf.protobuf_testkit import dep, parse
from .test_protobuf_confluent_text import FIELD_OPTIONS, MESSAGE_LITERALS

#: Expected texts whose blank lines inside nested blocks hold the indentation Confluent prints.
EXPECTED = Path(__file__).parent / "protobuf" / "confluent_normalized"


def expected_text(name: str) -> str:
    return (EXPECTED / name).read_text()


def stored(text: str) -> str:
    """What the registry stores for `text` registered with normalize=true."""
    return parse(text, normalize=True).stored_text


def printed(text: str, types: set[str], extensions: dict[str, bool] | None = None) -> str:
    return confluent_text(parse_elements(text), normalized=Declared(frozenset(types), extensions or {}))


def test_enum_reserved_one_per_line_sorted_and_types_qualified() -> None:
    source = (
        '\nimport "google/protobuf/descriptor.proto";\n\n'
        "message FooOptions {\n  optional string name = 1;\n  optional FooParameterType type = 2;\n}\n"
        "enum FooParameterType {\n  reserved 20, 100 to max;\n  reserved 10;\n  reserved 1 to 3;\n"
        '  reserved "BAD", "OLD";\n  NUMBER = 1;\n  STRING = 2;\n}\n'
    )
    # NUMBER = 1 is in a reserved range: protoc refuses what Confluent's parser takes.
    assert printed(source, {"FooOptions", "FooParameterType"}) == (
        '\nimport "google/protobuf/descriptor.proto";\n\n'
        "message FooOptions {\n  optional string name = 1;\n  optional .FooParameterType type = 2;\n}\n"
        "enum FooParameterType {\n  reserved 1 to 3;\n  reserved 10;\n  reserved 20;\n  reserved 100 to max;\n"
        '  reserved "BAD";\n  reserved "OLD";\n  NUMBER = 1;\n  STRING = 2;\n}\n'
    )


def test_settings_of_one_custom_option_are_merged() -> None:
    source = FIELD_OPTIONS
    both = '[(confluent.field_meta) = {\n    tags: [\n      "foo",\n      "bar"\n    ]\n  }];\n'
    expected = (
        'syntax = "proto3";\npackage com.example.mynamespace;\n\n'
        'import "confluent/meta.proto";\nimport "confluent/type/decimal.proto";\n\n'
        'option java_outer_classname = "ComplexProto";\n'
        'option java_package = "io.confluent.kafka.serializers.protobuf.test";\n\n'
        "message SampleRecord {\n"
        '  int32 my_field1 = 1 [(confluent.field_meta) = {\n    tags: "foo"\n  }];\n'
        '  double my_field2 = 2 [(confluent.field_meta) = {\n    tags: "bar"\n  }];\n'
        f"  int32 my_field3 = 3 {both}  double my_field4 = 4 {both}"
        f"  string my_field5 = 5 {both}  string my_field6 = 6 {both}"
        "}\n"
    )
    # protoc takes no list as an option's value (my_field6); without that field the registry stores the same.
    meta = {"confluent.field_meta": False}
    assert printed(source, {"com.example.mynamespace.SampleRecord"}, meta) == expected
    field6 = source.index("  string my_field6")
    without_field6 = source[:field6] + "}"
    assert stored(without_field6) == expected[: expected.index("  string my_field6")] + "}\n"


def test_message_literals_sorted_with_numbers_as_java_prints_them() -> None:
    source = MESSAGE_LITERALS
    entries = "".join(
        f'      {{\n        key: "entry{n}",\n        value: {n}\n      }}{"," if n < 4 else ""}\n' for n in range(1, 5)
    )
    expected = (
        'syntax = "proto3";\npackage com.example.mynamespace;\n\nimport "confluent/meta.proto";\n\n'
        "message SampleRecord {\n  int32 my_field1 = 2 [(confluent.field_meta) = {\n"
        '    [com.foo.value18]: 10,\n    [com.foo.value19]: {\n      foo: "bar"\n    },\n    [com.foo.value9]: 20,\n'
        "    value1: -2,\n    value10: 10,\n    value11: 1,\n    value12: 1.23,\n    value13: 1.23,\n"
        '    value14: "When we got into office, the thing that surprised me most was to find that things were '
        "just as bad as we\\'d been saying they were.\\n\\n  -- John F. Kennedy\",\n"
        '    value15: "first partsecond partthird part",\n    value16: "firstsecondthirdfourth",\n'
        '    value17: {\n      foo: "bar"\n    },\n    value21: {\n      foo: "bar"\n    },\n'
        '    value22: {\n      foo: "bar"\n    },\n'
        "    value25: [\n" + "".join(f"      {n}{',' if n < 9 else ''}\n" for n in range(1, 10)) + "    ],\n"
        "    value26: [\n" + entries + "    ],\n"
        "    value4: 10,\n    value5: 20,\n    value6: 10,\n    value7: 20,\n    value8: 10\n  }];\n}\n"
    )
    # Meta has none of these fields: only Confluent's non-linking parser takes this source.
    assert printed(source, {"com.example.mynamespace.SampleRecord"}, {"confluent.field_meta": False}) == expected


def test_nested_custom_options_become_one_literal() -> None:
    source = """syntax = "proto3";
package acme.events;
import "google/protobuf/wrappers.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/descriptor.proto";

message ValidationSettings {
  bool is_optional = 1;
}
message EventMetadata {
  google.protobuf.StringValue owner = 1;
  google.protobuf.StringValue description = 2;
  RetentionPolicies retention_policy = 4;
}

extend google.protobuf.FieldOptions {
  ValidationSettings validation_settings = 10000;
  EventMetadata event_metadata = 10001;
}

enum RetentionPolicies {
  DEFAULT = 0; // Default value, allows enforcement to implement default strategy
  SEVEN_DAYS = 1;
  THIRTY_DAYS = 2;
  NINETY_DAYS = 3;
  ONE_YEAR = 4;
  TWO_YEARS = 5;
  SEVEN_YEARS = 6;
  ALL_TIME = 7;
}

message EventHeader {
  google.protobuf.StringValue event_source = 1;
  google.protobuf.StringValue event_id = 2;
  google.protobuf.Timestamp event_timestamp = 3;
  google.protobuf.StringValue event_name = 4;
}

message Event {
  EventHeader header = 1;
  oneof only_one_event_limiter {
    SearchEvent requested_search = 2 [
      (event_metadata).description.value = "Fires when a user submits a search request.",
      (event_metadata).owner.value = "DISCO"
    ];
  }
}
message SearchEvent {
  google.protobuf.Int32Value user_id = 1 [(validation_settings).is_optional = true];
}
"""
    assert stored(source) == """syntax = "proto3";
package acme.events;

import "google/protobuf/descriptor.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

message ValidationSettings {
  bool is_optional = 1;
}
message EventMetadata {
  .google.protobuf.StringValue owner = 1;
  .google.protobuf.StringValue description = 2;
  .acme.events.RetentionPolicies retention_policy = 4;
}
message EventHeader {
  .google.protobuf.StringValue event_source = 1;
  .google.protobuf.StringValue event_id = 2;
  .google.protobuf.Timestamp event_timestamp = 3;
  .google.protobuf.StringValue event_name = 4;
}
message Event {
  .acme.events.EventHeader header = 1;

  oneof only_one_event_limiter {
    .acme.events.SearchEvent requested_search = 2 [(acme.events.event_metadata) = {
      description: {
        value: "Fires when a user submits a search request."
      },
      owner: {
        value: "DISCO"
      }
    }];
  }
}
message SearchEvent {
  .google.protobuf.Int32Value user_id = 1 [(acme.events.validation_settings) = {
    is_optional: true
  }];
}
enum RetentionPolicies {
  DEFAULT = 0;
  SEVEN_DAYS = 1;
  THIRTY_DAYS = 2;
  NINETY_DAYS = 3;
  ONE_YEAR = 4;
  TWO_YEARS = 5;
  SEVEN_YEARS = 6;
  ALL_TIME = 7;
}

extend .google.protobuf.FieldOptions {
  .acme.events.ValidationSettings validation_settings = 10000;
  .acme.events.EventMetadata event_metadata = 10001;
}
"""


def test_single_number_ranges() -> None:
    source = (
        "\nmessage Money {\n  reserved 5000 to 6000;\n  reserved 10000 to 10001;\n  reserved 20000 to 20000;\n\n"
        "  optional int64 cents = 1;\n\n  extensions 100 to 200;\n  extensions 1000 to 1001;\n"
        "  extensions 2000 to 2000;\n\n  enum MoneyEnum {\n    reserved 100 to 200;\n    reserved 1000 to 1001;\n"
        "    reserved 2000 to 2000;\n    NONE = 0;\n    CENTS = 1;\n    DOLLARS = 2;\n  }\n}\n"
    )
    assert stored(source) == (
        "\nmessage Money {\n  reserved 5000 to 6000;\n  reserved 10000 to 10001;\n  reserved 20000;\n\n"
        "  optional int64 cents = 1;\n\n  extensions 100 to 200;\n  extensions 1000 to 1001;\n"
        "  extensions 2000;\n\n  enum MoneyEnum {\n    reserved 100 to 200;\n    reserved 1000 to 1001;\n"
        "    reserved 2000;\n    NONE = 0;\n    CENTS = 1;\n    DOLLARS = 2;\n  }\n}\n"
    )


def test_extension_keys_in_literals_and_extendees_are_resolved() -> None:
    source = """syntax = "proto3";
package acme.api.items;

option java_package = "com.acme.api.items";

extend google.protobuf.EnumValueOptions {
  optional VisibleTypeEnumValueOption visible_types = 24000;
}

message VisibleTypeEnumValueOption {
  repeated ObjectType type = 1;
}

message ObjectType {
}

message VisibleTypeSet {
}

enum Type {
  reserved 13,15;
  reserved "MARKET_ITEM_SETTINGS","PROMO";
  ITEM = 0;
  PAGE = 1;
  ITEM_IMAGE = 2;
}



enum ItemsVisibleTypeSet {
  // This is for all clients before register 4.1.2.
  LEGACY = 1 [
    (acme.api.items.visible_types) = {
      type: {[type]: ITEM},
      type: {[type]: PAGE},
      type: {[type]: ITEM_IMAGE}
    }
  ];
}

extend VisibleTypeSet {
  optional ItemsVisibleTypeSet items_visible_type_set = 10;
}

extend ObjectType {
  optional Type type = 101;
}


"""
    expected = """syntax = "proto3";
package acme.api.items;

option java_package = "com.acme.api.items";

message VisibleTypeEnumValueOption {
  repeated .acme.api.items.ObjectType type = 1;
}
message ObjectType {}
message VisibleTypeSet {}
enum Type {
  reserved 13;
  reserved 15;
  reserved "MARKET_ITEM_SETTINGS";
  reserved "PROMO";
  ITEM = 0;
  PAGE = 1;
  ITEM_IMAGE = 2;
}
enum ItemsVisibleTypeSet {
  LEGACY = 1 [(acme.api.items.visible_types) = {
    type: [
      {
        [acme.api.items.type]: ITEM
      },
      {
        [acme.api.items.type]: PAGE
      },
      {
        [acme.api.items.type]: ITEM_IMAGE
      }
    ]
  }];
}

extend .google.protobuf.EnumValueOptions {
  optional .acme.api.items.VisibleTypeEnumValueOption visible_types = 24000;
}
extend .acme.api.items.VisibleTypeSet {
  optional .acme.api.items.ItemsVisibleTypeSet items_visible_type_set = 10;
}
extend .acme.api.items.ObjectType {
  optional .acme.api.items.Type type = 101;
}
"""
    # It extends descriptor.proto's options without importing it, which only Confluent's parser lets pass.
    types = {f"acme.api.items.{name}" for name in
             ("VisibleTypeEnumValueOption", "ObjectType", "VisibleTypeSet", "Type", "ItemsVisibleTypeSet")}
    extensions = {"acme.api.items.visible_types": False, "acme.api.items.items_visible_type_set": False,
                  "acme.api.items.type": False}
    once = printed(source, types | {"google.protobuf.EnumValueOptions"}, extensions)
    assert once == expected
    assert printed(once, types | {"google.protobuf.EnumValueOptions"}, extensions) == expected


NORMALIZATION_SOURCE = """syntax = "proto3";
package my.package;

import "google/protobuf/timestamp.proto";
import "confluent/type/decimal.proto";

option java_package = "my.package";
option java_outer_classname = "Outer";
option java_multiple_files = true;
option java_string_check_utf8 = true;
option optimize_for = CODE_SIZE;
option go_package = "go.package";
option cc_generic_services = false;
option java_generic_services = true;
option py_generic_services = false;
option php_generic_services = true;
option cc_enable_arenas = true;
option objc_class_prefix = "objc";
option csharp_namespace = "csharp";
option swift_prefix = "swift";
option php_class_prefix = "php";
option php_namespace = "php_ns";
option php_metadata_namespace = "php_md_ns";
option ruby_package = "ruby";

message Nested {
  confluent.type.Decimal test_cflt_decimal = 1 [(confluent.field_meta) = {
    params: [
      {
        value: "8",
        key: "precision"
      },
      {
        value: "3",
        key: "scale"
      }
    ],
    doc: "test decimal"
  }];
  google.protobuf.Timestamp test_timestamp = 2;
  map<string, InnerMessage> test_map = 3;

  message InnerMessage {
    reserved "foo", "bar";
    reserved 14, 15, 9 to 11;
    reserved 1, 20, 29 to 31;

    option no_standard_descriptor_accessor = true;
    option deprecated = true;

    InnerMessage.DeepMessage deep2 = 4;
    Nested.InnerMessage.DeepMessage deep3 = 5;
    my.package.Nested.InnerMessage.DeepMessage deep4 = 6;
    .my.package.Nested.InnerMessage.DeepMessage deep5 = 7;
    string id = 1 [json_name = "id"];
    repeated int32 ids = 2 [packed = true];
    DeepMessage deep1 = 3;

    oneof some_val {
      string one_id = 12;
      int32 other_id = 11;
    }
    oneof some_val2 {
      string one_id2 = 13;
      int32 other_id2 = 10 [
        deprecated = true,
        ctype = CORD,
        jstype = JS_STRING,
        json_name = "otherId2"
      ];
    }

    message DeepMessage {
      string id = 1;
    }
    enum InnerEnum {
      reserved 100 to 110;
      option allow_alias = true;
      TWO = 2;
      ONE = 1;
      ZERO = 0 [deprecated = true];
      ALSO_ZERO = 0;
    }
  }
}
enum Status {
  INACTIVE = 1;
  ACTIVE = 0;
}

service MyService {
  option deprecated = true;

  rpc MyMethod2 (stream Nested) returns (Nested.InnerMessage);
  rpc MyMethod1 (Nested.InnerMessage) returns (stream Nested) {
    option idempotency_level = NO_SIDE_EFFECTS;
    option deprecated = true;
  };
}
"""

NORMALIZATION_EXPECTED = expected_text("normalization.proto")


def test_options_fields_oneofs_enum_values_and_rpc_types() -> None:
    # proto3 wants the first enum value to be zero: only Confluent's parser takes the source as written.
    types = {"confluent.type.Decimal", "google.protobuf.Timestamp", "my.package.Status", "my.package.Nested",
             "my.package.Nested.InnerMessage", "my.package.Nested.InnerMessage.DeepMessage",
             "my.package.Nested.InnerMessage.InnerEnum"}
    assert printed(NORMALIZATION_SOURCE, types, {"confluent.field_meta": False}) == NORMALIZATION_EXPECTED
    assert printed(NORMALIZATION_EXPECTED, types, {"confluent.field_meta": False}) == NORMALIZATION_EXPECTED


def test_extend_blocks_of_one_extendee_are_merged() -> None:
    source = """package my.package;

message ExtendedDummy {
    // just to namespace the extensions
    extend Extended {
        optional string extension_normal2 = 101;
        optional string extension_normal = 100;
    }

    message Nested {
        // but these are to test insane but legit definitions
        extend package.Extended {
            optional string extension_identifier2 = 103;
            optional string extension_identifier = 102;
        }
        message Oh {
            extend my.package.Extended {
                optional string extension_vault_replace2 = 105;
                optional string extension_vault_replace = 104;
            }
            message My {
                extend .my.package.Extended {
                    optional string extension_fidelius_token2 = 107;
                    optional string extension_fidelius_token = 106;
                }
                message God {
                    extend Extended.NestedExtended {
                        optional string extension_nested_entity2 = 109;
                        optional string extension_nested_entity = 108;
                    }
                    extend my.package.Extended.NestedExtended {
                        optional string extension_nested_again2 = 111;
                        optional string extension_nested_again = 110;
                    }
                }
            }
        }
    }
}

message Extended {
    optional string vaulted_data = 1;
    optional string field_normal = 2;
    extensions 100 to 199;

    message NestedExtended {
        optional string vaulted_data = 1;
        optional string field_normal = 2;
        optional string field_vault_replace = 3;
        extensions 100 to 199;
        extend NestedExtended {
            optional string extension_nested_trouble2 = 113;
            optional string extension_nested_trouble = 112;
        }
    }
}
"""
    assert stored(source) == expected_text("extensions.proto")


def test_option_names_resolved_in_their_scope_and_empty_lists_dropped() -> None:
    source = """syntax = "proto2";
package io.confluent.kafka.serializers.protobuf.test;

import "google/protobuf/descriptor.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";

message FooBar {
  extensions 100 to 200;

  optional int32 foo = 1;
  optional string bar = 2;
  repeated FooBar nested = 3;

  message More {
    repeated int32 serial = 1;

    extend FooBar {
      optional string more_string = 150;
    }

    option (my_message_option) = {[FooBar.More2.more2_string]: "foobar", [rep]: []};
  }

  extend google.protobuf.EnumOptions {
    optional string foobar_string = 71001;
  }

  enum FooBarBazEnum {
    option (FooBar.foobar_string) = "foobar";

    FOO = 1;
    BAR = 2;
    BAZ = 3;
  }
}

extend google.protobuf.MessageOptions {
  optional FooBar my_message_option = 50001;
}

extend FooBar {
  optional FooBar.FooBarBazEnum ext = 101;
  repeated FooBar.FooBarBazEnum rep = 102;
}"""
    package = "io.confluent.kafka.serializers.protobuf.test"
    expected = expected_text("extensions2.proto")
    # FooBar.More2 is declared nowhere: protoc refuses the source, Confluent's parser does not look.
    types = {f"{package}.{name}" for name in ("FooBar", "FooBar.More", "FooBar.FooBarBazEnum")}
    extensions = {f"{package}.FooBar.More.more_string": False, f"{package}.FooBar.foobar_string": False,
                  f"{package}.my_message_option": False, f"{package}.ext": False, f"{package}.rep": True}
    declared = types | {"google.protobuf.EnumOptions", "google.protobuf.MessageOptions"}
    assert printed(source, declared, extensions) == expected


def test_custom_option_settings_merged_and_defaults_sorted_with_them() -> None:
    source = """package acme.common;

import "google/protobuf/descriptor.proto";

option java_outer_classname = "ExternalMetadata";
option java_package = "com.acme.protos.common";

message ExternalMetadata {
  /** The content type of the blob contained in metadata **/
  optional string content_type = 1;
  /** The arbitrary encoding of bytes **/
  optional bytes metadata = 2 [
    default = "0", (length).min = 1.0, (length).max = 1024.0];
}

/** Field level validation options */
extend google.protobuf.FieldOptions {
  optional Range length = 22301;
}

/** A range of numeric values */
message Range {
  /** The minimum allowable value */
  optional double min = 1 [default = -inf];
;

  /** The maximum allowable value */
  optional double max = 2 [default = nan];
;
}
"""
    # Confluent's test writes the bytes default bare (`default = 0`), which protoc refuses; quoted, as here,
    # Confluent's text is the same but for the quotes, which this registry always writes.
    assert stored(source) == """package acme.common;

import "google/protobuf/descriptor.proto";

option java_outer_classname = "ExternalMetadata";
option java_package = "com.acme.protos.common";

message ExternalMetadata {
  optional string content_type = 1;
  optional bytes metadata = 2 [
    (acme.common.length) = {
      max: 1024,
      min: 1
    },
    default = "0"
  ];
}
message Range {
  optional double min = 1 [default = -inf];
  optional double max = 2 [default = nan];
}

extend .google.protobuf.FieldOptions {
  optional .acme.common.Range length = 22301;
}
"""


def test_a_type_relative_to_a_package_prefix() -> None:
    source = ('syntax = "proto3";\npackage confluent.package;\n\nimport "confluent/type/decimal.proto";\n\n'
              "message Nested {\n  type.Decimal test_cflt_decimal = 1;\n}\n")
    assert stored(source) == source.replace("  type.Decimal", "  .confluent.type.Decimal")


@pytest.mark.parametrize(("written", "printed_as"), [
    ("123", "123"), ("0123", "83"), ("0x123", "291"), ("0123.0", "123"), ("123.", "123"), ("123.0", "123"),
    ("123.00", "123"), ("123e1", "1230"), ("123E1", "1230"), ("123E+1", "1230"), ("123E-1", "12.3"),
    (".123E+3", "123"), ("1.23E+3", "1230"), ("12.3E+3", "12300"), ("123.E+3", "123000"),
    ("123.4E+3", "123400"), ("123.45E+3", "123450"), ("123.456E+3", "123456"), ("123.4567E+2", "12345.67"),
    ("-2.0", "-2"), ("10f", "10"), ("1.23f", "1.23"), ("-inf", "-inf"),
])
def test_numbers_as_confluent_prints_them(written: str, printed_as: str) -> None:
    assert java_number(written) == printed_as


def test_the_registry_keeps_its_identity_and_a_reordered_source_prints_alike() -> None:
    first = ('syntax = "proto3";\npackage p;\nimport "google/protobuf/timestamp.proto";\n'
             'import "google/protobuf/duration.proto";\noption java_package = "x";\noption go_package = "y";\n'
             "message M {\n  google.protobuf.Duration d = 2;\n  oneof o { string b = 4; string a = 3; }\n"
             "  google.protobuf.Timestamp t = 1;\n}\n")
    second = ('syntax = "proto3";\npackage p;\nimport "google/protobuf/duration.proto";\n'
              'import "google/protobuf/timestamp.proto";\noption go_package = "y";\noption java_package = "x";\n'
              "message M {\n  .google.protobuf.Timestamp t = 1;\n  oneof o { string a = 3; string b = 4; }\n"
              "  .google.protobuf.Duration d = 2;\n}\n")
    one, other = parse(first, normalize=True), parse(second, normalize=True)
    assert one.stored_text == other.stored_text == (
        'syntax = "proto3";\npackage p;\n\nimport "google/protobuf/duration.proto";\n'
        'import "google/protobuf/timestamp.proto";\n\noption go_package = "y";\noption java_package = "x";\n\n'
        "message M {\n  .google.protobuf.Timestamp t = 1;\n  .google.protobuf.Duration d = 2;\n\n"
        "  oneof o {\n    string a = 3;\n    string b = 4;\n  }\n}\n"
    )
    # the identity (de-duplication, ids) is still our canonical text, normalized as before
    assert one == other and one.canonical != one.stored_text
    assert parse(one.stored_text, normalize=True).stored_text == one.stored_text


def test_a_type_that_resolves_to_nothing_cannot_be_printed() -> None:
    source = 'syntax = "proto3";\npackage p;\nmessage M {\n  q.D d = 1;\n}\n'
    with pytest.raises(Unsupported, match=r"type q\.D "):
        printed(source, {"p.M"})


def test_a_reference_type_used_without_import_resolves_as_confluent_resolves_it() -> None:
    """Confluent resolves names against every referenced schema, imported or not (as the lenient compile
    lets such a type pass when validateFields is off)."""
    source = 'syntax = "proto3";\npackage p;\nmessage M {\n  string note = 2;\n  q.D d = 1;\n}\n'
    schema = parse(source, (dep("dep.proto", 'syntax = "proto3";\npackage q;\nmessage D {}\n'),), normalize=True)
    assert schema.stored_text == 'syntax = "proto3";\npackage p;\n\nmessage M {\n  .q.D d = 1;\n  string note = 2;\n}\n'


def test_a_rendering_that_is_another_schema_is_not_stored() -> None:
    """Sorting a proto2 enum's values by number makes another value its default: that text is not this
    schema, so the registry keeps its own normalized text (which keeps the first value first)."""
    source = 'syntax = "proto2";\nenum E {\n  B = 1;\n  A = 0;\n}\nmessage M {\n  optional E e = 1;\n}\n'
    assert "  A = 0;\n  B = 1;\n" in printed(source, {"E", "M"})
    schema = parse(source, normalize=True)
    assert schema.stored_text == schema.canonical
    assert schema.canonical.index("B = 1") < schema.canonical.index("A = 0")
