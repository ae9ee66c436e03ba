"""Original/update pairs for the WIRE and WIRE_JSON policies, with the findings expected in each category.

`PKG` stands for the package, so the buf oracle can put every pair in one module under its own package.
"""

from __future__ import annotations

from dataclasses import dataclass

P3 = 'syntax = "proto3";\npackage PKG;\n'
P2 = 'syntax = "proto2";\npackage PKG;\n'
ED = 'edition = "2023";\npackage PKG;\n'


@dataclass(frozen=True)
class WireCase:
    old: str
    new: str
    wire: tuple[tuple[str, str], ...] = ()
    wire_json: tuple[tuple[str, str], ...] = ()


CASES: dict[str, WireCase] = {
    "field_deleted": WireCase(
        P3 + "message A { int32 x = 1; string s = 2; }", P3 + "message A { int32 x = 1; }",
        wire=(("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/A/2"),),
        wire_json=(("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/A/2"),
                   ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "#/A/2")),
    ),
    "field_deleted_number_reserved": WireCase(
        P3 + "message A { int32 x = 1; string s = 2; }", P3 + "message A { int32 x = 1; reserved 2; }",
        wire_json=(("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "#/A/2"),),
    ),
    "field_deleted_fully_reserved": WireCase(
        P3 + "message A { int32 x = 1; string s = 2; }",
        P3 + 'message A { int32 x = 1; reserved 2; reserved "s"; }',
    ),
    "int32_to_int64": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { int64 x = 1; }",
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "int32_to_uint32": WireCase(P3 + "message A { int32 x = 1; }", P3 + "message A { uint32 x = 1; }"),
    "int32_to_sint32": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { sint32 x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "string_to_bytes": WireCase(
        P3 + "message A { string x = 1; }", P3 + "message A { bytes x = 1; }",
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "bytes_to_string": WireCase(
        P3 + "message A { bytes x = 1; }", P3 + "message A { string x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "enum_to_int32": WireCase(
        P3 + "enum E { E0 = 0; } message A { E x = 1; }", P3 + "enum E { E0 = 0; } message A { int32 x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "enum_replaced_by_superset": WireCase(
        P3 + "enum E { E0 = 0; } message A { E x = 1; }",
        P3 + "enum E { E0 = 0; } message M { enum E { E0 = 0; E1 = 1; } } message A { M.E x = 1; }",
    ),
    "message_type_changed": WireCase(
        P3 + "message B {} message C {} message A { B x = 1; }",
        P3 + "message B {} message C {} message A { C x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "delimited_encoding": WireCase(
        ED + "message A { A child = 1; }", ED + "message A { A child = 1 [features.message_encoding = DELIMITED]; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "singular_to_repeated": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { repeated int32 x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_CARDINALITY", "#/A/1"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "#/A/1"),),
    ),
    "implicit_to_explicit_presence": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { optional int32 x = 1; }",
    ),
    "map_value_type": WireCase(
        P3 + "message A { map<string, int32> m = 1; }", P3 + "message A { map<string, int64> m = 1; }",
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/MEntry/2"),),
    ),
    "field_renamed": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { int32 y = 1; }",
        wire_json=(("FIELD_SAME_JSON_NAME", "#/A/1"), ("FIELD_SAME_NAME", "#/A/1")),
    ),
    "json_name_changed": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + 'message A { int32 x = 1 [json_name = "ex"]; }',
        wire_json=(("FIELD_SAME_JSON_NAME", "#/A/1"),),
    ),
    "moved_into_oneof": WireCase(
        P3 + "message A { int32 x = 1; }", P3 + "message A { oneof o { int32 x = 1; } }",
        wire=(("FIELD_SAME_ONEOF", "#/A/1"),), wire_json=(("FIELD_SAME_ONEOF", "#/A/1"),),
    ),
    "moved_between_oneofs": WireCase(
        P3 + "message A { oneof o { int32 x = 1; } }", P3 + "message A { oneof p { int32 x = 1; } }",
        wire=(("FIELD_SAME_ONEOF", "#/A/1"),), wire_json=(("FIELD_SAME_ONEOF", "#/A/1"),),
    ),
    "enum_value_deleted": WireCase(
        P3 + "enum E { E0 = 0; E1 = 1; }", P3 + "enum E { E0 = 0; }",
        wire=(("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/E/1"),),
        wire_json=(("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/E/1"),
                   ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "#/E/1")),
    ),
    "enum_value_deleted_reserved": WireCase(
        P3 + "enum E { E0 = 0; E1 = 1; }", P3 + 'enum E { E0 = 0; reserved 1; reserved "E1"; }',
    ),
    "enum_value_renamed": WireCase(
        P3 + "enum E { E0 = 0; E1 = 1; }", P3 + "enum E { E0 = 0; ONE = 1; }",
        wire_json=(("ENUM_VALUE_SAME_NAME", "#/E/1"),),
    ),
    "message_reserved_deleted": WireCase(
        P3 + 'message A { reserved 5 to 10; reserved "old"; }', P3 + "message A { reserved 5 to 7; }",
        wire=(("RESERVED_MESSAGE_NO_DELETE", "#/A"), ("RESERVED_MESSAGE_NO_DELETE", "#/A")),
        wire_json=(("RESERVED_MESSAGE_NO_DELETE", "#/A"), ("RESERVED_MESSAGE_NO_DELETE", "#/A")),
    ),
    "enum_reserved_deleted": WireCase(
        P3 + "enum E { E0 = 0; reserved 3; }", P3 + "enum E { E0 = 0; }",
        wire=(("RESERVED_ENUM_NO_DELETE", "#/E"),), wire_json=(("RESERVED_ENUM_NO_DELETE", "#/E"),),
    ),
    "required_field_added": WireCase(
        P2 + "message A { optional int32 x = 1; }", P2 + "message A { optional int32 x = 1; required int32 y = 2; }",
        wire=(("MESSAGE_SAME_REQUIRED_FIELDS", "#/A/2"),), wire_json=(("MESSAGE_SAME_REQUIRED_FIELDS", "#/A/2"),),
    ),
    "default_changed": WireCase(
        P2 + "message A { optional int32 x = 1 [default = 1]; }",
        P2 + "message A { optional int32 x = 1 [default = 2]; }",
        wire=(("FIELD_SAME_DEFAULT", "#/A/1"),), wire_json=(("FIELD_SAME_DEFAULT", "#/A/1"),),
    ),
    "default_made_explicit_zero": WireCase(
        P2 + "message A { optional int32 x = 1; }", P2 + "message A { optional int32 x = 1 [default = 0]; }",
    ),
    "package_changed": WireCase(
        P3 + "message A {}", P3.replace("PKG", "PKG_moved") + "message A {}",
        wire=(("FILE_SAME_PACKAGE", "#/"),), wire_json=(("FILE_SAME_PACKAGE", "#/"),),
    ),
    "rpc_changed": WireCase(
        P3 + "message Q {} message R {} service S { rpc Get(Q) returns (R); rpc Put(Q) returns (R); }",
        P3 + "message Q {} message R {} service S { rpc Get(R) returns (stream R); rpc Put(stream Q) returns (Q) {"
             " option idempotency_level = IDEMPOTENT; } }",
        wire=(("RPC_SAME_SERVER_STREAMING", "#/S/Get"), ("RPC_SAME_REQUEST_TYPE", "#/S/Get"),
              ("RPC_SAME_CLIENT_STREAMING", "#/S/Put"), ("RPC_SAME_RESPONSE_TYPE", "#/S/Put"),
              ("RPC_SAME_IDEMPOTENCY_LEVEL", "#/S/Put")),
        wire_json=(("RPC_SAME_SERVER_STREAMING", "#/S/Get"), ("RPC_SAME_REQUEST_TYPE", "#/S/Get"),
                   ("RPC_SAME_CLIENT_STREAMING", "#/S/Put"), ("RPC_SAME_RESPONSE_TYPE", "#/S/Put"),
                   ("RPC_SAME_IDEMPOTENCY_LEVEL", "#/S/Put")),
    ),
    "message_deleted": WireCase(P3 + "message A {} message B { int32 x = 1; }", P3 + "message A {}"),
    "nested_field_type": WireCase(
        P3 + "message Outer { message Inner { fixed32 x = 1; } }",
        P3 + "message Outer { message Inner { fixed64 x = 1; } }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/Outer/Inner/1"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/Outer/Inner/1"),),
    ),
    "json_format_dropped": WireCase(
        ED + "message A { int32 x = 1; } enum E { E0 = 0; }",
        ED + "message A { option features.json_format = LEGACY_BEST_EFFORT; int32 x = 1; }"
             " enum E { option features.json_format = LEGACY_BEST_EFFORT; E0 = 0; }",
        wire_json=(("MESSAGE_SAME_JSON_FORMAT", "#/A"), ("ENUM_SAME_JSON_FORMAT", "#/E")),
    ),
    "proto3_to_proto2": WireCase(
        P3 + "message A { int32 x = 1; }", P2 + "message A { optional int32 x = 1; }",
        wire_json=(("MESSAGE_SAME_JSON_FORMAT", "#/A"),),
    ),
    "compatible_growth": WireCase(
        P3 + "message A { int32 x = 1; }",
        P3 + "message A { int32 x = 1; string y = 2; message B {} enum E { E0 = 0; } }",
    ),
    "enum_default_changed": WireCase(
        P2 + "enum E { A = 0; B = 1; } message M { optional E e = 1 [default = B]; }",
        P2 + "enum E { A = 0; B = 1; } message M { optional E e = 1 [default = A]; }",
        wire=(("FIELD_SAME_DEFAULT", "#/M/1"),), wire_json=(("FIELD_SAME_DEFAULT", "#/M/1"),),
    ),
    "string_default_changed": WireCase(
        P2 + 'message M { optional string s = 1 [default = "a"]; }',
        P2 + 'message M { optional string s = 1 [default = "b"]; }',
        wire=(("FIELD_SAME_DEFAULT", "#/M/1"),), wire_json=(("FIELD_SAME_DEFAULT", "#/M/1"),),
    ),
    "repeated_to_map": WireCase(
        P3 + "message A { message E { string key = 1; int32 value = 2; } repeated E m = 1; }",
        P3 + "message A { message E { string key = 1; int32 value = 2; } map<string, int32> m = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"), ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "#/A/1")),
    ),
    "required_to_optional": WireCase(
        P2 + "message A { required int32 x = 1; }", P2 + "message A { optional int32 x = 1; }",
        wire=(("MESSAGE_SAME_REQUIRED_FIELDS", "#/A/1"), ("FIELD_WIRE_COMPATIBLE_CARDINALITY", "#/A/1")),
        wire_json=(("MESSAGE_SAME_REQUIRED_FIELDS", "#/A/1"), ("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "#/A/1")),
    ),
    "reserved_range_split": WireCase(
        P3 + "message A { reserved 5 to 10; }", P3 + "message A { reserved 5 to 7, 8 to 10; }",
    ),
    "reserved_range_grown": WireCase(
        P3 + "message A { reserved 5 to 10; }", P3 + "message A { reserved 1 to 20; }",
    ),
    "enum_alias_added": WireCase(
        P3 + "enum E { E0 = 0; E1 = 1; }", P3 + "enum E { option allow_alias = true; E0 = 0; E1 = 1; ONE = 1; }",
    ),
    "enum_alias_removed": WireCase(
        P3 + "enum E { option allow_alias = true; E0 = 0; E1 = 1; ONE = 1; }", P3 + "enum E { E0 = 0; E1 = 1; }",
        wire_json=(("ENUM_VALUE_SAME_NAME", "#/E/1"),),
    ),
    "group_to_message": WireCase(
        P2 + "message A { optional group G = 1 { optional int32 x = 1; } }",
        P2 + "message A { message G { optional int32 x = 1; } optional G g = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "float_to_double": WireCase(
        P3 + "message A { float x = 1; }", P3 + "message A { double x = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),), wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"),),
    ),
    "nested_enum_value_deleted": WireCase(
        P3 + "message M { enum E { E0 = 0; E1 = 1; } }", P3 + "message M { enum E { E0 = 0; reserved 1; } }",
        wire_json=(("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "#/M/E/1"),),
    ),
    "editions_presence": WireCase(
        ED + "message A { int32 x = 1; int32 y = 2; }",
        ED + "message A { int32 x = 1 [features.field_presence = IMPLICIT];"
             " int32 y = 2 [features.field_presence = LEGACY_REQUIRED]; }",
        wire=(("FIELD_WIRE_COMPATIBLE_CARDINALITY", "#/A/2"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "#/A/2"),),
    ),
    "oneof_member_deleted": WireCase(
        P3 + "message A { oneof o { int32 x = 1; string s = 2; } }", P3 + "message A { oneof o { int32 x = 1; } }",
        wire=(("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/A/2"),),
        wire_json=(("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/A/2"),
                   ("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", "#/A/2")),
    ),
    "map_field_renamed": WireCase(
        P3 + "message A { map<string, int32> m = 1; }", P3 + "message A { map<string, int32> n = 1; }",
        wire=(("FIELD_WIRE_COMPATIBLE_TYPE", "#/A/1"),),
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/1"), ("FIELD_SAME_JSON_NAME", "#/A/1"),
                   ("FIELD_SAME_NAME", "#/A/1")),
    ),
    "json_name_made_explicit": WireCase(
        P3 + "message A { int32 foo_bar = 1; }", P3 + 'message A { int32 foo_bar = 1 [json_name = "fooBar"]; }',
    ),
    "enum_value_renumbered": WireCase(
        P3 + "enum E { E0 = 0; E1 = 1; }", P3 + "enum E { E0 = 0; E1 = 2; }",
        wire=(("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/E/1"),),
        wire_json=(("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "#/E/1"),
                   ("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "#/E/1")),
    ),
    "sfixed32_to_fixed32": WireCase(
        P3 + "message A { sfixed32 x = 1; repeated sint64 y = 2; }",
        P3 + "message A { fixed32 x = 1; repeated sint32 y = 2; }",
        wire_json=(("FIELD_WIRE_JSON_COMPATIBLE_TYPE", "#/A/2"),),
    ),
    "float_default_nan_kept": WireCase(
        P2 + "message A { optional float f = 1 [default = nan]; optional double d = 2 [default = 1]; }",
        P2 + "message A { optional float f = 1 [default = nan]; optional double d = 2 [default = 1.0]; }",
    ),
}
