"""Confluent's Protobuf difference types as rules: each one a small function of an element pair.

The walk in `schemata.compat.protobuf.diff` matches the two schemas (messages by name per nesting level, fields by
tag, enum constants by number) and calls the rules of one kind per pair. Every difference is reported; the
entries (`schemata.compat.catalogue.protobuf`) say which ones the STRICT policy accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from schemata.compat.catalogue import Protobuf
from schemata.compat.findings import Finding
from schemata.compat.protobuf.model import EnumModel, FieldModel, MessageModel
from schemata.compat.rules import Rule, RuleBook

CONFLUENT_RULES = RuleBook(Protobuf)
rule = CONFLUENT_RULES.rule

#: Scalars whose values survive a change of type within the group (enums count as varints).
SCALAR_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"int32", "int64", "uint32", "uint64", "bool", "enum"}),
    frozenset({"sint32", "sint64"}),
    frozenset({"string", "bytes"}),
    frozenset({"fixed32", "sfixed32"}),
    frozenset({"fixed64", "sfixed64"}),
    frozenset({"float"}),
    frozenset({"double"}),
)
_STRING_GROUP = SCALAR_GROUPS[2]


@dataclass(frozen=True, slots=True)
class Slot:
    """A message at one nesting level; `index` counts the message declarations before it."""

    name: str
    index: int
    model: MessageModel


@dataclass(frozen=True, slots=True)
class FieldPair:
    """The fields with one tag in the old and the new message (anywhere in it: top level or in a oneof)."""

    old: FieldModel | None
    new: FieldModel | None
    old_oneofs: frozenset[str]  # the oneofs of the old message, by name
    new_oneofs: frozenset[str]  # the oneofs of the new message, by name


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A field's type as Confluent compares it: kind "scalar", "message" or "map"."""

    kind: str
    name: str
    label: str | None = None
    scalar: str | None = None  # the scalar keyword, "enum" for enums
    message: MessageModel | None = None
    key: TypeRef | None = None
    value: TypeRef | None = None

    @property
    def group(self) -> frozenset[str] | None:
        return next((g for g in SCALAR_GROUPS if self.scalar in g), None)


@dataclass(frozen=True, slots=True)
class TypePair:
    field: str
    old: TypeRef
    new: TypeRef
    referenced_incompatible: bool  # the referenced message types were compared and differ incompatibly


def _group_text(group: frozenset[str] | None) -> str:
    return "{" + ", ".join(sorted(group or ())) + "}"


# -- the file ------------------------------------------------------------------------------------------------

@rule(Protobuf.PACKAGE_CHANGED)
def package_changed(r: Rule, path: str, old: str, new: str) -> Iterator[Finding]:
    if old != new:
        yield r.finding(path, f"The package changed from '{old}' to '{new}'.")


# -- messages and enums at one nesting level -----------------------------------------------------------------

@rule(Protobuf.MESSAGE_ADDED)
def message_added(r: Rule, path: str, old: Slot | None, new: Slot | None) -> Iterator[Finding]:
    if old is None and new is not None:
        yield r.finding(path, f"Message '{new.name}' was added.")


@rule(Protobuf.MESSAGE_REMOVED)
def message_removed(r: Rule, path: str, old: Slot | None, new: Slot | None) -> Iterator[Finding]:
    if new is None and old is not None:
        yield r.finding(path, f"Message '{old.name}' was removed.")


@rule(Protobuf.MESSAGE_MOVED)
def message_moved(r: Rule, path: str, old: Slot | None, new: Slot | None) -> Iterator[Finding]:
    if old is not None and new is not None and old.index != new.index:
        yield r.finding(path, f"Message '{new.name}' moved from position {old.index} to {new.index}.")


@rule(Protobuf.ENUM_ADDED)
def enum_added(r: Rule, path: str, old: EnumModel | None, new: EnumModel | None) -> Iterator[Finding]:
    if old is None and new is not None:
        yield r.finding(path, f"Enum '{new.name}' was added.")


@rule(Protobuf.ENUM_REMOVED)
def enum_removed(r: Rule, path: str, old: EnumModel | None, new: EnumModel | None) -> Iterator[Finding]:
    if new is None and old is not None:
        yield r.finding(path, f"Enum '{old.name}' was removed.")


# -- enum constants ------------------------------------------------------------------------------------------

@rule(Protobuf.ENUM_CONST_ADDED)
def enum_const_added(r: Rule, path: str, old: str | None, new: str | None) -> Iterator[Finding]:
    if old is None and new is not None:
        yield r.finding(path, f"Enum constant '{new}' was added.")


@rule(Protobuf.ENUM_CONST_REMOVED)
def enum_const_removed(r: Rule, path: str, old: str | None, new: str | None) -> Iterator[Finding]:
    if new is None and old is not None:
        yield r.finding(path, f"Enum constant '{old}' was removed.")


@rule(Protobuf.ENUM_CONST_CHANGED)
def enum_const_changed(r: Rule, path: str, old: str | None, new: str | None) -> Iterator[Finding]:
    if old is not None and new is not None and old != new:
        yield r.finding(path, f"Enum constant '{old}' was renamed to '{new}'.")


# -- oneofs of one message -----------------------------------------------------------------------------------

@rule(Protobuf.ONEOF_ADDED)
def oneof_added(r: Rule, path: str, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for name in sorted(set(new.oneofs) - set(old.oneofs)):
        yield r.finding(f"{path}/{name}", f"Oneof '{name}' was added to message '{new.name}'.")


@rule(Protobuf.ONEOF_REMOVED)
def oneof_removed(r: Rule, path: str, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for name in sorted(set(old.oneofs) - set(new.oneofs)):
        yield r.finding(f"{path}/{name}", f"Oneof '{name}' was removed from message '{new.name}'.")


def _origins(old: MessageModel, new: MessageModel, oneof: str) -> tuple[set[str], int]:
    """Where the pre-existing members of `oneof` (in `new`) came from, and how many were top-level fields."""
    origins: set[str] = set()
    top_level = 0
    for number, field in new.fields.items():
        before = old.fields.get(number)
        if field.oneof != oneof or before is None:
            continue
        if before.oneof is not None:
            origins.add("oneof:" + before.oneof)
        else:
            origins.add(f"field:{number}")
            top_level += 1
    return origins, top_level


@rule(Protobuf.MULTIPLE_FIELDS_MOVED_TO_ONEOF)
def multiple_fields_moved_to_oneof(r: Rule, path: str, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for oneof in new.oneofs:
        origins, top_level = _origins(old, new, oneof)
        if len(origins) > 1 and top_level > 1:
            yield r.finding(f"{path}/{oneof}", f"Several existing fields of '{new.name}' were moved into "
                            f"oneof '{oneof}'; data setting more than one of them can no longer be read.")


@rule(Protobuf.FIELD_MOVED_TO_EXISTING_ONEOF)
def field_moved_to_existing_oneof(r: Rule, path: str, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for oneof in new.oneofs:
        origins, top_level = _origins(old, new, oneof)
        if len(origins) > 1 and top_level <= 1:
            yield r.finding(f"{path}/{oneof}", f"An existing field of '{new.name}' was moved into oneof '{oneof}', "
                            "which already held other fields; they become mutually exclusive.")


# -- fields matched by tag -----------------------------------------------------------------------------------

def _required(field: FieldModel) -> bool:
    """Required as protoc resolved it: proto2 `required`, or `features.field_presence = LEGACY_REQUIRED` in an
    editions file (where no label says so). Old data may lack such a field, so it is never added or removed."""
    return field.cardinality == "required"


def _added(pair: FieldPair) -> FieldModel | None:
    return pair.new if pair.old is None else None


def _removed(pair: FieldPair) -> FieldModel | None:
    return pair.old if pair.new is None else None


@rule(Protobuf.FIELD_ADDED)
def field_added(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _added(pair)
    if field is not None and field.oneof is None and not _required(field):
        yield r.finding(path, f"Field '{field.name}' ({field.number}) was added.")


@rule(Protobuf.REQUIRED_FIELD_ADDED)
def required_field_added(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _added(pair)
    if field is not None and field.oneof is None and _required(field):
        yield r.finding(path, f"Required field '{field.name}' ({field.number}) was added.")


# Oneof members are added to and removed from oneofs that both messages have under the same name, as
# Confluent compares them: a new oneof is ONEOF_ADDED alone, and a member dropped from a removed or renamed
# oneof is no difference of its own (members kept across a rename are still compared, by tag).

@rule(Protobuf.ONEOF_FIELD_ADDED)
def oneof_field_added(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _added(pair)
    if field is not None and field.oneof is not None and field.oneof in pair.old_oneofs:
        yield r.finding(path, f"Field '{field.name}' ({field.number}) was added to oneof '{field.oneof}'.")


@rule(Protobuf.FIELD_REMOVED)
def field_removed(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _removed(pair)
    if field is not None and field.oneof is None and not _required(field):
        yield r.finding(path, f"Field '{field.name}' ({field.number}) was removed.")


@rule(Protobuf.REQUIRED_FIELD_REMOVED)
def required_field_removed(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _removed(pair)
    if field is not None and field.oneof is None and _required(field):
        yield r.finding(path, f"Required field '{field.name}' ({field.number}) was removed.")


@rule(Protobuf.ONEOF_FIELD_REMOVED)
def oneof_field_removed(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    field = _removed(pair)
    if field is not None and field.oneof is not None and field.oneof in pair.new_oneofs:
        yield r.finding(path, f"Field '{field.name}' ({field.number}) was removed from oneof '{field.oneof}'.")


@rule(Protobuf.ONEOF_FIELD_MOVED_TO_TOP_LEVEL)
def oneof_field_moved_to_top_level(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    if pair.old is not None and pair.new is not None and pair.old.oneof is not None and pair.new.oneof is None:
        yield r.finding(path, f"Field '{pair.new.name}' ({pair.new.number}) moved out of oneof '{pair.old.oneof}'.")


@rule(Protobuf.FIELD_NAME_CHANGED)
def field_name_changed(r: Rule, path: str, pair: FieldPair) -> Iterator[Finding]:
    if pair.old is not None and pair.new is not None and pair.old.name != pair.new.name:
        yield r.finding(path, f"Field {pair.new.number} was renamed from '{pair.old.name}' to '{pair.new.name}'.")


# -- field types ---------------------------------------------------------------------------------------------

@rule(Protobuf.FIELD_KIND_CHANGED)
def field_kind_changed(r: Rule, path: str, pair: TypePair) -> Iterator[Finding]:
    if pair.old.kind != pair.new.kind:
        yield r.finding(path, f"Field '{pair.field}' changed from {pair.old.kind} '{pair.old.name}' "
                        f"to {pair.new.kind} '{pair.new.name}'.")


@rule(Protobuf.FIELD_SCALAR_KIND_CHANGED)
def field_scalar_kind_changed(r: Rule, path: str, pair: TypePair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if old.kind == new.kind == "scalar" and old.group != new.group:
        yield r.finding(
            path,
            f"Field '{pair.field}' changed from '{old.name}' to '{new.name}', outside its scalar group "
            f"{_group_text(old.group)}.",
        )


def _label_changed(pair: TypePair, strings: bool) -> bool:
    old, new = pair.old, pair.new
    return (
        old.kind == new.kind == "scalar"
        and old.group == new.group
        and (old.group == _STRING_GROUP) == strings
        and old.label is not None
        and new.label is not None
        and old.label != new.label
    )


@rule(Protobuf.FIELD_NUMERIC_LABEL_CHANGED)
def field_numeric_label_changed(r: Rule, path: str, pair: TypePair) -> Iterator[Finding]:
    if _label_changed(pair, strings=False):
        yield r.finding(path, f"Numeric field '{pair.field}' changed label from '{pair.old.label}' "
                        f"to '{pair.new.label}'.")


@rule(Protobuf.FIELD_STRING_OR_BYTES_LABEL_CHANGED)
def field_string_or_bytes_label_changed(r: Rule, path: str, pair: TypePair) -> Iterator[Finding]:
    if _label_changed(pair, strings=True):
        yield r.finding(path, f"Field '{pair.field}' changed label from '{pair.old.label}' to '{pair.new.label}'.")


@rule(Protobuf.FIELD_NAMED_TYPE_CHANGED)
def field_named_type_changed(r: Rule, path: str, pair: TypePair) -> Iterator[Finding]:
    old, new = pair.old, pair.new
    if old.kind != "message" or new.kind != "message":
        return
    if _local(old) != _local(new):
        yield r.finding(path, f"Field '{pair.field}' changed type from '{old.name}' to '{new.name}'.")
    elif pair.referenced_incompatible:
        yield r.finding(path, f"Field '{pair.field}' has type '{new.name}', which changed incompatibly.",
                        "Make the referenced message change compatible too (see the other findings).")


def _local(ref: TypeRef) -> str:
    return ref.message.local_name if ref.message is not None else ref.name
