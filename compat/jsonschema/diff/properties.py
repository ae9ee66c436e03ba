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

from schemata.compat.catalogue import Entry, Json, Kind
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.families import Removal, member_removed, member_rules
from schemata.compat.jsonschema.diff.model import MISSING, Context, MemberChange, Node
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.diff.walk import compatible
from schemata.compat.jsonschema.keywords import accepts_everything
from schemata.compat.jsonschema.patterns import search
from schemata.compat.rules import Rule

_OPEN_ADDED = ("{Required}property '{name}' was added to an open content model (additionalProperties is not "
               "false): old data may already hold '{name}' with any value")

#: difference type -> message template
_MESSAGES = {
    Json.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL:
        "Property '{name}' accepting any value was added to an open content model",
    Json.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: _OPEN_ADDED,
    Json.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: _OPEN_ADDED,
    Json.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: _OPEN_ADDED,
    Json.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL:
        "Required property '{name}' was added to a closed content model: old data lacks it",
    Json.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL:
        "Required property '{name}' (with a default) was added to a closed content model",
    Json.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL:
        "Optional property '{name}' was added to a closed content model",
    Json.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "{Required}property '{name}' was added; it accepts every value the old patternProperties/"
        "additionalProperties allowed for it",
    Json.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "{Required}property '{name}' was added with a schema narrower than what the old patternProperties/"
        "additionalProperties allowed for it: old data may hold '{name}' with a value it rejects",
    Json.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL:
        "Property '{name}' was removed; the open content model still accepts it",
    Json.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL:
        "Property '{name}' (declared false) was removed from a closed content model",
    Json.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL:
        "Property '{name}' was removed from a closed content model: old data holding '{name}' is now rejected",
    Json.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Property '{name}' was removed; the new patternProperties/additionalProperties accept its old values",
    Json.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Property '{name}' was removed; the new patternProperties/additionalProperties reject some of its "
        "old values",
}

_REMOVAL = Removal(
    covered=Json.PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    not_covered=Json.PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    from_open=Json.PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL,
    false_from_closed=Json.PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL,
    from_closed=Json.PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL,
)

#: (added to an open model, how it is required) -> difference type
_ADDED = {
    (True, "optional"): Json.OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL,
    (True, "with default"): Json.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL,
    (True, "required"): Json.REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL,
    (False, "optional"): Json.OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL,
    (False, "with default"): Json.REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL,
    (False, "required"): Json.REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL,
}


def coverage(node: Node, name: str) -> tuple[str, Node | None]:
    """How an object schema treats a property `name` it does not declare: ("open", None), ("closed", None),
    or ("partial", the schema that validates it: a matching patternProperties entry, else additionalProperties).

    Deviation from Confluent: with patternProperties but no additionalProperties, a name no pattern matches
    is covered by the empty schema (it may hold any value), where Confluent treats it as closed.
    """
    patterns = node.get("patternProperties")
    for pattern, schema in (patterns if isinstance(patterns, dict) else {}).items():
        if search(pattern, name):
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


def _is_required(node: Node, name: str) -> bool:
    required = node.get("required")
    return isinstance(required, list) and name in required


def classify(ctx: Context, change: MemberChange) -> Entry:
    """The difference type of a property added or removed."""
    name = str(change.key)
    if change.original is None:
        assert change.update is not None
        model, covering = coverage(change.owner.original, name)
        if covering is not None:
            if compatible(ctx, covering, change.update, change.path):
                return Json.PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
            return Json.PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
        return _added(change, change.update, model)
    return member_removed(_REMOVAL, ctx, change, *coverage(change.owner.update, name))


def _added(change: MemberChange, new: Node, model: str) -> Entry:
    schema = effective(new).schema
    if model == "open" and accepts_everything(schema):
        return Json.PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
    if not _is_required(change.owner.update, str(change.key)):
        requirement = "optional"
    else:
        requirement = "with default" if isinstance(schema, dict) and "default" in schema else "required"
    return _ADDED[(model == "open", requirement)]


def _finding(rule: Rule, change: MemberChange, template: str) -> Finding:
    required = "Required " if _is_required(change.owner.update, str(change.key)) else ""
    message = template.format(name=change.key, Required=required)
    return rule.finding(change.owner.at("properties", change.key), message[0].upper() + message[1:])


member_rules(Kind.PROPERTY, classify, _MESSAGES, _finding)
