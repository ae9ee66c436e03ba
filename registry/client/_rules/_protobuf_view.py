"""How rules see Protobuf messages: as plain values, read through the message's descriptor.

Conditions (CEL) read a message as a map of its fields: scalars as they are, enums as their numbers, repeated
fields as lists, maps as dicts, nested messages as maps (an unset one as null), and the well-known Timestamp,
Duration and wrapper types as the value they carry. Transforms and field rules are refused on Protobuf for now.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from schemata.registry.client._rules._fields import Visit

_WRAPPERS = frozenset(f"google.protobuf.{name}Value" for name in (
    "Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes"))


class ProtobufMessages:
    field_rules = False
    transforms = False

    @staticmethod
    def plain(message: Any) -> Any:
        return message_to_plain(message) if isinstance(message, Message) else message

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        raise NotImplementedError("field rules are refused on Protobuf before they run")


def message_to_plain(message: Message) -> dict[str, Any]:
    """The fields of `message` by name, as plain values."""
    plain: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.is_repeated and field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            plain[field.name] = {key: _value(value_field, item) for key, item in value.items()}
        elif field.is_repeated:
            plain[field.name] = [_value(field, item) for item in value]
        elif field.type == FieldDescriptor.TYPE_MESSAGE and not message.HasField(field.name):
            plain[field.name] = None
        else:
            plain[field.name] = _value(field, value)
    return plain


def _value(field: Any, value: Any) -> Any:
    """One field's value (`field` a FieldDescriptor, pure-Python or upb: the stubs type them apart)."""
    if field.type != FieldDescriptor.TYPE_MESSAGE:
        return int(value) if field.type == FieldDescriptor.TYPE_ENUM else value
    name = field.message_type.full_name
    if name == "google.protobuf.Timestamp":
        return value.ToDatetime(tzinfo=dt.UTC)
    if name == "google.protobuf.Duration":
        return value.ToTimedelta()
    if name in _WRAPPERS:
        return value.value
    return message_to_plain(value)
