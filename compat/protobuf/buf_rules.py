"""The rules of `buf breaking`'s WIRE and WIRE_JSON categories, under buf's own ids.

Each rule is a small function of one element pair (previous, current); `schemata.compat.protobuf.wire` pairs
files, messages (by full name, map entries included), fields (by number), enums and RPCs once and runs
the rules of the chosen category on each pair. The entries, with their categories, are in
`schemata.compat.catalogue.buf`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from schemata.compat.catalogue import Buf, Entry
from schemata.compat.findings import Finding
from schemata.compat.protobuf.model import EnumModel, FieldModel, FileModel, MessageModel, MethodModel
from schemata.compat.rules import Rule, RuleBook

BUF_RULES = RuleBook(Buf)
_rule = BUF_RULES.rule


@dataclass(frozen=True, slots=True)
class FieldContext:
    """A field pair with what the rules need around it."""

    message: str
    old: FieldModel
    new: FieldModel
    old_file: FileModel
    new_file: FileModel

    @property
    def in_map_entry(self) -> bool:
        entry = self.new_file.types.get(self.message)
        return isinstance(entry, MessageModel) and entry.is_map_entry

    def describe(self) -> str:
        return f"Field {self.new.number} '{self.new.name}' on message '{self.message}'"


# -- files ---------------------------------------------------------------------------------------------------

@_rule(Buf.FILE_SAME_PACKAGE)
def file_same_package(r: Rule, old: FileModel, new: FileModel) -> Iterator[Finding]:
    if old.package != new.package:
        yield r.finding("#/", f"The package changed from '{old.package}' to '{new.package}'.")


# -- messages ------------------------------------------------------------------------------------------------

def _deleted_fields(old: MessageModel, new: MessageModel) -> Iterator[FieldModel]:
    for number in sorted(old.fields.keys() - new.fields.keys()):
        yield old.fields[number]


def _in_ranges(number: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= number <= end for start, end in ranges)


@_rule(Buf.FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED)
def field_no_delete_unless_number_reserved(r: Rule, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for field in _deleted_fields(old, new):
        if not _in_ranges(field.number, new.reserved_ranges):
            yield r.finding(_at(new, field.number), f"Field {field.number} '{field.name}' on message '{new.name}' was "
                            f"deleted without reserving the number {field.number}.")


@_rule(Buf.FIELD_NO_DELETE_UNLESS_NAME_RESERVED)
def field_no_delete_unless_name_reserved(r: Rule, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    for field in _deleted_fields(old, new):
        if field.name not in new.reserved_names:
            yield r.finding(_at(new, field.number), f"Field {field.number} '{field.name}' on message '{new.name}' was "
                            f"deleted without reserving the name '{field.name}'.")


@_rule(Buf.MESSAGE_SAME_JSON_FORMAT)
def message_same_json_format(r: Rule, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    if old.json_allowed and not new.json_allowed:
        yield r.finding(_at(new), f"Message '{new.name}' no longer allows JSON.")


@_rule(Buf.MESSAGE_SAME_REQUIRED_FIELDS)
def message_same_required_fields(r: Rule, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    # buf reads the declared label here, so editions' LEGACY_REQUIRED fields do not count.
    before = {n for n, f in old.fields.items() if f.label == "required"}
    after = {n for n, f in new.fields.items() if f.label == "required"}
    for number in sorted(before - after):
        yield r.finding(_at(new, number), f"Message '{new.name}' had required field {number} deleted.")
    for number in sorted(after - before):
        yield r.finding(_at(new, number), f"Message '{new.name}' had required field {number} added.")


def _covered(ranges: tuple[tuple[int, int], ...], by: tuple[tuple[int, int], ...]) -> Iterator[tuple[int, int]]:
    """The ranges of `ranges` not covered by the union of `by` (so splitting or widening a range is fine)."""
    for start, end in ranges:
        position = start
        for s, e in sorted(by):
            if s <= position <= e:
                position = e + 1
        if position <= end:
            yield start, end


def _reserved_findings(r: Rule, path: str, kind: str, name: str, old: MessageModel | EnumModel,
                       new: MessageModel | EnumModel) -> Iterator[Finding]:
    for start, end in _covered(old.reserved_ranges, new.reserved_ranges):
        span = str(start) if start == end else f"{start} to {end}"
        yield r.finding(path, f"Previously present reserved range {span} on {kind} '{name}' is missing.")
    for reserved in sorted(old.reserved_names - new.reserved_names):
        yield r.finding(path, f"Previously present reserved name '{reserved}' on {kind} '{name}' was deleted.")


@_rule(Buf.RESERVED_MESSAGE_NO_DELETE)
def reserved_message_no_delete(r: Rule, old: MessageModel, new: MessageModel) -> Iterator[Finding]:
    yield from _reserved_findings(r, _at(new), "message", new.name, old, new)


# -- fields --------------------------------------------------------------------------------------------------

_WIRE_GROUPS = {
    "int32": 1, "int64": 1, "uint32": 1, "uint64": 1, "bool": 1, "sint32": 2, "sint64": 2, "string": 3,
    "bytes": 4, "fixed32": 5, "sfixed32": 5, "fixed64": 6, "sfixed64": 6, "double": 7, "float": 8,
    "group": 9, "message": 10, "enum": 11,
}
_WIRE_JSON_GROUPS = {
    "int32": 1, "uint32": 1, "int64": 2, "uint64": 2, "fixed32": 3, "sfixed32": 3, "fixed64": 4,
    "sfixed64": 4, "bool": 5, "sint32": 6, "sint64": 7, "string": 8, "bytes": 9, "double": 10, "float": 11,
    "group": 12, "message": 13, "enum": 14,
}
_CARDINALITY_WIRE = {"optional with explicit presence": 1, "optional with implicit presence": 1, "required": 2,
                     "repeated": 3, "map": 3}
_CARDINALITY_WIRE_JSON = {**_CARDINALITY_WIRE, "map": 4}


def _type_findings(r: Rule, ctx: FieldContext, groups: dict[str, int], *, string_to_bytes: bool) -> Iterator[Finding]:
    old, new = ctx.old, ctx.new
    changed_group = groups[old.kind] != groups[new.kind]
    if changed_group and not (string_to_bytes and old.kind == "string" and new.kind == "bytes"):
        yield r.finding(_field_path(ctx), f"{ctx.describe()} changed type from '{_type(old)}' to '{_type(new)}'.")
    elif not changed_group and old.type_name != new.type_name and not _same_enum(ctx):
        yield r.finding(_field_path(ctx), f"{ctx.describe()} changed type from '{old.type_name}' to '{new.type_name}'.")


def _same_enum(ctx: FieldContext) -> bool:
    """Enums count as the same when their short names match and the new one has every old value."""
    old, new = ctx.old_file.types.get(ctx.old.type_name), ctx.new_file.types.get(ctx.new.type_name)
    if not isinstance(old, EnumModel) or not isinstance(new, EnumModel):
        return False
    return old.name == new.name and set(old.values) <= set(new.values)


def _type(field: FieldModel) -> str:
    return field.type_name or field.kind


@_rule(Buf.FIELD_WIRE_COMPATIBLE_TYPE)
def field_wire_compatible_type(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    yield from _type_findings(r, ctx, _WIRE_GROUPS, string_to_bytes=True)


@_rule(Buf.FIELD_WIRE_JSON_COMPATIBLE_TYPE)
def field_wire_json_compatible_type(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    yield from _type_findings(r, ctx, _WIRE_JSON_GROUPS, string_to_bytes=False)


def _cardinality_findings(r: Rule, ctx: FieldContext, groups: dict[str, int]) -> Iterator[Finding]:
    if ctx.in_map_entry:
        return
    if groups[ctx.old.cardinality] != groups[ctx.new.cardinality]:
        yield r.finding(_field_path(ctx), f"{ctx.describe()} changed cardinality from '{ctx.old.cardinality}' "
                        f"to '{ctx.new.cardinality}'.")


@_rule(Buf.FIELD_WIRE_COMPATIBLE_CARDINALITY)
def field_wire_compatible_cardinality(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    yield from _cardinality_findings(r, ctx, _CARDINALITY_WIRE)


@_rule(Buf.FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY)
def field_wire_json_compatible_cardinality(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    yield from _cardinality_findings(r, ctx, _CARDINALITY_WIRE_JSON)


@_rule(Buf.FIELD_SAME_DEFAULT)
def field_same_default(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    old, new = ctx.old, ctx.new
    if not (_can_default(old) and _can_default(new)):
        return
    before, after = _default(old, ctx.old_file), _default(new, ctx.new_file)
    if not _same(before, after) and not (_is_zero(before) and _is_zero(after)):
        yield r.finding(_field_path(ctx), f"{ctx.describe()} changed default value from {old.default!r} "
                        f"to {new.default!r}.")


def _can_default(field: FieldModel) -> bool:
    return field.cardinality not in ("repeated", "map") and field.kind not in ("message", "group")


def _default(field: FieldModel, file: FileModel) -> Any:
    text = field.default
    if field.kind == "enum":
        enum = file.types.get(field.type_name)
        values = dict(enum.values) if isinstance(enum, EnumModel) else {}
        first = next(iter(values.values()), 0)
        return values.get(text, 0) if text is not None else first
    if text is None:
        return 0 if field.kind not in ("string", "bytes") else ""
    if field.kind in ("string", "bytes"):
        return text
    if field.kind == "bool":
        return text == "true"
    try:
        return float(text) if field.kind in ("float", "double") else int(text, 0)
    except ValueError:
        return text


def _same(before: Any, after: Any) -> bool:
    both_nan = isinstance(before, float) and isinstance(after, float) and math.isnan(before) and math.isnan(after)
    return bool(before == after) or both_nan


def _is_zero(value: Any) -> bool:
    return value in (0, "", False)


@_rule(Buf.FIELD_SAME_ONEOF)
def field_same_oneof(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    before, after = ctx.old.oneof, ctx.new.oneof
    if before == after:
        return
    if before is not None and after is not None:
        text = f"moved from oneof '{before}' to oneof '{after}'"
    else:
        text = "moved into a oneof" if after is not None else "moved out of a oneof"
    yield r.finding(_field_path(ctx), f"{ctx.describe()} {text}.")


@_rule(Buf.FIELD_SAME_JSON_NAME)
def field_same_json_name(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    if ctx.old.json_name != ctx.new.json_name:
        yield r.finding(_field_path(ctx), f"{ctx.describe()} changed JSON name from '{ctx.old.json_name}' "
                        f"to '{ctx.new.json_name}'.")


@_rule(Buf.FIELD_SAME_NAME)
def field_same_name(r: Rule, ctx: FieldContext) -> Iterator[Finding]:
    if ctx.old.name != ctx.new.name:
        yield r.finding(_field_path(ctx), f"Field {ctx.new.number} on message '{ctx.message}' changed name from "
                        f"'{ctx.old.name}' to '{ctx.new.name}'.")


# -- enums ---------------------------------------------------------------------------------------------------

def _numbers(enum: EnumModel) -> dict[int, set[str]]:
    names: dict[int, set[str]] = {}
    for name, number in enum.values:
        names.setdefault(number, set()).add(name)
    return names


@_rule(Buf.ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED)
def enum_value_no_delete_unless_number_reserved(r: Rule, old: EnumModel, new: EnumModel) -> Iterator[Finding]:
    before, after = _numbers(old), _numbers(new)
    for number in sorted(before.keys() - after.keys()):
        if not _in_ranges(number, new.reserved_ranges):
            yield r.finding(_at(new, number), f"Enum value {number} on enum '{new.name}' was deleted without "
                            f"reserving the number {number}.")


@_rule(Buf.ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED)
def enum_value_no_delete_unless_name_reserved(r: Rule, old: EnumModel, new: EnumModel) -> Iterator[Finding]:
    before, after = _numbers(old), _numbers(new)
    for number in sorted(before.keys() - after.keys()):
        missing = sorted(before[number] - new.reserved_names)
        if missing:
            yield r.finding(_at(new, number), f"Enum value {number} on enum '{new.name}' was deleted without "
                            f"reserving the name {', '.join(repr(m) for m in missing)}.")


@_rule(Buf.ENUM_VALUE_SAME_NAME)
def enum_value_same_name(r: Rule, old: EnumModel, new: EnumModel) -> Iterator[Finding]:
    before, after = _numbers(old), _numbers(new)
    for number in sorted(before.keys() & after.keys()):
        if not before[number] <= after[number]:
            yield r.finding(_at(new, number), f"Enum value {number} on enum '{new.name}' changed name from "
                            f"{sorted(before[number])} to {sorted(after[number])}.")


@_rule(Buf.ENUM_SAME_JSON_FORMAT)
def enum_same_json_format(r: Rule, old: EnumModel, new: EnumModel) -> Iterator[Finding]:
    if old.json_allowed and not new.json_allowed:
        yield r.finding(_at(new), f"Enum '{new.name}' no longer allows JSON.")


@_rule(Buf.RESERVED_ENUM_NO_DELETE)
def reserved_enum_no_delete(r: Rule, old: EnumModel, new: EnumModel) -> Iterator[Finding]:
    yield from _reserved_findings(r, _at(new), "enum", new.name, old, new)


# -- RPCs ----------------------------------------------------------------------------------------------------

def _method_rule(entry: Entry, attribute: str, what: str) -> None:
    """Register the rule of `entry`: an RPC keeps `attribute` (`what`, in messages)."""

    def check(r: Rule, service: str, old: MethodModel, new: MethodModel) -> Iterator[Finding]:
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            yield r.finding(f"#/{service}/{new.name}", f"RPC '{new.name}' on service '{service}' changed {what} "
                            f"from '{before}' to '{after}'.")

    BUF_RULES.add(entry, check)


_method_rule(Buf.RPC_SAME_CLIENT_STREAMING, "client_streaming", "client streaming")
_method_rule(Buf.RPC_SAME_SERVER_STREAMING, "server_streaming", "server streaming")
_method_rule(Buf.RPC_SAME_REQUEST_TYPE, "input_type", "request type")
_method_rule(Buf.RPC_SAME_RESPONSE_TYPE, "output_type", "response type")
_method_rule(Buf.RPC_SAME_IDEMPOTENCY_LEVEL, "idempotency", "idempotency level")


# -- paths ---------------------------------------------------------------------------------------------------

def _at(element: MessageModel | EnumModel, number: int | None = None) -> str:
    """`#/Outer/Inner[/number]`: the element's name without the package, as Confluent's paths read."""
    return "#/" + "/".join([*element.local_name.split("."), *([str(number)] if number is not None else [])])


def _field_path(ctx: FieldContext) -> str:
    message = ctx.new_file.types.get(ctx.message)
    assert isinstance(message, MessageModel)
    return _at(message, ctx.new.number)
