"""General rules: subschemas added or removed, kinds of schema, `type`, and the annotation keywords."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.catalogue import Json
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.families import annotation_rule
from schemata.compat.jsonschema.diff.model import Context, Node, Pair, Path, render, show, types, types_overlap
from schemata.compat.jsonschema.diff.walk import too_deep
from schemata.compat.rules import Rule

annotation_rule(Json.ID_CHANGED, ("$id", "id"))
annotation_rule(Json.TITLE_CHANGED, ("title",))
annotation_rule(Json.DESCRIPTION_CHANGED, ("description",))
annotation_rule(Json.DEFAULT_CHANGED, ("default",))


@BOOK.rule(Json.SCHEMA_ADDED)
def schema_added(
    rule: Rule, ctx: Context, original: Node | None, update: Node | None, path: Path
) -> Iterator[Finding]:
    if original is None and update is not None:
        yield rule.finding(render(path), f"A subschema {show(update.schema)} was added")


@BOOK.rule(Json.SCHEMA_REMOVED)
def schema_removed(
    rule: Rule, ctx: Context, original: Node | None, update: Node | None, path: Path
) -> Iterator[Finding]:
    if original is not None and update is None:
        yield rule.finding(render(path), f"The subschema {show(original.schema)} was removed")


_TOO_COMPLEX_HINT = ("Split the change into smaller steps (fewer alternatives or properties changed at once), "
                     "or register it under a new subject.")


@BOOK.rule(Json.TYPE_CHANGED)
def type_changed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    old, new = types(pair.original.schema), types(pair.update.schema)
    if pair.update.schema is False:
        yield rule.finding(pair.at(), "The schema became false: nothing is valid any more")
    elif old is not None and new is not None and not any(types_overlap(o, n) for o in old for n in new):
        before, after = pair.values("type")
        yield rule.finding(pair.at(), f"type changed from {show(before)} to {show(after)}")
    elif too_deep(ctx):
        yield rule.finding(pair.at(), "The schemas reach deeper (through $ref) than the diff compares; not "
                                      "compared further, so counted as changed",
                           "Shorten the chain of nested subschemas and $refs, or register the change under a new "
                           "subject.")


def budget_exhausted(ctx: Context) -> Iterator[Finding]:
    """TYPE_CHANGED at the root when the diff ran out of budget: a diff cut short is never compatible."""
    if ctx.exhausted:
        message = (f"The schemas are too complex to compare fully (the diff stopped after {ctx.budget} "
                   "comparisons), so the change is counted as incompatible")
        yield type_changed.finding(render(()), message, _TOO_COMPLEX_HINT)


def _single_type_change(pair: Pair) -> str | None:
    """EXTENDED or NARROWED when `type` was removed/added or went between integer and number."""
    old, new = types(pair.original.schema), types(pair.update.schema)
    if old == new:
        return None
    if new is None:
        return "EXTENDED"
    if old is None:
        return "NARROWED"
    if len(old) == len(new) == 1 and _raw_types(pair.original) == {"integer"}:
        return "EXTENDED"
    if len(old) == len(new) == 1 and _raw_types(pair.update) == {"integer"}:
        return "NARROWED"
    return None


def _raw_types(node: Node) -> set[str]:
    value = node.get("type")
    return {value} if isinstance(value, str) else set(value) if isinstance(value, list) else set()


@BOOK.rule(Json.TYPE_EXTENDED, triggers=("type",))
def type_extended(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _single_type_change(pair) == "EXTENDED":
        old, new = pair.values("type")
        yield rule.finding(pair.at(), f"type widened from {show(old)} to {_or_any(new)}")


@BOOK.rule(Json.TYPE_NARROWED, triggers=("type",))
def type_narrowed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _single_type_change(pair) == "NARROWED":
        old, new = pair.values("type")
        yield rule.finding(pair.at(), f"type narrowed from {_or_any(old)} to {show(new)}")


def _or_any(value: Any) -> str:
    return show(value) if isinstance(value, str | list) else "any type"
