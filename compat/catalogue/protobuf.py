"""Protobuf's STRICT policy: Confluent's difference types. Every difference is reported; those compatible under
STRICT (`OK`) do not make a change incompatible."""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Format, Kind, Policy, Table

OK = frozenset({Policy.STRICT})


class Protobuf(Table):
    format = Format.PROTOBUF
    title = "Protobuf, STRICT policy (Confluent's difference types)"
    policies = frozenset({Policy.STRICT})
    names_differences = True

    PACKAGE_CHANGED = Entry(Kind.FILE, NEVER, "The package of the file is unchanged.",
                            "Keep the package; a message's full name is part of its identity.")
    MESSAGE_ADDED = Entry(Kind.MESSAGE_SLOT, OK, "A message type was added.")
    MESSAGE_REMOVED = Entry(Kind.MESSAGE_SLOT, NEVER, "Message types are not removed.",
                            "Keep the message (mark it deprecated) so data and references using it still resolve.")
    MESSAGE_MOVED = Entry(Kind.MESSAGE_SLOT, OK, "A message changed position among its siblings.")
    ENUM_ADDED = Entry(Kind.ENUM_SLOT, OK, "An enum type was added.")
    ENUM_REMOVED = Entry(Kind.ENUM_SLOT, OK, "An enum type was removed.")
    ENUM_CONST_ADDED = Entry(Kind.ENUM_VALUE, OK, "An enum constant was added.")
    ENUM_CONST_REMOVED = Entry(Kind.ENUM_VALUE, OK, "An enum constant was removed.",
                               "Reserve the number and the name so they are not reused.")
    ENUM_CONST_CHANGED = Entry(Kind.ENUM_VALUE, OK, "An enum constant was renamed.")
    ONEOF_ADDED = Entry(Kind.MESSAGE, OK, "A oneof was added.")
    ONEOF_REMOVED = Entry(Kind.MESSAGE, OK, "A oneof was removed.")
    MULTIPLE_FIELDS_MOVED_TO_ONEOF = Entry(Kind.MESSAGE, NEVER, "Independent fields are not merged into a oneof.",
                                           "Leave existing fields outside the oneof and add new fields to it instead.")
    FIELD_MOVED_TO_EXISTING_ONEOF = Entry(Kind.MESSAGE, NEVER, "Existing fields are not moved into an existing oneof.",
                                          "Leave the field outside the oneof; only new fields may join it.")
    FIELD_ADDED = Entry(Kind.FIELD, OK, "A field was added.")
    REQUIRED_FIELD_ADDED = Entry(Kind.FIELD, NEVER, "Required fields are not added.",
                                 "Add the field as optional; old data does not have it.")
    ONEOF_FIELD_ADDED = Entry(Kind.FIELD, OK, "A field was added to a oneof.")
    FIELD_REMOVED = Entry(Kind.FIELD, OK, "A field was removed.",
                          "Reserve the tag and the name so they are never reused.")
    REQUIRED_FIELD_REMOVED = Entry(Kind.FIELD, NEVER, "Required fields are not removed.",
                                   "Keep the required field; readers of the old schema reject data without it.")
    ONEOF_FIELD_REMOVED = Entry(Kind.FIELD, NEVER, "Fields are not removed from a oneof that stays.",
                                "Keep the field in the oneof, or remove the whole oneof with all its fields.")
    ONEOF_FIELD_MOVED_TO_TOP_LEVEL = Entry(Kind.FIELD, OK, "A oneof member became a top-level field.")
    FIELD_NAME_CHANGED = Entry(Kind.FIELD, OK, "A field was renamed (the binary encoding uses tags only).")
    FIELD_KIND_CHANGED = Entry(Kind.TYPE, NEVER, "A field stays a scalar, a message or a map.",
                               "Reserve the tag and add a new field with the new type.")
    FIELD_SCALAR_KIND_CHANGED = Entry(Kind.TYPE, NEVER, "A scalar field keeps its scalar group.",
                                      "Keep the field in its scalar group, or reserve the tag and add a new field.")
    FIELD_NUMERIC_LABEL_CHANGED = Entry(
        Kind.TYPE, NEVER, "A numeric field keeps its label.",
        "Keep the label: repeated numbers are packed, which a singular reader cannot parse.",
    )
    FIELD_STRING_OR_BYTES_LABEL_CHANGED = Entry(Kind.TYPE, OK, "A string or bytes field changed label.")
    FIELD_NAMED_TYPE_CHANGED = Entry(Kind.TYPE, NEVER, "A message field keeps a compatible message type.",
                                     "Reserve the tag and add a new field with the new message type.")
