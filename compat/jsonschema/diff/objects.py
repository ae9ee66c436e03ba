"""Object rules: required, property counts, additional/unevaluated properties and dependencies (properties
added or removed are in `properties`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.catalogue import Entry
from schemata.compat.catalogue import Json as J
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.families import Bounds, Openness, bound_rules, openness_rules
from schemata.compat.jsonschema.diff.model import MISSING, Context, DependencyChange, Node, Pair, render, show
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.rules import Rule

bound_rules("maxProperties", Bounds(
    J.MAX_PROPERTIES_ADDED, J.MAX_PROPERTIES_REMOVED, J.MAX_PROPERTIES_INCREASED, J.MAX_PROPERTIES_DECREASED))
bound_rules("minProperties", Bounds(
    J.MIN_PROPERTIES_ADDED, J.MIN_PROPERTIES_REMOVED, J.MIN_PROPERTIES_INCREASED, J.MIN_PROPERTIES_DECREASED))
openness_rules("additionalProperties", Openness(
    J.ADDITIONAL_PROPERTIES_REMOVED, J.ADDITIONAL_PROPERTIES_ADDED, J.ADDITIONAL_PROPERTIES_NARROWED,
    J.ADDITIONAL_PROPERTIES_EXTENDED))
openness_rules("unevaluatedProperties", Openness(
    J.UNEVALUATED_PROPERTIES_REMOVED, J.UNEVALUATED_PROPERTIES_ADDED, J.UNEVALUATED_PROPERTIES_NARROWED,
    J.UNEVALUATED_PROPERTIES_EXTENDED))


# --- required -------------------------------------------------------------------------------------------

def _required(node: Node) -> list[str]:
    value = node.get("required")
    return value if isinstance(value, list) else []


def _declared(node: Node) -> dict[str, Any]:
    value = node.get("properties")
    return value if isinstance(value, dict) else {}


def _has_default(node: Node, name: str) -> bool:
    """Whether property `name` of `node` declares a default (through `$ref`s)."""
    declared = _declared(node)
    if name not in declared:
        return False
    schema = effective(node.child(declared[name])).schema
    return isinstance(schema, dict) and "default" in schema


def _newly_required(pair: Pair) -> list[str]:
    """Names required by the update but not the original (Confluent counts declared properties only)."""
    old = set(_required(pair.original))
    return [n for n in _required(pair.update) if n not in old and n in _declared(pair.update)]


@BOOK.rule(J.REQUIRED_ATTRIBUTE_ADDED, triggers=("required",))
def required_attribute_added(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    for name in _newly_required(pair):
        if not _has_default(pair.update, name):
            yield rule.finding(pair.at("required", name), f"Property '{name}' became required")


@BOOK.rule(J.REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED, triggers=("required",))
def required_attribute_with_default_added(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    for name in _newly_required(pair):
        if _has_default(pair.update, name):
            message = f"Property '{name}' (which has a default) became required"
            yield rule.finding(pair.at("required", name), message)


@BOOK.rule(J.REQUIRED_ATTRIBUTE_REMOVED, triggers=("required",))
def required_attribute_removed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    new = set(_required(pair.update))
    for name in _required(pair.original):
        if name not in new and name in _declared(pair.original):
            yield rule.finding(pair.at("required", name), f"Property '{name}' is no longer required")


# --- dependencies ---------------------------------------------------------------------------------------

def _dependency_array_change(change: DependencyChange) -> Entry | None:
    if change.is_schema:
        return None
    old, new = change.original, change.update
    if old is MISSING:
        return J.DEPENDENCY_ARRAY_ADDED
    if new is MISSING:
        return J.DEPENDENCY_ARRAY_REMOVED
    if set(old) == set(new):
        return None
    if set(old) < set(new):
        return J.DEPENDENCY_ARRAY_EXTENDED
    return J.DEPENDENCY_ARRAY_NARROWED if set(new) < set(old) else J.DEPENDENCY_ARRAY_CHANGED


def _check_dependency_array(rule: Rule, ctx: Context, change: DependencyChange) -> Iterator[Finding]:
    if _dependency_array_change(change) is rule.entry:
        old = "none" if change.original is MISSING else show(change.original)
        new = "none" if change.update is MISSING else show(change.update)
        message = (f"Properties required when '{change.name}' is present changed from {old} to {new} at "
                   f"{change.owner.at()}")
        yield rule.finding(render(change.path), message)


for _entry in (J.DEPENDENCY_ARRAY_ADDED, J.DEPENDENCY_ARRAY_REMOVED, J.DEPENDENCY_ARRAY_EXTENDED,
               J.DEPENDENCY_ARRAY_NARROWED, J.DEPENDENCY_ARRAY_CHANGED):
    BOOK.add(_entry, _check_dependency_array)


@BOOK.rule(J.DEPENDENCY_SCHEMA_ADDED)
def dependency_schema_added(rule: Rule, ctx: Context, change: DependencyChange) -> Iterator[Finding]:
    if change.is_schema and change.original is MISSING:
        message = f"A schema applying when '{change.name}' is present was added"
        yield rule.finding(render(change.path), message)


@BOOK.rule(J.DEPENDENCY_SCHEMA_REMOVED)
def dependency_schema_removed(rule: Rule, ctx: Context, change: DependencyChange) -> Iterator[Finding]:
    if change.is_schema and change.update is MISSING:
        message = f"The schema applying when '{change.name}' is present was removed"
        yield rule.finding(render(change.path), message)
