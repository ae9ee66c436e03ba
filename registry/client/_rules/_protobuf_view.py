"""How rules see Protobuf messages: as plain values for CEL conditions, field by field for CEL_FIELD rules, and as
JSON (protobuf's JSON mapping) for migration rules, as Confluent's clients see them.

Conditions (CEL) read a message as a map of its fields: scalars as they are, enums as their numbers, repeated
fields as lists, maps as dicts, nested messages as maps (an unset one as null, an unset oneof member left out),
and the well-known Timestamp, Duration and wrapper types as the value they carry.

Field rules walk the message's fields, each matched by number to the registered schema's field (whose name, full
name and tags the rule sees: inline `(confluent.field_meta).tags` and the metadata's `tags`). A field with
presence that is unset is skipped; repeated fields are visited element by element; nested messages, repeated
messages and the values of a map of messages are walked; maps of scalars and enums are not visited (their field
types, MAP and ENUM, are not ones a field rule runs on). Timestamp and confluent.type.Decimal fields are single
values (LONG and BYTES); other well-known types are walked as the messages they are. A walk returns the message
with the transformed values, copying only the messages it changes: the caller's message is never modified.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from enum import Enum
from typing import Any

from google.protobuf import json_format
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from schemata.compat.protobuf import ProtobufSchema
from schemata.registry.client._rules._fields import PRIMITIVE, Field, FieldRuleError, Visit
from schemata.registry.client._rules._model import Metadata

_WRAPPERS = frozenset(f"google.protobuf.{name}Value" for name in (
    "Double", "Float", "Int64", "UInt64", "Int32", "UInt32", "Bool", "String", "Bytes"))
_TIMESTAMP = "google.protobuf.Timestamp"
_DECIMAL = "confluent.type.Decimal"
_FIELD_META = "confluent.field_meta"

#: Field types by Protobuf type, as Confluent's clients name them (`typeName` in CEL).
_TYPES = {
    FieldDescriptor.TYPE_STRING: "STRING", FieldDescriptor.TYPE_BYTES: "BYTES", FieldDescriptor.TYPE_BOOL: "BOOLEAN",
    FieldDescriptor.TYPE_FLOAT: "FLOAT", FieldDescriptor.TYPE_DOUBLE: "DOUBLE", FieldDescriptor.TYPE_ENUM: "ENUM",
    **dict.fromkeys((FieldDescriptor.TYPE_INT32, FieldDescriptor.TYPE_SINT32, FieldDescriptor.TYPE_UINT32,
                     FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_SFIXED32), "INT"),
    **dict.fromkeys((FieldDescriptor.TYPE_INT64, FieldDescriptor.TYPE_SINT64, FieldDescriptor.TYPE_UINT64,
                     FieldDescriptor.TYPE_FIXED64, FieldDescriptor.TYPE_SFIXED64), "LONG"),
}
_UNSIGNED = frozenset({FieldDescriptor.TYPE_UINT32, FieldDescriptor.TYPE_FIXED32, FieldDescriptor.TYPE_UINT64,
                       FieldDescriptor.TYPE_FIXED64})


class _Shape(Enum):
    LEAF = "a scalar, Timestamp or Decimal: the rule runs on it"
    MESSAGE = "a message: walked"
    MESSAGE_MAP = "a map of messages: each value walked"


@dataclass(frozen=True, slots=True)
class _FieldPlan:
    """What a walk does with one field of a message type: read from the runtime message, named as the schema."""

    attr: str
    full_name: str
    name: str
    tags: frozenset[str]
    type_name: str
    shape: _Shape
    repeated: bool
    presence: bool
    unsigned: bool
    leaf_message: str | None
    child: tuple[Any, Any] | None  # (runtime, schema) descriptors of a walked message type


class ProtobufMessages:
    """The messages of one registered Protobuf schema (None: no schema, only conditions on the message itself)."""

    field_rules = True
    transforms = False  # a CEL or JSONATA transform of the whole message is refused; field transforms run

    def __init__(self, schema: ProtobufSchema | None = None, metadata: Metadata | None = None) -> None:
        self._schema = schema
        self._metadata = metadata or Metadata()
        self._plans: dict[tuple[Any, Any, frozenset[str]], list[_FieldPlan]] = {}
        self._building: set[tuple[Any, Any, frozenset[str]]] = set()
        self._lock = threading.RLock()
        self._meta: tuple[Any, Any] | None = None

    @staticmethod
    def plain(message: Any) -> Any:
        return message_to_plain(message) if isinstance(message, Message) else message

    @property
    def migrated(self) -> JsonMessages:
        return JsonMessages()

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        if not isinstance(value, Message):
            return value
        runtime = value.DESCRIPTOR
        return self._walk(value, (runtime, self._schema_descriptor(runtime)), rule_tags, visit)

    def _schema_descriptor(self, runtime: Any) -> Any:
        """The registered schema's message of the runtime message's name (the runtime one if it has none)."""
        if self._schema is None:
            return runtime
        try:
            return self._schema.message_descriptor(runtime.full_name)
        except KeyError:
            return runtime

    def _walk(self, message: Message, types: tuple[Any, Any], rule_tags: frozenset[str], visit: Visit) -> Message:
        plans = self._plans.get((*types, rule_tags))
        if plans is None:
            plans = self._plan(types, rule_tags)
        out: Message | None = None
        for plan in plans:
            if plan.presence and not message.HasField(plan.attr):
                continue
            current = getattr(message, plan.attr)
            if plan.shape is _Shape.MESSAGE_MAP:
                assert plan.child is not None
                changed = {key: new for key, item in current.items()
                           if (new := self._walk(item, plan.child, rule_tags, visit)) is not item}
                if changed:
                    out = out or _copy(message)
                    target = getattr(out, plan.attr)
                    for key, new in changed.items():
                        target[key].CopyFrom(new)
                continue
            if plan.repeated:
                items = list(current)
                new_items = [self._value(plan, message, item, rule_tags, visit) for item in items]
                if any(new is not old for new, old in zip(new_items, items, strict=True)):
                    out = out or _copy(message)
                    _write(out, plan, new_items)
                continue
            new = self._value(plan, message, current, rule_tags, visit)
            if new is not current:
                out = out or _copy(message)
                _write(out, plan, new)
        return message if out is None else out

    def _value(self, plan: _FieldPlan, message: Message, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        """One value of a field after the rule: `value` itself when unchanged."""
        if plan.shape is _Shape.MESSAGE:
            assert plan.child is not None
            return self._walk(value, plan.child, rule_tags, visit)
        field = Field(plan.full_name, plan.name, plan.tags, message)
        field.type_name = plan.type_name
        field.unsigned = plan.unsigned
        if plan.leaf_message == _TIMESTAMP:
            seen = value.ToDatetime(tzinfo=dt.UTC)
            new = visit(field, seen)
            return value if new is seen or new == seen else _timestamp(plan, value, new)
        if plan.leaf_message == _DECIMAL:
            seen = message_to_plain(value)
            new = visit(field, seen)
            if new is seen or new == seen:
                return value
            raise FieldRuleError(plan.full_name, f"the rule gave {_kind(new)} for a {_DECIMAL}; only the value"
                                 " it was given can be written back")
        new = visit(field, value)
        return value if type(new) is type(value) and new == value else new

    def _plan(self, types: tuple[Any, Any], rule_tags: frozenset[str]) -> list[_FieldPlan]:
        """The fields of a message type a walk visits for a rule of `rule_tags`: leaves whose tags it selects
        and messages holding such leaves (worked out once per message type and tags)."""
        key = (*types, rule_tags)
        with self._lock:
            plans = self._plans.get(key)
            if plans is not None:
                return plans
            self._building.add(key)
            try:
                plans = [plan for plan in map(self._field_plan, _fields(types))
                         if plan is not None and self._relevant(plan, rule_tags)]
            finally:
                self._building.discard(key)
            self._plans[key] = plans
            return plans

    def _relevant(self, plan: _FieldPlan, rule_tags: frozenset[str]) -> bool:
        if plan.child is None:
            return not rule_tags or not rule_tags.isdisjoint(plan.tags)
        key = (*plan.child, rule_tags)
        return key in self._building or bool(self._plan(plan.child, rule_tags))  # a recursive type: kept

    def _field_plan(self, fields: tuple[Any, Any]) -> _FieldPlan | None:
        """The plan of one (runtime, schema) field; None for one a field rule never runs on."""
        runtime, schema = fields
        repeated = bool(runtime.is_repeated)
        child = None
        leaf_message = None
        if runtime.type == FieldDescriptor.TYPE_MESSAGE:
            entry = runtime.message_type
            if entry.GetOptions().map_entry:
                value = entry.fields_by_name["value"]
                if value.type != FieldDescriptor.TYPE_MESSAGE or value.message_type.full_name in (_TIMESTAMP, _DECIMAL):
                    return None
                schema_value = _map_value(schema)
                shape, repeated = _Shape.MESSAGE_MAP, False
                child = (value.message_type, schema_value.message_type if schema_value is not None else
                         value.message_type)
                type_name = "MAP"
            elif entry.full_name in (_TIMESTAMP, _DECIMAL):
                shape, leaf_message = _Shape.LEAF, entry.full_name
                type_name = "LONG" if entry.full_name == _TIMESTAMP else "BYTES"
            else:
                shape, type_name = _Shape.MESSAGE, "RECORD"
                child = (entry, schema.message_type if schema.type == FieldDescriptor.TYPE_MESSAGE else entry)
        else:
            shape, type_name = _Shape.LEAF, _TYPES.get(runtime.type, "NULL")
            if type_name not in PRIMITIVE:
                return None
        tags = self._inline_tags(schema) | self._metadata.tags_of(schema.full_name)
        return _FieldPlan(runtime.name, schema.full_name, schema.name, tags, type_name, shape, repeated,
                          bool(runtime.has_presence) and not repeated, runtime.type in _UNSIGNED, leaf_message, child)

    def _inline_tags(self, schema: Any) -> frozenset[str]:
        """The field's `(confluent.field_meta).tags`, read through the schema's own pool (which has meta.proto
        when the schema uses the option); a field of a generated class reads them through its own pool."""
        options = schema.GetOptions()
        if not options.ByteSize():
            return frozenset()
        pool = schema.file.pool
        try:
            extension = pool.FindExtensionByName(_FIELD_META)
        except KeyError:
            return frozenset()
        resolved = GetMessageClass(pool.FindMessageTypeByName("google.protobuf.FieldOptions")).FromString(
            options.SerializeToString())
        return frozenset(resolved.Extensions[extension].tags)


def _fields(types: tuple[Any, Any]) -> list[tuple[Any, Any]]:
    """The runtime message's fields with the schema's field of the same number (a field the schema has not is
    left out: it has no tags, and Confluent's clients skip it)."""
    runtime, schema = types
    by_number = schema.fields_by_number
    return [(field, by_number[field.number]) for field in runtime.fields if field.number in by_number]


def _map_value(schema: Any) -> Any:
    entry = schema.message_type if schema.type == FieldDescriptor.TYPE_MESSAGE else None
    if entry is None or not entry.GetOptions().map_entry:
        return None
    value = entry.fields_by_name["value"]
    return value if value.type == FieldDescriptor.TYPE_MESSAGE else None


def _copy(message: Message) -> Message:
    copied = type(message)()
    copied.CopyFrom(message)
    return copied


def _write(message: Message, plan: _FieldPlan, value: Any) -> None:
    """Sets the field of `plan` on `message` (a copy) to a transformed value, naming the field if it cannot."""
    try:
        if plan.repeated:
            target = getattr(message, plan.attr)
            del target[:]
            target.extend(value)
        elif plan.shape is _Shape.MESSAGE or plan.leaf_message is not None:
            getattr(message, plan.attr).CopyFrom(value)
        else:
            setattr(message, plan.attr, value)
    except (TypeError, ValueError) as error:
        raise FieldRuleError(plan.full_name, f"the rule's result cannot be written to the {plan.type_name}"
                                 f" field: {error}") from error


def _timestamp(plan: _FieldPlan, original: Any, value: Any) -> Message:
    if not isinstance(value, dt.datetime):
        raise FieldRuleError(plan.full_name, f"the rule gave {_kind(value)} for a {_TIMESTAMP}; expected a"
                                 " timestamp")
    stamp = type(original)()
    stamp.FromDatetime(value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC))
    result: Message = stamp
    return result


def _kind(value: Any) -> str:
    return "null" if value is None else f"a {type(value).__name__}"


class JsonMessages:
    """Protobuf messages as migration rules see them: protobuf's JSON mapping, as plain dicts (field names in
    lowerCamelCase, 64-bit integers as strings, enums by name, every field present), as Confluent's clients."""

    field_rules = False
    transforms = True

    @staticmethod
    def plain(message: Any) -> Any:
        return message

    @property
    def migrated(self) -> JsonMessages:
        return self

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        raise NotImplementedError("field rules are refused on migrated Protobuf messages before they run")


def message_to_json(message: Message) -> Any:
    """`message` in protobuf's JSON mapping, every field present: what migration rules read."""
    return json_format.MessageToDict(message, always_print_fields_with_no_presence=True)


def json_to_message(value: Any, cls: type[Message]) -> Message:
    """A migrated JSON value parsed into the reader's class; ValueError (json_format's words) if it does not fit."""
    try:
        return json_format.ParseDict(value, cls())
    except json_format.ParseError as error:
        raise ValueError(str(error)) from None


def message_to_plain(message: Message) -> dict[str, Any]:
    """The fields of `message` by name, as plain values (an unset oneof member left out)."""
    plain: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        if field.containing_oneof is not None and not message.HasField(field.name):
            continue
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
    if name == _TIMESTAMP:
        return value.ToDatetime(tzinfo=dt.UTC)
    if name == "google.protobuf.Duration":
        return value.ToTimedelta()
    if name in _WRAPPERS:
        return value.value
    return message_to_plain(value)
