"""Protobuf's WIRE and WIRE_JSON policies: the rules of `buf breaking`'s categories of those names, under buf's
ids. A rule is checked under the categories it belongs to, and any finding of it is incompatible."""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Format, Kind, Policy, Table

WIRE = frozenset({Policy.WIRE})
WIRE_JSON = frozenset({Policy.WIRE_JSON})

_RESERVE = "Reserve the number (and the name) of what you delete so it is never reused."
_JSON_FORMAT = "Keep the json_format feature at ALLOW."
_CARDINALITY = "Keep the field's cardinality."
_RESERVATIONS = "Keep the reservations."


def _rpc(what: str) -> tuple[str, str]:
    """The purpose and the hint of the rule that an RPC keeps `what`."""
    return f"RPCs keep their {what}.", f"Keep the {what}; add a new RPC instead."


class Buf(Table):
    format = Format.PROTOBUF
    title = "Protobuf, WIRE and WIRE_JSON policies (buf's rules)"
    policies = frozenset({Policy.WIRE, Policy.WIRE_JSON})
    names_differences = False  # buf's own ids; Confluent has no such checks

    FILE_SAME_PACKAGE = Entry(Kind.FILE, NEVER, "Files have the same package.",
                              "Keep the package; it is part of every type's full name.")
    FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED = Entry(
        Kind.MESSAGE, NEVER, "Fields are not deleted unless their number is reserved.", _RESERVE)
    FIELD_NO_DELETE_UNLESS_NAME_RESERVED = Entry(
        Kind.MESSAGE, NEVER, "Fields are not deleted unless their name is reserved.", _RESERVE, WIRE_JSON)
    MESSAGE_SAME_JSON_FORMAT = Entry(Kind.MESSAGE, NEVER, "Messages keep JSON format support.", _JSON_FORMAT,
                                     WIRE_JSON)
    MESSAGE_SAME_REQUIRED_FIELDS = Entry(Kind.MESSAGE, NEVER, "Messages have no added or deleted required fields.",
                                         "Required fields must always be sent; add optional fields instead.")
    RESERVED_MESSAGE_NO_DELETE = Entry(Kind.MESSAGE, NEVER, "Reserved ranges and names are not deleted from a message.",
                                       _RESERVATIONS)
    FIELD_WIRE_COMPATIBLE_TYPE = Entry(Kind.FIELD, NEVER, "Fields have wire-compatible types.",
                                       "Keep a wire-compatible type, or reserve the number and add a new field.", WIRE)
    FIELD_WIRE_JSON_COMPATIBLE_TYPE = Entry(
        Kind.FIELD, NEVER, "Fields have wire- and JSON-compatible types.",
        "Keep a type with the same wire and JSON encoding, or reserve the number and add a new field.", WIRE_JSON)
    FIELD_WIRE_COMPATIBLE_CARDINALITY = Entry(Kind.FIELD, NEVER, "Fields have wire-compatible cardinalities.",
                                              _CARDINALITY, WIRE)
    FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY = Entry(
        Kind.FIELD, NEVER, "Fields have wire- and JSON-compatible cardinalities.", _CARDINALITY, WIRE_JSON)
    FIELD_SAME_DEFAULT = Entry(Kind.FIELD, NEVER, "Fields keep their default value, if one is given.",
                               "Keep the default; readers fill it in for absent values.")
    FIELD_SAME_ONEOF = Entry(Kind.FIELD, NEVER, "Fields stay in (or out of) the same oneof.",
                             "Do not move existing fields into, out of or between oneofs.")
    FIELD_SAME_JSON_NAME = Entry(Kind.FIELD, NEVER, "Fields keep their JSON name.",
                                 "Keep the JSON name (set json_name to the old one when renaming).", WIRE_JSON)
    FIELD_SAME_NAME = Entry(Kind.FIELD, NEVER, "Fields keep their name.",
                            "Keep the field name; JSON and text formats use it.", WIRE_JSON)
    ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED = Entry(
        Kind.ENUM, NEVER, "Enum values are not deleted unless their number is reserved.", _RESERVE)
    ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED = Entry(
        Kind.ENUM, NEVER, "Enum values are not deleted unless their name is reserved.", _RESERVE, WIRE_JSON)
    ENUM_VALUE_SAME_NAME = Entry(Kind.ENUM, NEVER, "Enum values keep their names (aliases may be added).",
                                 "Keep the old name (add the new one as an alias with allow_alias).", WIRE_JSON)
    ENUM_SAME_JSON_FORMAT = Entry(Kind.ENUM, NEVER, "Enums keep JSON format support.", _JSON_FORMAT, WIRE_JSON)
    RESERVED_ENUM_NO_DELETE = Entry(Kind.ENUM, NEVER, "Reserved ranges and names are not deleted from an enum.",
                                    _RESERVATIONS)
    RPC_SAME_CLIENT_STREAMING = Entry(Kind.METHOD, NEVER, *_rpc("client streaming"))
    RPC_SAME_SERVER_STREAMING = Entry(Kind.METHOD, NEVER, *_rpc("server streaming"))
    RPC_SAME_REQUEST_TYPE = Entry(Kind.METHOD, NEVER, *_rpc("request type"))
    RPC_SAME_RESPONSE_TYPE = Entry(Kind.METHOD, NEVER, *_rpc("response type"))
    RPC_SAME_IDEMPOTENCY_LEVEL = Entry(Kind.METHOD, NEVER, *_rpc("idempotency level"))
