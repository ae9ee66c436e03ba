"""Schema tags on a Protobuf schema: the `tags` of Confluent's `(confluent.message_meta)` option on messages
and `(confluent.field_meta)` on fields (declared in confluent/meta.proto, which the file is made to import).

An entity path, as Confluent's registry reads it, names messages from the file's top level down, without
the package: `Order` or `Order.Line` (sr_record), `Order.Line.sku` (sr_field); a field of a oneof may be
named with or without the oneof (`Order.choice.card` or `Order.card`).
"""

from __future__ import annotations

from schemata.compat.protobuf.confluent_text import confluent_text
from schemata.compat.protobuf.elements import (
    EnumElement,
    FieldElement,
    FileElement,
    MessageElement,
    Option,
    Primitive,
    Unsupported,
    Value,
    parse_elements,
)
from schemata.compat.tags import EntityType, SchemaEntity, TagChanges, TagPathError, TagsNotSupportedError, new_tags

META_IMPORT = "confluent/meta.proto"
_MESSAGE_META, _FIELD_META = "confluent.message_meta", "confluent.field_meta"


def retagged_text(stored: str, changes: TagChanges) -> str:
    """`stored` (a Protobuf schema's stored text) with `changes` made to the tags of its messages and fields,
    in Confluent's rendering."""
    file = _elements(stored)
    tagged = False
    for entity in changes.entities():
        element = _find(file.types, entity)
        meta = _FIELD_META if entity.kind is EntityType.FIELD else _MESSAGE_META
        element.options, has_tags = _retagged_options(element.options, meta, entity, changes)
        tagged = tagged or has_tags
    if tagged and META_IMPORT not in file.imports and META_IMPORT not in file.public_imports:
        file.imports.append(META_IMPORT)
    return confluent_text(file)


def tagged_entities(stored: str) -> dict[SchemaEntity, tuple[str, ...]]:
    """The messages and fields of `stored` that carry tags, by their paths from the top level."""
    found: dict[SchemaEntity, tuple[str, ...]] = {}
    stack = [(message, message.name) for message in _elements(stored).types if isinstance(message, MessageElement)]
    while stack:
        message, path = stack.pop()
        fields = [*message.fields, *(item for oneof in message.oneofs for item in oneof.fields)]
        owners = [(SchemaEntity(path, EntityType.RECORD), message.options, _MESSAGE_META)] + [
            (SchemaEntity(f"{path}.{item.name}", EntityType.FIELD), item.options, _FIELD_META) for item in fields
        ]
        for entity, options, meta in owners:
            if tags := _split(options, meta, entity)[0]:
                found[entity] = tuple(tags)
        stack += [(nested, f"{path}.{nested.name}") for nested in message.types if isinstance(nested, MessageElement)]
    return found


def _elements(stored: str) -> FileElement:
    try:
        return parse_elements(stored)
    except Unsupported as error:
        raise TagsNotSupportedError(f"Schema tags are not supported for this Protobuf schema: {error}") from None


def _find(types: list[MessageElement | EnumElement], entity: SchemaEntity) -> MessageElement | FieldElement:
    """The message or field `entity` names."""
    names = entity.path.split(".")
    message_names, field_name = (names[:-1], names[-1]) if entity.kind is EntityType.FIELD else (names, None)
    message: MessageElement | None = None
    oneof_name = None
    for index, name in enumerate(message_names):
        found = _message(types if message is None else message.types, name)
        if found is None:
            if field_name is not None and message is not None and index == len(message_names) - 1:
                oneof_name = name  # the last step before a field may be a oneof
                break
            raise TagPathError(entity, f"no message '{name}'")
        message = found
    if message is None:
        raise TagPathError(entity)
    if field_name is None:
        return message
    groups = [oneof.fields for oneof in message.oneofs if oneof_name in (None, oneof.name)]
    for candidates in ([] if oneof_name else [message.fields]) + groups:
        for element in candidates:
            if element.name == field_name:
                return element
    raise TagPathError(entity, f"no field '{field_name}'")


def _message(types: list[MessageElement | EnumElement], name: str) -> MessageElement | None:
    return next((t for t in types if isinstance(t, MessageElement) and t.name == name), None)


def _retagged_options(
    options: list[Option], meta: str, entity: SchemaEntity, changes: TagChanges
) -> tuple[list[Option], bool]:
    """`options` with the tags of their `(meta)` option changed, and whether any are left: `(meta).tags = ...`
    and `(meta) = {...}` options are folded into one literal at the end (none when it is left empty)."""
    existing, literal, others = _split(options, meta, entity)
    tags = new_tags(existing, entity, changes)
    fields: dict[str, Value] = {"tags": [Primitive("STRING", tag) for tag in tags]} if tags else {}
    fields.update(literal)
    return ([*others, Option(meta, fields, parenthesized=True)] if fields else others), bool(tags)


def _split(options: list[Option], meta: str, entity: SchemaEntity) -> tuple[list[str], dict[str, Value], list[Option]]:
    """The tags `options` give with `(meta)`, the other keys of its `(meta) = {...}` literals, and the other
    options."""
    tags: list[str] = []
    literal: dict[str, Value] = {}
    others: list[Option] = []
    for option in options:
        if option.parenthesized and option.name == meta and isinstance(option.value, Option | dict):
            if isinstance(option.value, dict):
                rest = dict(option.value)
                tags += _strings(rest.pop("tags", []), entity)
                literal.update(rest)
                continue
            if option.value.name == "tags":
                tags += _strings(option.value.value, entity)
                continue
        others.append(option)
    return tags, literal, others


def _strings(value: Value, entity: SchemaEntity) -> list[str]:
    items = value if isinstance(value, list) else [value]
    strings = [item.text for item in items if isinstance(item, Primitive) and item.kind == "STRING"]
    if len(strings) != len(items):
        raise TagPathError(entity, "its tags option is not a list of strings")
    return strings
