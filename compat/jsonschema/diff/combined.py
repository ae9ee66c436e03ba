"""Enum and combined rules: enum/const value sets, allOf/anyOf/oneOf matched member to member, and `not`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK, triggered_by
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


def _enum_change(pair: Pair) -> str | None:
    """EXTENDED (more values allowed), NARROWED (fewer, or a restriction added) or CHANGED."""
    old, new = _permitted(pair.original.schema), _permitted(pair.update.schema)
    if old == new:
        return None
    if new is None or (old is not None and old < new):
        return "EXTENDED"
    if old is None or new < old:
        return "NARROWED"
    return "CHANGED"


def _enum_keyword(pair: Pair) -> str:
    return "enum" if "enum" in pair.update.schema or "enum" in pair.original.schema else "const"


for _change, _hint in (
    ("EXTENDED", ""),
    ("NARROWED", "Old data may hold a value no longer allowed; keep every old enum value."),
    ("CHANGED", "Old data may hold a value no longer allowed; only add values to the enum."),
):

    def _check(rule: Rule, ctx: Context, pair: Pair, change: str = _change) -> Iterator[Finding]:
        if _enum_change(pair) == change:
            keyword = _enum_keyword(pair)
            old, new = (_describe_values(s) for s in (pair.original.schema, pair.update.schema))
            message = f"Allowed values ({keyword}) {change.lower()} from {old} to {new}"
            yield rule.finding(pair.at(keyword), message)

    _rule = BOOK.rule(f"ENUM_ARRAY_{_change}", kind="schema", purpose=f"enum/const values {_change.lower()}",
                      hint=_hint)(_check)
    triggered_by(_rule, "enum", "const")


def _describe_values(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return show(schema["enum"])
    return show([schema["const"]]) if "const" in schema else "any value"


# --- allOf / anyOf / oneOf ------------------------------------------------------------------------------


def _size_change(combination: Combination) -> str | None:
    """The PRODUCT_/SUM_ type change: by the update's combinator, members added or removed."""
    old_kind, new_kind = combination.original_kind, combination.update_kind
    if old_kind is None:
        return "PRODUCT_TYPE_EXTENDED"
    if new_kind is None:
        return "PRODUCT_TYPE_NARROWED"
    if combination.criteria == "CHANGED":
        return None
    family = "PRODUCT_TYPE" if new_kind == "allOf" else "SUM_TYPE"
    old, new = len(combination.original), len(combination.update)
    return f"{family}_EXTENDED" if new > old else f"{family}_NARROWED" if new < old else None


def _size_message(combination: Combination) -> str:
    if combination.original_kind is None:
        return f"{combination.update_kind} with {len(combination.update)} subschemas was added"
    if combination.update_kind is None:
        return f"{combination.original_kind} was removed"
    return f"{combination.update_kind} went from {len(combination.original)} to {len(combination.update)} subschemas"


_SIZE_RULES = {
    "PRODUCT_TYPE_EXTENDED": ("allOf gained subschemas (more constraints)",
                              "Every added allOf subschema constrains old data; move the constraint into an "
                              "optional property instead."),
    "PRODUCT_TYPE_NARROWED": ("allOf lost subschemas (fewer constraints)", ""),
    "SUM_TYPE_EXTENDED": ("anyOf/oneOf gained alternatives", ""),
    "SUM_TYPE_NARROWED": ("anyOf/oneOf lost alternatives",
                          "Old data may match only a removed alternative; keep every old alternative."),
}
for _rule_id, (_purpose, _hint) in _SIZE_RULES.items():

    def _check_size(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
        if _size_change(combination) == rule.id:
            yield rule.finding(render(combination.path), _size_message(combination))

    BOOK.rule(_rule_id, kind="combination", purpose=_purpose, hint=_hint)(_check_size)


@BOOK.rule("COMBINED_TYPE_EXTENDED", kind="combination",
           purpose="the combinator widened: to anyOf, or from one member to oneOf (or oneOf/anyOf to allOf)", hint="")
def combined_type_extended(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    if combination.criteria == "EXTENDED":
        yield rule.finding(render(combination.path), f"{combination.original_kind} became {combination.update_kind}")


@BOOK.rule("COMBINED_TYPE_CHANGED", kind="combination", purpose="the combinator changed in a way that narrows",
           hint="Old data may match the old combination but not the new one; keep the old combinator or use anyOf.")
def combined_type_changed(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    if combination.criteria == "CHANGED":
        yield rule.finding(render(combination.path), f"{combination.original_kind} became {combination.update_kind}")


@BOOK.rule("COMBINED_TYPE_SUBSCHEMAS_CHANGED", kind="combination",
           purpose="some subschemas have no compatible counterpart",
           hint="Change each subschema compatibly (or add new ones next to the old ones) so that every old "
                "subschema still has a compatible counterpart.")
def combined_type_subschemas_changed(rule: Rule, ctx: Context, combination: Combination) -> Iterator[Finding]:
    old, new = combination.original_kind, combination.update_kind
    if not old or not new or combination.criteria == "CHANGED":
        return
    needed = min(len(combination.original), len(combination.update))
    if combination.matched < needed:
        message = f"Only {combination.matched} of {needed} {new} subschemas have a compatible counterpart"
        yield rule.finding(render(combination.path), message)


# --- not ------------------------------------------------------------------------------------------------

_ANNOTATIONS = frozenset({"ID_CHANGED", "TITLE_CHANGED", "DESCRIPTION_CHANGED", "DEFAULT_CHANGED"})


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


@BOOK.rule("NOT_TYPE_EXTENDED", kind="schema", purpose="the `not` schema excludes more values",
           hint="Old data may now be excluded by `not`; only narrow what `not` excludes.")
def not_type_extended(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _not_change(ctx, pair) == "EXTENDED":
        yield rule.finding(pair.at("not"), "The `not` schema now excludes more values")


@BOOK.rule("NOT_TYPE_NARROWED", kind="schema", purpose="the `not` schema excludes fewer values", hint="")
def not_type_narrowed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _not_change(ctx, pair) == "NARROWED":
        yield rule.finding(pair.at("not"), "The `not` schema now excludes fewer values")


triggered_by(not_type_extended, "not")
triggered_by(not_type_narrowed, "not")
