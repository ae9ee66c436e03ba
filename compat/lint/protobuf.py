"""The lint view of a Protobuf schema: the messages and enums of the root file (map entries left out).

Paths are those of the compatibility findings: `#/Outer/Inner` for a message, `#/Outer/Inner/3` for its
field number 3, `#/Outer/Kind/VALUE` for an enum value. Protoc keeps no comments in what it hands back,
so leading comments (documentation) are read from the schema text by `leading_comments`.
"""

from __future__ import annotations

import re

from schemata.compat.lint.view import EnumView, FieldView, RecordView, SchemaView
from schemata.compat.protobuf.model import EnumModel, FieldModel, MessageModel
from schemata.compat.protobuf.schema import ProtobufSchema
from schemata.compat.schema import ParsedSchema

_SCALARS = {
    "double": "float", "float": "float", "string": "string", "bool": "boolean", "bytes": "bytes",
    **{name: "integer" for name in (
        "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64",
    )},
}
_WELL_KNOWN = {
    "google.protobuf.Timestamp": "timestamp",
    "google.protobuf.Any": "any",
    "google.protobuf.Struct": "any",
    "google.protobuf.Value": "any",
    "google.protobuf.ListValue": "any",
    "google.type.Money": "decimal",
    "google.type.Decimal": "decimal",
}
_DECLARATION = re.compile(r"^\s*(message|enum|oneof|service|extend|group)\s+(\w+)")
_NUMBERED = re.compile(r"\b(\w+)\s*=\s*(-?\d+)")


def message_path(message: MessageModel | EnumModel) -> str:
    return "#/" + message.local_name.replace(".", "/")


def view(schema: ParsedSchema, text: str) -> SchemaView:
    assert isinstance(schema, ProtobufSchema)
    model = schema.model
    documented = leading_comments(text)
    records = tuple(
        _record(message, documented) for message in model.all_messages() if not message.is_map_entry
    )
    enums = tuple(
        EnumView(
            enum.name, message_path(enum), message_path(enum),
            tuple((name, f"{message_path(enum)}/{name}") for name, _ in enum.values), enum,
        )
        for enum in model.all_enums()
    )
    return SchemaView(records, enums, records[0] if records and "." not in records[0].node.local_name else None)


def _record(message: MessageModel, documented: dict[str, str]) -> RecordView:
    path = message_path(message)
    fields = tuple(_field(each, f"{path}/{each.number}", documented) for each in message.fields.values())
    return RecordView(message.name, path, path, documented.get(path), fields, message)


def _field(field: FieldModel, path: str, documented: dict[str, str]) -> FieldView:
    if field.map_entry is not None:
        kind = "map"
    elif field.kind in ("message", "group"):
        kind = _WELL_KNOWN.get(field.type_name, "record")
    else:
        kind = _SCALARS.get(field.kind, field.kind)
    optional = field.label == "optional" or field.oneof is not None
    return FieldView(field.name, path, documented.get(path), kind, optional, field)


def leading_comments(text: str) -> dict[str, str]:
    """The leading comment of each message, enum and field declared right under one (no blank line between),
    by path."""
    found: dict[str, str] = {}
    scopes: list[tuple[str, str]] = []  # (kind, name) of each open brace; kind "" for other braces
    comment: list[str] = []
    in_block = False
    for line in text.splitlines():
        stripped = line.strip()
        if in_block or stripped.startswith(("//", "/*")):
            in_block = (in_block or stripped.startswith("/*")) and "*/" not in stripped
            comment.append(stripped.lstrip("/*").rstrip("*/").strip())
            continue
        declared = _DECLARATION.match(line)
        names = [name for kind, name in scopes if kind in ("message", "enum")]
        doc = " ".join(part for part in comment if part)
        if declared:
            if doc and declared.group(1) in ("message", "enum"):
                found["#/" + "/".join([*names, declared.group(2)])] = doc
        elif scopes and doc and (numbered := _NUMBERED.search(line)):
            inner = next((kind for kind, _ in reversed(scopes) if kind != "oneof"), "")
            key = numbered.group(2) if inner == "message" else numbered.group(1)
            found["#/" + "/".join([*names, key])] = doc
        opening = (declared.group(1), declared.group(2)) if declared else ("", "")
        for char in re.sub(r'"[^"]*"|//.*', "", line):
            if char == "{":
                scopes.append(opening)
                opening = ("", "")
            elif char == "}" and scopes:
                scopes.pop()
        comment = []
    return found
