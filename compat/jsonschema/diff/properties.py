"""Properties added or removed, judged by the content model that covered them: open (no additionalProperties,
or true), closed (additionalProperties false) or partially open (a patternProperties entry or an
additionalProperties schema covers the name, and the property counts as covered when changing between that
schema and the property's is compatible).

From 2019-09 on, `unevaluatedProperties` plays the part of a missing `additionalProperties` when nothing
else in the schema can evaluate a name (no allOf/anyOf/oneOf, if/then/else, dependentSchemas...): with
`properties` and `patternProperties` only, it applies to exactly the names they leave, so
`unevaluatedProperties: false` closes the object. With an in-place applicator beside it, a name may be
evaluated in a subschema, and the object is judged as open (the safe side: adding a property to it is then
incompatible under STRICT). Confluent's handling of this keyword could not be checked (its diff added
unevaluatedProperties support without published examples); this follows what the keyword means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.families import member_removed
from schemata.compat.jsonschema.diff.model import MISSING, Context, MemberChange, Node
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.diff.walk import compatible
from schemata.compat.jsonschema.keywords import accepts_everything
from schemata.compat.rules import Rule

_CLOSE = ("Close the object with `additionalProperties: false` (adding properties to a closed model is "
          "compatible), or set the subject's compatibilityPolicy to LENIENT.")
_KEEP_OPTIONAL = "Old data may lack the property; make it optional, or give it a default."
_NARROWER = ("Make the property's schema accept everything the old patternProperties/additionalProperties "
             "allowed for its name, or use the LENIENT compatibilityPolicy.")
_REMOVED_CLOSED = ("Old data holding the property is rejected; keep the property (it may be deprecated), or use "
                   "the LENIENT compatibilityPolicy.")
_OPEN_ADDED = ("{Required}property '{name}' was added to an open content model (additionalProperties is not "
               "false): old data may already hold '{name}' with any value")

#: difference type -> (purpose, hint, message template)
_RULES = {
    "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a property accepting anything was added to an open object", "",
        "Property '{name}' accepting any value was added to an open content model"),
    "REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property was added to an open object", _KEEP_OPTIONAL, _OPEN_ADDED),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL": (
        "a required property with a default was added to an open object", _CLOSE, _OPEN_ADDED),
    "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL": (
        "an optional property was added to an open object", _CLOSE, _OPEN_ADDED),
    "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        "a required property was added to a closed object", _KEEP_OPTIONAL,
        "Required property '{name}' was added to a closed content model: old data lacks it"),
    "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        "a required property with a default was added to a closed object", "",
        "Required property '{name}' (with a default) was added to a closed content model"),
    "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL": (
        "an optional property was added to a closed object", "",
        "Optional property '{name}' was added to a closed content model"),
    "PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added property accepts what patternProperties/additionalProperties allowed for it", "",
        "{Required}property '{name}' was added; it accepts every value the old patternProperties/"
        "additionalProperties allowed for it"),
    "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added property is narrower than what patternProperties/additionalProperties allowed", _NARROWER,
        "{Required}property '{name}' was added with a schema narrower than what the old patternProperties/"
        "additionalProperties allowed for it: old data may hold '{name}' with a value it rejects"),
    "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL": (
        "a property was removed from an open object", "",
        "Property '{name}' was removed; the open content model still accepts it"),
    "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a property declared false was removed from a closed object", "",
        "Property '{name}' (declared false) was removed from a closed content model"),
    "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "a property was removed from a closed object", _REMOVED_CLOSED,
        "Property '{name}' was removed from a closed content model: old data holding '{name}' is now rejected"),
    "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed property is still accepted by patternProperties/additionalProperties", "",
        "Property '{name}' was removed; the new patternProperties/additionalProperties accept its old values"),
    "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed property is not fully accepted by patternProperties/additionalProperties", _NARROWER,
        "Property '{name}' was removed; the new patternProperties/additionalProperties reject some of its "
        "old values"),
}


def coverage(node: Node, name: str) -> tuple[str, Node | None]:
    """How an object schema treats a property `name` it does not declare: ("open", None), ("closed", None),
    or ("partial", the schema that validates it: a matching patternProperties entry, else additionalProperties).

    Deviation from Confluent: with patternProperties but no additionalProperties, a name no pattern matches
    is covered by the empty schema (it may hold any value), where Confluent treats it as closed.
    """
    patterns = node.get("patternProperties")
    for pattern, schema in (patterns if isinstance(patterns, dict) else {}).items():
        if _matches(pattern, name):
            return "partial", node.child(schema)
    additional = node.get("additionalProperties")
    if additional is MISSING and _unevaluated_applies(node):
        additional = node.get("unevaluatedProperties")
    if additional is False:
        return "closed", None
    if additional is MISSING or additional is True:
        return ("partial", node.child({})) if isinstance(patterns, dict) and patterns else ("open", None)
    return "partial", node.child(additional)


#: Keywords that evaluate property names in subschemas, where `unevaluatedProperties` sees them.
_IN_PLACE = ("allOf", "anyOf", "oneOf", "if", "then", "else", "dependentSchemas", "dependencies", "$ref",
             "$dynamicRef", "$recursiveRef")


def _unevaluated_applies(node: Node) -> bool:
    """Whether `unevaluatedProperties` covers exactly the names `properties`/`patternProperties` leave."""
    return node.since_2019_09 and not any(k in node.schema for k in _IN_PLACE)


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def _is_required(node: Node, name: str) -> bool:
    required = node.get("required")
    return isinstance(required, list) and name in required


def classify(ctx: Context, change: MemberChange) -> str:
    """The difference type of a property added or removed."""
    name = str(change.key)
    if change.original is None:
        assert change.update is not None
        model, covering = coverage(change.owner.original, name)
        if covering is not None:
            state = "IS" if compatible(ctx, covering, change.update, change.path) else "NOT"
            return f"PROPERTY_ADDED_{state}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        return _added(change, change.update, model)
    return member_removed("PROPERTY", ctx, change, *coverage(change.owner.update, name))


def _added(change: MemberChange, new: Node, model: str) -> str:
    schema = effective(new).schema
    where = "OPEN" if model == "open" else "UNOPEN"
    if model == "open" and accepts_everything(schema):
        return "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
    if not _is_required(change.owner.update, str(change.key)):
        return f"OPTIONAL_PROPERTY_ADDED_TO_{where}_CONTENT_MODEL"
    if isinstance(schema, dict) and "default" in schema:
        return f"REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_{where}_CONTENT_MODEL"
    return f"REQUIRED_PROPERTY_ADDED_TO_{where}_CONTENT_MODEL"


def _check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
    if ctx.classified(change, classify) == rule.id:
        required = "Required " if _is_required(change.owner.update, str(change.key)) else ""
        message = _RULES[rule.id][2].format(name=change.key, Required=required)
        yield rule.finding(change.owner.at("properties", change.key), message[0].upper() + message[1:])


for _rule_id, (_purpose, _hint, _message) in _RULES.items():
    BOOK.rule(_rule_id, kind="property", purpose=_purpose, hint=_hint)(_check)
