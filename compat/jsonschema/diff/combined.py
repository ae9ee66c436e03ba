"""Enum and combined rules: enum/const value sets, allOf/anyOf/oneOf matched member to member, and `not`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.catalogue import Entry
from schemata.compat.catalogue import Json as J
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.model import (
    MISSING,
    Combination,
    Context,
    Pair,
    json_text,
    render,
    show,
)
from schemata.compat.jsonschema.diff.walk import subdiff
from schemata.compat.rules import Rule

# --- enum and const -------------------------------------------------------------------------------------


def _permitted(schema: Any) -> set[str] | None:
    """The values `enum` and `const` allow, as canonical JSON (None: no such restriction)."""
    if not isinstance(schema, dict):
        return None
    allowed: set[str] | None = None
    if isinstance(schema.get("enum"), list):
        allowed = {_canonical(v) for v in schema["enum"]}
    if "const" in schema:
        const = {_canonical(schema["const"])}
        allowed = const if allowed is None else allowed & const
    return allowed


def _canonical(value: Any) -> str:
    """The JSON text of `value` under JSON Schema's equality (1 == 1.0)."""
    return json_text(_integral(value))


def _integral(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return [_integral(item) for item in value] if isinstance(value, list) else value


def _enum_change(pair: Pair) -> Entry | None:
    """EXTENDED (more values allowed), NARROWED (fewer, or a restriction added) or CHANGED."""
    old, new = _permitted(pair.original.schema), _permitted(pair.update.schema)
    if old == new:
        return None
    if new is None or (old is not None and old < new):
        return J.ENUM_ARRAY_EXTENDED
    if old is None or new < old:
        return J.ENUM_ARRAY_NARROWED
    return J.ENUM_ARRAY_CHANGED


def _enum_keyword(pair: Pair) -> str:
    return "enum" if "enum" in pair.update.schema or "enum" in pair.original.schema else "const"


#: difference type -> the word for the change in messages
_ENUM_CHANGES = {J.ENUM_ARRAY_EXTENDED: "extended", J.ENUM_ARRAY_NARROWED: "narrowed", J.ENUM_ARRAY_CHANGED: "changed"}


def _check_enum(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _enum_change(pair) is rule.entry:
        keyword = _enum_keyword(pair)
        old, new = (_describe_values(s) for s in (pair.original.schema, pair.update.schema))
        message = f"Allowed values ({keyword}) {_ENUM_CHANGES[rule.entry]} from {old} to {new}"
        yield rule.finding(pair.at(keyword), message)


for _entry in _ENUM_CHANGES:
    BOOK.add(_entry, _check_enum, triggers=("enum", "const"))


def _describe_values(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return show(schema["enum"])
    return show([schema["const"]]) if "const" in schema else "any value"


# --- allOf / anyOf / oneOf ------------------------------------------------------------------------------


def _size_change(combination: Combination) -> Entry | None:
    """The PRODUCT_/SUM_ type change: by the update's combinator, members added or removed."""
    old_kind, new_kind = combination.original_kind, combination.update_kind
    if old_kind is None:
        return J.PRODUCT_TYPE_EXTENDED
    if new_kind is None:
        return J.PRODUCT_TYPE_NARROWED
    if combination.criteria == "CHANGED":
        return None
    old, new = len(combination.original), len(combination.update)
    if new_kind == "allOf":
        return J.PRODUCT_TYPE_EXTENDED if new > old else J.PRODUCT_TYPE_NARROWED if new < old else None
    return J.SUM_TYPE_EXTENDED if new > old else J.SUM_TYPE_NARROWED if new < old else None


def _size_message(combination: Combination) -> str:
    if combination.original_kind is None:
        return f"{combination.update_kind} with {len(combination.update)} subschemas was added"
    if combination.update_kind is None:
        return f"{combination.original_kind} was removed"
    return f"{combination.update_kind} went from {len(combination.original)} to {len(combination.update)} subschemas"


def _check_size(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    if _size_change(combination) is rule.entry:
        yield rule.finding(render(combination.path), _size_message(combination))


for _entry in (J.PRODUCT_TYPE_EXTENDED, J.PRODUCT_TYPE_NARROWED, J.SUM_TYPE_EXTENDED, J.SUM_TYPE_NARROWED):
    BOOK.add(_entry, _check_size)


@BOOK.rule(J.COMBINED_TYPE_EXTENDED)
def combined_type_extended(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    if combination.criteria == "EXTENDED":
        yield rule.finding(render(combination.path), f"{combination.original_kind} became {combination.update_kind}")


@BOOK.rule(J.COMBINED_TYPE_CHANGED)
def combined_type_changed(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    if combination.criteria == "CHANGED":
        yield rule.finding(render(combination.path), f"{combination.original_kind} became {combination.update_kind}")


@BOOK.rule(J.COMBINED_TYPE_SUBSCHEMAS_CHANGED)
def combined_type_subschemas_changed(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    old, new = combination.original_kind, combination.update_kind
    if not old or not new or combination.criteria == "CHANGED":
        return
    needed = min(len(combination.original), len(combination.update))
    if combination.matched < needed:
        message = f"Only {combination.matched} of {needed} {new} subschemas have a compatible counterpart"
        yield rule.finding(render(combination.path), message)


# --- not ------------------------------------------------------------------------------------------------

_ANNOTATIONS = frozenset(e.id for e in (J.ID_CHANGED, J.TITLE_CHANGED, J.DESCRIPTION_CHANGED, J.DEFAULT_CHANGED))


def _not_change(ctx: Context, pair: Pair) -> str | None:
    """NARROWED when the negated schema accepts only what it accepted (so the schema accepts more),
    EXTENDED when it accepts more, or something else (incompatible); None when both accept the same."""
    old, new = pair.values("not")
    if old is MISSING and new is MISSING:
        return None
    if old is MISSING:
        return "EXTENDED"
    if new is MISSING:
        return "NARROWED"
    path = (*pair.path, "not")
    old_node, new_node = pair.original.child(old), pair.update.child(new)
    narrowed = ctx.is_compatible(_assertions(subdiff(ctx, new_node, old_node, path)))
    if not narrowed:
        return "EXTENDED"
    widened = ctx.is_compatible(_assertions(subdiff(ctx, old_node, new_node, path)))
    return None if widened else "NARROWED"


def _assertions(findings: list[Finding]) -> list[Finding]:
    """The differences that change what is valid (annotation changes left out)."""
    return [f for f in findings if f.rule not in _ANNOTATIONS]


@BOOK.rule(J.NOT_TYPE_EXTENDED, triggers=("not",))
def not_type_extended(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _not_change(ctx, pair) == "EXTENDED":
        yield rule.finding(pair.at("not"), "The `not` schema now excludes more values")


@BOOK.rule(J.NOT_TYPE_NARROWED, triggers=("not",))
def not_type_narrowed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _not_change(ctx, pair) == "NARROWED":
        yield rule.finding(pair.at("not"), "The `not` schema now excludes fewer values")

