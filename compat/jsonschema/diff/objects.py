"""Object rules: required, property counts, additional/unevaluated properties, dependencies, and reserved
property names (properties added or removed are in `properties`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK, triggered_by
from schemata.compat.jsonschema.diff.families import bound_rules, openness_rules
from schemata.compat.jsonschema.diff.model import MISSING, Context, DependencyChange, Node, Pair, render, show
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.rules import Rule

bound_rules("MAX_PROPERTIES", "maxProperties", upper=True)
bound_rules("MIN_PROPERTIES", "minProperties", upper=False)
openness_rules("ADDITIONAL_PROPERTIES", "additionalProperties", "properties not listed", lenient=True)
openness_rules("UNEVALUATED_PROPERTIES", "unevaluatedProperties", "unevaluated properties", lenient=True)


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


@BOOK.rule("REQUIRED_ATTRIBUTE_ADDED", kind="schema", purpose="a property became required (no default)",
           hint="Old data may lack the property; keep it optional, or give it a default.")
def required_attribute_added(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    for name in _newly_required(pair):
        if not _has_default(pair.update, name):
            yield rule.finding(pair.at("required", name), f"Property '{name}' became required")


@BOOK.rule("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", kind="schema",
           purpose="a property with a default became required", hint="")
def required_attribute_with_default_added(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    for name in _newly_required(pair):
        if _has_default(pair.update, name):
            message = f"Property '{name}' (which has a default) became required"
            yield rule.finding(pair.at("required", name), message)


@BOOK.rule("REQUIRED_ATTRIBUTE_REMOVED", kind="schema", purpose="a property is no longer required", hint="")
def required_attribute_removed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    new = set(_required(pair.update))
    for name in _required(pair.original):
        if name not in new and name in _declared(pair.original):
            yield rule.finding(pair.at("required", name), f"Property '{name}' is no longer required")


for _rule in (required_attribute_added, required_attribute_with_default_added, required_attribute_removed):
    triggered_by(_rule, "required")


# --- dependencies ---------------------------------------------------------------------------------------

def _dependency_array_change(change: DependencyChange) -> str | None:
    if change.is_schema:
        return None
    old, new = change.original, change.update
    if old is MISSING:
        return "ADDED"
    if new is MISSING:
        return "REMOVED"
    if set(old) == set(new):
        return None
    if set(old) < set(new):
        return "EXTENDED"
    return "NARROWED" if set(new) < set(old) else "CHANGED"


_DEPENDENCY_ARRAY = {
    "ADDED": "Old data holding '{name}' may lack the properties it now requires; drop the dependency.",
    "REMOVED": "",
    "EXTENDED": "Old data holding '{name}' may lack the newly required properties; do not extend the dependency.",
    "NARROWED": "",
    "CHANGED": "Old data holding '{name}' may lack the newly required properties; only remove names.",
}
for _change, _hint in _DEPENDENCY_ARRAY.items():

    def _check(rule: Rule, ctx: Context, change: DependencyChange, kind: str = _change) -> Iterator[Finding]:
        if _dependency_array_change(change) == kind:
            old = "none" if change.original is MISSING else show(change.original)
            new = "none" if change.update is MISSING else show(change.update)
            message = (f"Properties required when '{change.name}' is present changed from {old} to {new} at "
                       f"{change.owner.at()}")
            yield rule.finding(render(change.path), message)

    BOOK.rule(f"DEPENDENCY_ARRAY_{_change}", kind="dependency", purpose=f"a property dependency {_change.lower()}",
              hint=_hint.replace("'{name}'", "the property"))(_check)


@BOOK.rule("DEPENDENCY_SCHEMA_ADDED", kind="dependency", purpose="a schema dependency was added",
           hint="Old data holding the property may fail the new dependent schema; drop it.")
def dependency_schema_added(rule: Rule, ctx: Context, change: DependencyChange) -> Iterator[Finding]:
    if change.is_schema and change.original is MISSING:
        message = f"A schema applying when '{change.name}' is present was added"
        yield rule.finding(render(change.path), message)


@BOOK.rule("DEPENDENCY_SCHEMA_REMOVED", kind="dependency", purpose="a schema dependency was removed", hint="")
def dependency_schema_removed(rule: Rule, ctx: Context, change: DependencyChange) -> Iterator[Finding]:
    if change.is_schema and change.update is MISSING:
        message = f"The schema applying when '{change.name}' is present was removed"
        yield rule.finding(render(change.path), message)


# --- reserved property names (root object only) ---------------------------------------------------------

@BOOK.rule("RESERVED_PROPERTY_REMOVED", kind="schema", purpose="a reserved property name is no longer reserved",
           hint="Keep every reserved name reserved (confluent:reserved), so it is never reused with another meaning.")
def reserved_property_removed(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if not pair.path:
        for name in sorted(ctx.original_reserved - ctx.update_reserved):
            yield rule.finding(pair.at(), f"Property name '{name}' is no longer reserved")


@BOOK.rule("RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY", kind="schema",
           purpose="a reserved property name is used by a property",
           hint="Rename the property, or stop reserving the name in a new subject.")
def reserved_property_conflicts(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if not pair.path:
        for name in sorted(ctx.update_reserved.intersection(_declared(pair.update))):
            yield rule.finding(pair.at("properties", name), f"Property '{name}' uses a reserved name")
