"""Options as .proto text: standard and custom (extension) options, read through a pool that knows the extensions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from google.protobuf import descriptor_pool, message_factory, text_encoding, text_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message


class OptionReader:
    """Turns an options message (FileOptions, FieldOptions...) into `name = value` pairs, extensions included."""

    def __init__(self, pool: descriptor_pool.DescriptorPool) -> None:
        self._pool = pool

    def assignments(self, options: Message, *, sort: bool = False) -> list[str]:
        """`name = value` for every set option (one per element of a repeated option), in field order or sorted."""
        if not options.ByteSize():
            return []
        full_name = options.DESCRIPTOR.full_name
        cls = message_factory.GetMessageClass(self._pool.FindMessageTypeByName(full_name))
        resolved = cls.FromString(options.SerializeToString())
        pairs = list(_pairs(resolved))
        return sorted(pairs) if sort else pairs


def _pairs(options: Message) -> Iterator[str]:
    """`name = value` per option; a message value without repeated fields is spelled as dotted paths
    (`features.field_presence = IMPLICIT`), as people write it, others as an aggregate in braces."""
    for field, value in options.ListFields():
        name = f"({field.full_name})" if field.is_extension else field.name
        if field.is_repeated:
            for item in value:
                yield f"{name} = {format_value(field, item)}"
        elif _is_message(field) and _flattens(value):
            for rest in _pairs(value):
                yield f"{name}.{rest}"
        else:
            yield f"{name} = {format_value(field, value)}"


def _is_message(field: FieldDescriptor) -> bool:
    return field.type in (FieldDescriptor.TYPE_MESSAGE, FieldDescriptor.TYPE_GROUP)


def _flattens(value: Message) -> bool:
    fields = value.ListFields()
    return bool(fields) and not any(f.is_repeated for f, _ in fields)


def format_value(field: FieldDescriptor, value: Any) -> str:
    """A field value as a .proto literal: aggregates in braces, enums by name, strings quoted and escaped."""
    if _is_message(field):
        body = text_format.MessageToString(value, as_one_line=True)
        return f"{{ {body} }}" if body else "{}"
    if field.type == FieldDescriptor.TYPE_ENUM:
        known = field.enum_type.values_by_number.get(value) if field.enum_type is not None else None
        return known.name if known is not None else str(value)
    if field.type == FieldDescriptor.TYPE_BOOL:
        return "true" if value else "false"
    if field.type == FieldDescriptor.TYPE_STRING:
        return quote(value)
    if field.type == FieldDescriptor.TYPE_BYTES:
        return '"' + text_encoding.CEscape(value, as_utf8=False) + '"'
    if field.type in (FieldDescriptor.TYPE_FLOAT, FieldDescriptor.TYPE_DOUBLE):
        return _float_literal(value)
    return str(value)


def quote(text: str) -> str:
    """A double-quoted .proto string literal."""
    return '"' + text_encoding.CEscape(text.encode("utf-8"), as_utf8=True) + '"'


def _float_literal(value: float) -> str:
    if value != value:
        return "nan"
    if value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return repr(value)
