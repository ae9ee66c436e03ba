"""Object rules: required, property counts, additional/unevaluated properties, properties added to or removed
from open, closed and partially open content models, dependencies, and reserved property names."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from compat.findings import Finding
from compat.jsonschema.diff.book import BOOK
from compat.jsonschema.diff.families import bound_rules, openness_rules
from compat.jsonschema.diff.model import MISSING, Context, DependencyChange, MemberChange, Node, Pair, render, show
from compat.jsonschema.diff.walk import compatible, effective
from compat.jsonschema.keywords import accepts_everything
from compat.rules import Rule

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


# --- properties added or removed ------------------------------------------------------------------------

def _coverage(node: Node, name: str) -> tuple[str, Node | None]:
    """How an object schema treats property `name` it does not declare: ("open", None), ("closed", None),
    or ("partial", the schema that validates it: a matching patternProperties entry, else additionalProperties).

    Deviation from Confluent: with patternProperties but no additionalProperties, a name no pattern matches
    is covered by the empty schema (it is allowed with any value), not treated as closed.
    """
    patterns = node.get("patternProperties")
    patterns = patterns if isinstance(patterns, dict) else {}
    additional = node.get("additionalProperties")
    for pattern, schema in patterns.items():
        if _matches(pattern, name):
            return "partial", node.child(schema)
    if additional is False:
        return "closed", None
    if additional is MISSING or additional is True:
        return ("partial", node.child({})) if patterns else ("open", None)
    return "partial", node.child(additional)


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def _is_required(node: Node, name: str) -> bool:
    return name in _required(node)


def _added(test: Callable[[MemberChange, str, Node | None, Node], bool]) -> Callable[..., Iterator[Finding]]:
    """A "property" rule for properties added to the update; `test(change, model, covering, new)`."""

    def check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
        if change.original is None and change.update is not None:
            model, covering = _coverage(change.owner.original, str(change.key))
            if test(change, model, covering, change.update):
                yield rule.finding(_path(change), _added_message(rule.id, change, model))

    return check


def _removed(test: Callable[[MemberChange, str, Node | None, Node], bool]) -> Callable[..., Iterator[Finding]]:
    """A "property" rule for properties removed by the update; `test(change, model, covering, old)`."""

    def check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
        if change.update is None and change.original is not None:
            model, covering = _coverage(change.owner.update, str(change.key))
            if test(change, model, covering, change.original):
                yield rule.finding(_path(change), _removed_message(rule.id, change, model))

    return check


def _path(change: MemberChange) -> str:
    return change.owner.at("properties", change.key)


def _added_message(rule_id: str, change: MemberChange, model: str) -> str:
    name = change.key
    required = "Required property" if _is_required(change.owner.update, str(name)) else "Property"
    if model == "open":
        return (f"{required} '{name}' was added to an open content model (additionalProperties is not false) at "
                f"{change.owner.at()}: old data may already hold '{name}' with any value")
    if model == "closed":
        return f"{required} '{name}' was added to a closed content model"
    covered = "matches" if "IS_COVERED" in rule_id else "is narrower than"
    return (f"{required} '{name}' was added; its schema {covered} what the old "
            "patternProperties/additionalProperties allowed for it")


def _removed_message(rule_id: str, change: MemberChange, model: str) -> str:
    name = change.key
    if model == "open":
        return f"Property '{name}' was removed; the open content model still accepts it"
    if model == "closed":
        return (f"Property '{name}' was removed from a closed content model: "
                f"old data holding '{name}' is now rejected")
    covered = "still accept" if "IS_COVERED" in rule_id else "do not accept every old value of"
    return (f"Property '{name}' was removed; the new patternProperties/additionalProperties "
            f"{covered} it")


def _register_added(rule_id: str, purpose: str, hint: str, test: Callable[..., bool]) -> None:
    BOOK.rule(rule_id, kind="property", purpose=purpose, hint=hint)(_added(test))


def _register_removed(rule_id: str, purpose: str, hint: str, test: Callable[..., bool]) -> None:
    BOOK.rule(rule_id, kind="property", purpose=purpose, hint=hint)(_removed(test))


_CLOSE = ("Close the object with `additionalProperties: false` (adding properties to a closed model is "
          "compatible), or set the subject's compatibilityPolicy to LENIENT.")
_KEEP_OPTIONAL = "Old data may lack the property; make it optional, or give it a default."


def _added_class(change: MemberChange, new: Node, model: str) -> str:
    """How an added property counts: "empty" (accepts anything, open model only), "optional", "required"
    or "required_default"."""
    schema = effective(new).schema
    if model == "open" and accepts_everything(schema):
        return "empty"
    if not _is_required(change.owner.update, str(change.key)):
        return "optional"
    return "required_default" if isinstance(schema, dict) and "default" in schema else "required"


_LABELS = {
    "empty": "a property accepting anything",
    "optional": "an optional property",
    "required": "a required property",
    "required_default": "a required property with a default",
}
_ADDED = (
    ("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "open", "empty", ""),
    ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "open", "required", _KEEP_OPTIONAL),
    ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "open", "required_default", _CLOSE),
    ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "open", "optional", _CLOSE),
    ("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "closed", "required", _KEEP_OPTIONAL),
    ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "closed", "required_default", ""),
    ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "closed", "optional", ""),
)
for _rule_id, _model, _class, _hint in _ADDED:

    def _test(change: MemberChange, model: str, covering: Node | None, new: Node, *, want: str = _model,
              cls: str = _class) -> bool:
        return model == want and _added_class(change, new, model) == cls

    _purpose = f"{_LABELS[_class]} was added to {'an open' if _model == 'open' else 'a closed'} object"
    _register_added(_rule_id, _purpose, _hint, _test)


def _partial(covered: bool, added: bool) -> Callable[..., Iterator[Finding]]:
    """A rule for a property added/removed where patternProperties or additionalProperties cover it."""

    def check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
        old, new = change.original, change.update
        if (old is None) != added or (new is None) == added:
            return
        model, covering = _coverage(change.owner.original if added else change.owner.update, str(change.key))
        if model != "partial" or covering is None:
            return
        before, after = (covering, new) if added else (old, covering)
        is_covered = before is not None and after is not None and compatible(ctx, before, after, change.path)
        if is_covered == covered:
            message = _added_message(rule.id, change, model) if added else _removed_message(rule.id, change, model)
            yield rule.finding(_path(change), message)

    return check


_NARROWER = ("Make the property's schema accept everything the old patternProperties/additionalProperties "
             "allowed for its name, or use the LENIENT compatibilityPolicy.")
for _added_flag, _verb in ((True, "ADDED"), (False, "REMOVED")):
    for _covered_flag, _state in ((True, "IS"), (False, "NOT")):
        BOOK.rule(
            f"PROPERTY_{_verb}_{_state}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
            kind="property",
            purpose=f"a property {_verb.lower()} {'is' if _covered_flag else 'is not'} covered by "
                    "patternProperties/additionalProperties",
            hint="" if _covered_flag else _NARROWER,
        )(_partial(_covered_flag, _added_flag))


def _removed_open(change: MemberChange, model: str, covering: Node | None, old: Node) -> bool:
    return model == "open"


def _removed_closed(with_false: bool) -> Callable[..., bool]:
    def test(change: MemberChange, model: str, covering: Node | None, old: Node) -> bool:
        return model == "closed" and (effective(old).schema is False) == with_false

    return test


_register_removed("PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", "a property was removed from an open object", "",
                  _removed_open)
_register_removed("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL",
                  "a property declared false was removed from a closed object", "", _removed_closed(True))
_register_removed("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "a property was removed from a closed object",
                  "Old data holding the property is rejected; keep the property (it may be deprecated), "
                  "or use the LENIENT compatibilityPolicy.", _removed_closed(False))


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
