"""What Confluent's JSON Schema diff reports for its own examples: an oracle for ours.

The facts (each pair of schemas, the differences Confluent lists, its verdict) come from the test resources
of confluentinc/schema-registry's json-schema-provider: `diff-schema-examples.json`,
`diff-combined-schema-examples.json` and `diff-schema-examples-2020-12.json`, re-expressed here.
Where the resource predates a rename, the current name is used: `PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL`
(deprecated) is `OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL` for an optional property.

`changes` is None where ours legitimately lists other differences; `why` says how they differ (the
verdict must agree all the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

D2020 = "https://json-schema.org/draft/2020-12/schema"
S, N, INT, B, NULL = {"type": "string"}, {"type": "number"}, {"type": "integer"}, {"type": "boolean"}, {"type": "null"}
S_OR_NULL = {"oneOf": [NULL, S]}

#: Confluent adds the differences found inside a matched subschema, or between a property and the schema
#: that covers it, to its list; ours reports the matching's outcome only (the verdict is the same, since
#: such differences are compatible by construction).
INNER = "Confluent also lists the compatible differences inside matched subschemas / covering schemas"
#: Confluent (everit) reads `type` with `enum`, and a non-combined schema beside a combined one, as allOf.
EVERIT_ALLOF = "Confluent models the schema as an allOf of its parts"
#: Confluent reports a non-combined schema against a combination of several members as TYPE_CHANGED.
CLASS_MISMATCH = "Confluent reports a non-combined schema against a many-member combination as TYPE_CHANGED"
#: Confluent also lists OPTIONAL/REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL beside a covered property.
UNOPEN = "Confluent also lists the property as added to an unopen content model"
#: 2020-12: Confluent names tuple items `items/N` and the rest `additionalItems`; ours keeps the keywords.
PREFIX_ITEMS = "Confluent reports prefixItems as items and items as additionalItems"
#: Confluent's 2020-12 reader ignores `$id` and an additionalProperties made true by removal.
QUIRK_2020 = "Confluent's 2020-12 reader does not report this change"


@dataclass(frozen=True)
class Example:
    description: str
    original: Any
    update: Any
    changes: tuple[str, ...] | None
    compatible: bool
    why: str = ""


def ex(description: str, original: Any, update: Any, *changes: str, compatible: bool, why: str = "") -> Example:
    return Example(description, original, update, None if why else changes, compatible, why)


def props(**properties: Any) -> dict[str, Any]:
    return {"properties": properties}


def arr(*items: Any, **keywords: Any) -> dict[str, Any]:
    return {"type": "array", "items": list(items), **keywords}


def prop1(schema: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"prop1": schema}}


GENERAL = [
    ex("anything can change to the empty schema", props(), {}, compatible=True),
    ex("id changed", {"id": "something"}, {"id": "something_else"}, "ID_CHANGED #/", compatible=True),
    ex("title changed", {"title": "something"}, {"title": "something_else"}, "TITLE_CHANGED #/", compatible=True),
    ex("description changed", {"description": "a"}, {"description": "b"}, "DESCRIPTION_CHANGED #/",
       compatible=True),
    ex("type changed", {"type": "object"}, {"type": "array"}, "TYPE_CHANGED #/", compatible=False),
    ex("number narrowed to integer", N, INT, "TYPE_NARROWED #/", compatible=False),
    ex("integer extended to number", INT, N, "TYPE_EXTENDED #/", compatible=True),
    ex("type array extended", {"type": ["object"]}, {"type": ["object", "array"]}, "SUM_TYPE_EXTENDED #/",
       compatible=True),
]

STRING = [
    ex("minLength increased", {**S, "minLength": 10}, {**S, "minLength": 11}, "MIN_LENGTH_INCREASED #/minLength",
       compatible=False),
    ex("minLength decreased", {**S, "minLength": 11}, {**S, "minLength": 10}, "MIN_LENGTH_DECREASED #/minLength",
       compatible=True),
    ex("maxLength increased", {**S, "maxLength": 10}, {**S, "maxLength": 12}, "MAX_LENGTH_INCREASED #/maxLength",
       compatible=True),
    ex("maxLength decreased", {**S, "maxLength": 12}, {**S, "maxLength": 10}, "MAX_LENGTH_DECREASED #/maxLength",
       compatible=False),
    ex("pattern removed", {**S, "pattern": "uuid"}, S, "PATTERN_REMOVED #/pattern", compatible=True),
    ex("pattern changed", {**S, "pattern": "date-time"}, {**S, "pattern": "uuid"}, "PATTERN_CHANGED #/pattern",
       compatible=False),
    ex("pattern unchanged", {**S, "pattern": "date-time"}, {**S, "pattern": "date-time"}, compatible=True),
]

NUMBER = [
    ex("maximum removed", {**N, "maximum": 10}, N, "MAXIMUM_REMOVED #/maximum", compatible=True),
    ex("maximum increased", {**N, "maximum": 10}, {**N, "maximum": 11}, "MAXIMUM_INCREASED #/maximum",
       compatible=True),
    ex("maximum decreased", {**N, "maximum": 11}, {**N, "maximum": 10}, "MAXIMUM_DECREASED #/maximum",
       compatible=False),
    ex("minimum removed", {**N, "minimum": 10}, N, "MINIMUM_REMOVED #/minimum", compatible=True),
    ex("minimum increased", {**N, "minimum": 10}, {**N, "minimum": 11}, "MINIMUM_INCREASED #/minimum",
       compatible=False),
    ex("minimum decreased", {**N, "minimum": 11}, {**N, "minimum": 10}, "MINIMUM_DECREASED #/minimum",
       compatible=True),
    ex("multipleOf removed", {**N, "multipleOf": 10}, N, "MULTIPLE_OF_REMOVED #/multipleOf", compatible=True),
    ex("multipleOf reduced", {**N, "multipleOf": 10}, {**N, "multipleOf": 2}, "MULTIPLE_OF_REDUCED #/multipleOf",
       compatible=True),
    ex("multipleOf changed", {**N, "multipleOf": 10}, {**N, "multipleOf": 11}, "MULTIPLE_OF_CHANGED #/multipleOf",
       compatible=False),
]

NOT_AND_ENUM = [
    ex("not narrowed", {"not": N}, {"not": INT}, "NOT_TYPE_NARROWED #/not", compatible=True),
    ex("not extended", {"not": INT}, {"not": N}, "NOT_TYPE_EXTENDED #/not", compatible=False),
    ex("enum removed", {**S, "enum": ["red"]}, S, compatible=True, why=EVERIT_ALLOF),
    ex("const changed", {"$schema": "http://json-schema.org/draft-07/schema#", **props(foo={"const": "red"})},
       {"$schema": "http://json-schema.org/draft-07/schema#", **props(foo={"const": "blue"})},
       "ENUM_ARRAY_CHANGED #/properties/foo/const", compatible=False),
    ex("enum changed inside allOf", {"allOf": [S, {"enum": ["red"]}]}, {"allOf": [S, {"enum": ["blue"]}]},
       "COMBINED_TYPE_SUBSCHEMAS_CHANGED #/", compatible=False),
    ex("enum extended inside allOf", {"allOf": [S, {"enum": ["red"]}]}, {"allOf": [{"enum": ["red", "blue"]}, S]},
       compatible=True, why=INNER),
]

COMBINED = [
    ex("oneOf member changed", {"oneOf": [S]}, {"oneOf": [N]}, "COMBINED_TYPE_SUBSCHEMAS_CHANGED #/",
       compatible=False),
    ex("oneOf member added", {"oneOf": [S]}, {"oneOf": [N, S]}, "SUM_TYPE_EXTENDED #/", compatible=True),
    ex("oneOf member's property changed", {"oneOf": [props(foo=S)]}, {"oneOf": [props(foo=N)]},
       "COMBINED_TYPE_SUBSCHEMAS_CHANGED #/", compatible=False),
    ex("one-member oneOf to one-member allOf", {"oneOf": [S]}, {"allOf": [S]}, "COMBINED_TYPE_EXTENDED #/",
       compatible=True),
    ex("two-member oneOf to one-member allOf", {"oneOf": [S, INT]}, {"allOf": [S]}, "COMBINED_TYPE_CHANGED #/",
       compatible=False),
    ex("string to oneOf with it", S, {"oneOf": [N, S]}, "SUM_TYPE_EXTENDED #/", compatible=True),
    ex("null to oneOf with it", NULL, {"oneOf": [N, NULL]}, "SUM_TYPE_EXTENDED #/", compatible=True),
    ex("oneOf of one to oneOf of two", {"oneOf": [N]}, {"oneOf": [S, N]}, "SUM_TYPE_EXTENDED #/", compatible=True),
    ex("bounded string to oneOf", {**S, "maxLength": 3}, {"oneOf": [N, S]}, compatible=True, why=INNER),
    ex("allOf reordered", prop1({"allOf": [{"enum": ["one", "two", "three"]}, S, {"maxLength": 5}]}),
       prop1({"allOf": [{"maxLength": 5}, {"enum": ["one", "two", "three"]}, S]}), compatible=True),
    ex("allOf member changed", prop1({"allOf": [{"enum": ["one", "two", "three"]}, S, {"maxLength": 5}]}),
       prop1({"allOf": [{"maxLength": 5}, {"enum": ["one", "two", "three"]}, N]}),
       "COMBINED_TYPE_SUBSCHEMAS_CHANGED #/properties/prop1", compatible=False),
    ex("duplicates in the original collapse", prop1({"allOf": [S, S]}), prop1({"allOf": [S]}), compatible=True),
    ex("duplicates in the update collapse", prop1({"allOf": [S]}), prop1({"allOf": [S, S]}), compatible=True),
    ex("oneOf gains a member", prop1({"oneOf": [S]}), prop1({"oneOf": [N, S]}),
       "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("oneOf gains two members", prop1({"oneOf": [S]}), prop1({"oneOf": [B, N, S]}),
       "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("oneOf gains members, one widened", prop1({"oneOf": [{**S, "maxLength": 5}]}),
       prop1({"oneOf": [B, N, {"title": "my string", **S, "maxLength": 8}]}), compatible=True, why=INNER),
    ex("oneOf loses a member", prop1({"oneOf": [N, S]}), prop1({"oneOf": [S]}),
       "SUM_TYPE_NARROWED #/properties/prop1", compatible=False),
    ex("allOf loses a member", prop1({"allOf": [{"enum": ["one", "two", "three"]}, S]}), prop1({"allOf": [S]}),
       "PRODUCT_TYPE_NARROWED #/properties/prop1", compatible=True),
    ex("allOf gains a member", prop1({"allOf": [S]}), prop1({"allOf": [{"enum": ["one", "two", "three"]}, S]}),
       "PRODUCT_TYPE_EXTENDED #/properties/prop1", compatible=False),
    ex("oneOf to anyOf", prop1({"oneOf": [S]}), prop1({"anyOf": [S]}), "COMBINED_TYPE_EXTENDED #/properties/prop1",
       compatible=True),
    ex("oneOf to a wider anyOf", prop1({"oneOf": [S]}), prop1({"anyOf": [N, S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("allOf to anyOf", prop1({"allOf": [S]}), prop1({"anyOf": [S]}), "COMBINED_TYPE_EXTENDED #/properties/prop1",
       compatible=True),
    ex("allOf to a wider anyOf", prop1({"allOf": [S]}), prop1({"anyOf": [N, S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("one-member anyOf to a wider oneOf", prop1({"anyOf": [S]}), prop1({"oneOf": [N, S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("two-member anyOf to oneOf", prop1({"anyOf": [N, S]}), prop1({"oneOf": [S]}),
       "COMBINED_TYPE_CHANGED #/properties/prop1", compatible=False),
    ex("one-member allOf to a wider oneOf", prop1({"allOf": [N]}), prop1({"oneOf": [N, S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", "SUM_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("one-member anyOf to one-member allOf", prop1({"anyOf": [S]}), prop1({"allOf": [S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("one-member oneOf to one-member allOf, nested", prop1({"oneOf": [S]}), prop1({"allOf": [S]}),
       "COMBINED_TYPE_EXTENDED #/properties/prop1", compatible=True),
    ex("one-member anyOf to two-member allOf", prop1({"anyOf": [S]}), prop1({"allOf": [N, S]}),
       "COMBINED_TYPE_CHANGED #/properties/prop1", compatible=False),
    ex("one-member oneOf to two-member allOf", prop1({"oneOf": [S]}), prop1({"allOf": [N, S]}),
       "COMBINED_TYPE_CHANGED #/properties/prop1", compatible=False),
    ex("non-combined to anyOf", prop1(S), prop1({"anyOf": [N, S]}), "SUM_TYPE_EXTENDED #/properties/prop1",
       compatible=True),
    ex("non-combined to oneOf", prop1(S), prop1({"oneOf": [N, S]}), "SUM_TYPE_EXTENDED #/properties/prop1",
       compatible=True),
    ex("non-combined to one-member allOf", prop1(S), prop1({"allOf": [S]}), compatible=True),
    ex("non-combined to two-member allOf", prop1(S), prop1({"allOf": [N, S]}), compatible=False, why=CLASS_MISMATCH),
]

OBJECT = [
    ex("property renamed in an open model", props(foo=S), props(bar=S),
       "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/bar",
       "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/foo", compatible=False),
    ex("property type changed", props(foo=S), props(foo=N), "TYPE_CHANGED #/properties/foo", compatible=False),
    ex("property added to an open model", props(foo=S), props(foo=S, bar=N),
       "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL #/properties/bar", compatible=False),
    ex("optional property added to a closed model", {**props(foo=S), "additionalProperties": False},
       {**props(foo=S, bar=N), "additionalProperties": False},
       "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/bar", compatible=True),
    ex("property added, covered by a pattern",
       {**props(foo=S), "additionalProperties": False, "patternProperties": {"^S_": S, "^I_": INT}},
       {**props(foo=S, I_123=N), "additionalProperties": False, "patternProperties": {"^S_": S, "^I_": INT}},
       compatible=True, why=INNER),
    ex("property added, covered by additionalProperties", {**props(foo=S), "additionalProperties": S},
       {**props(foo=S, bar=S), "additionalProperties": S}, compatible=True, why=UNOPEN),
    ex("property added, not covered by additionalProperties", {**props(foo=S), "additionalProperties": S},
       {**props(foo=S, bar=N), "additionalProperties": S}, compatible=False, why=INNER),
    ex("required property added, covered", {**props(foo=S), "additionalProperties": S},
       {**props(foo=S, bar=S), "required": ["bar"], "additionalProperties": S}, compatible=False,
       why="Confluent reports REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL where ours has REQUIRED_ATTRIBUTE_ADDED"),
    ex("property removed, covered by a pattern", {**props(foo=S, I_123=INT), "additionalProperties": False},
       {**props(foo=S), "additionalProperties": False, "patternProperties": {"^S_": S, "^I_": N}},
       compatible=True, why=INNER),
    ex("property removed, covered by additionalProperties", {**props(foo=S, bar=S), "additionalProperties": False},
       {**props(foo=S), "additionalProperties": S},
       "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/bar",
       "ADDITIONAL_PROPERTIES_ADDED #/additionalProperties", compatible=True),
    ex("property removed, not covered", {**props(foo=S, bar=N), "additionalProperties": False},
       {**props(foo=S), "additionalProperties": S}, compatible=False, why=INNER),
    ex("property removed, covered by an equal oneOf", {**props(foo=S, bar=S_OR_NULL), "additionalProperties": False},
       {**props(foo=S), "additionalProperties": S_OR_NULL},
       "PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/properties/bar",
       "ADDITIONAL_PROPERTIES_ADDED #/additionalProperties", compatible=True),
    ex("property removed, covered by a wider oneOf", {**props(foo=S, bar=S), "additionalProperties": False},
       {**props(foo=S), "additionalProperties": S_OR_NULL}, compatible=True, why=INNER),
    ex("dependencies swapped", {**props(foo=N, bar=S), "dependencies": {"foo": ["bar"]}},
       {**props(foo=N, bar=S), "dependencies": {"bar": ["foo"]}}, "DEPENDENCY_ARRAY_ADDED #/dependencies/bar",
       "DEPENDENCY_ARRAY_REMOVED #/dependencies/foo", compatible=False),
    ex("schema dependency removed", {"dependencies": {"foo": S, "bar": S}}, {"dependencies": {"foo": S}},
       "DEPENDENCY_SCHEMA_REMOVED #/dependencies/bar", compatible=True),
    ex("last schema dependency removed", {"dependencies": {"foo": S}}, {"dependencies": {}},
       "DEPENDENCY_SCHEMA_REMOVED #/dependencies/foo", compatible=True),
    ex("schema dependency changed", {"dependencies": {"foo": S}}, {"dependencies": {"foo": N}},
       "TYPE_CHANGED #/dependencies/foo", compatible=False),
    ex("schema dependency renamed", {"dependencies": {"foo": S}}, {"dependencies": {"bar": S}},
       "DEPENDENCY_SCHEMA_ADDED #/dependencies/bar", "DEPENDENCY_SCHEMA_REMOVED #/dependencies/foo",
       compatible=False),
    ex("required removed", {**props(foo=S), "required": ["foo"]}, props(foo=S),
       "REQUIRED_ATTRIBUTE_REMOVED #/required/foo", compatible=True),
    ex("required added", props(foo=S), {**props(foo=S), "required": ["foo"]},
       "REQUIRED_ATTRIBUTE_ADDED #/required/foo", compatible=False),
    ex("required moved to an undeclared name", {**props(foo=S), "required": ["foo"]},
       {**props(foo=S), "required": ["bar"]}, "REQUIRED_ATTRIBUTE_REMOVED #/required/foo", compatible=True),
    ex("maxProperties removed", {**props(), "maxProperties": 1}, props(), "MAX_PROPERTIES_REMOVED #/maxProperties",
       compatible=True),
    ex("maxProperties increased", {"maxProperties": 1}, {"maxProperties": 2},
       "MAX_PROPERTIES_INCREASED #/maxProperties", compatible=True),
    ex("maxProperties decreased", {"maxProperties": 2}, {"maxProperties": 1},
       "MAX_PROPERTIES_DECREASED #/maxProperties", compatible=False),
    ex("minProperties removed", {**props(), "minProperties": 2}, props(), "MIN_PROPERTIES_REMOVED #/minProperties",
       compatible=True),
    ex("minProperties increased", {"minProperties": 1}, {"minProperties": 2},
       "MIN_PROPERTIES_INCREASED #/minProperties", compatible=False),
    ex("minProperties decreased", {"minProperties": 2}, {"minProperties": 1},
       "MIN_PROPERTIES_DECREASED #/minProperties", compatible=True),
    ex("additionalProperties false removed", {**props(), "additionalProperties": False}, props(),
       "ADDITIONAL_PROPERTIES_ADDED #/additionalProperties", compatible=True),
    ex("additionalProperties true to false", {"additionalProperties": True}, {"additionalProperties": False},
       "ADDITIONAL_PROPERTIES_REMOVED #/additionalProperties", compatible=False),
    ex("additionalProperties true to a schema", {"additionalProperties": True}, {"additionalProperties": N},
       "ADDITIONAL_PROPERTIES_NARROWED #/additionalProperties", compatible=False),
    ex("true property added to an open model", {"additionalProperties": True},
       {"additionalProperties": True, **props(foo=True)},
       "PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/properties/foo", compatible=True),
    ex("true property removed from an open model", {"additionalProperties": True, **props(foo=True)},
       {"additionalProperties": True}, "PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL #/properties/foo", compatible=True),
    ex("false property added to a closed model", {"additionalProperties": False},
       {"additionalProperties": False, **props(foo=False)},
       "OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL #/properties/foo", compatible=True),
    ex("false property removed from a closed model", {"additionalProperties": False, **props(foo=False)},
       {"additionalProperties": False}, "PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/properties/foo",
       compatible=True),
    ex("additionalProperties schema changed", {"additionalProperties": S}, {"additionalProperties": N},
       "TYPE_CHANGED #/additionalProperties", compatible=False),
]

ARRAY = [
    ex("items schema added", {"type": "array"}, {"type": "array", "items": S}, "SCHEMA_ADDED #/items",
       compatible=False),
    ex("items schema removed", {"type": "array", "items": S}, {"type": "array"}, "SCHEMA_REMOVED #/items",
       compatible=True),
    ex("tuple removed", arr(S, N), {"type": "array"}, "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/0",
       "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1", compatible=True),
    ex("item added, covered", arr(S, N, additionalItems=S), arr(S, N, S, additionalItems=S),
       "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/2", compatible=True),
    ex("item added, not covered", arr(S, N, additionalItems=S), arr(S, N, N, additionalItems=S),
       compatible=False, why=INNER),
    ex("item removed, covered", arr(S, N, S, additionalItems=S), arr(S, N, additionalItems=S),
       "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/2", compatible=True),
    ex("item removed, covered by an equal oneOf", arr(S, N, S_OR_NULL, additionalItems=S_OR_NULL),
       arr(S, N, additionalItems=S_OR_NULL), "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/2",
       compatible=True),
    ex("item removed, not covered", arr(S, N, N, additionalItems=S), arr(S, N, additionalItems=S),
       compatible=False, why=INNER),
    ex("tuple item changed", arr(S), arr(N), "TYPE_CHANGED #/items/0", compatible=False),
    ex("maxItems decreased", {"type": "array", "maxItems": 2}, {"type": "array", "maxItems": 1},
       "MAX_ITEMS_DECREASED #/maxItems", compatible=False),
    ex("minItems removed", {"type": "array", "minItems": 1}, {"type": "array"}, "MIN_ITEMS_REMOVED #/minItems",
       compatible=True),
    ex("minItems increased", {"type": "array", "minItems": 1}, {"type": "array", "minItems": 2},
       "MIN_ITEMS_INCREASED #/minItems", compatible=False),
    ex("minItems decreased", {"type": "array", "minItems": 2}, {"type": "array", "minItems": 1},
       "MIN_ITEMS_DECREASED #/minItems", compatible=True),
    ex("uniqueItems removed", {"type": "array", "uniqueItems": True}, {"type": "array"},
       "UNIQUE_ITEMS_REMOVED #/uniqueItems", compatible=True),
    ex("additionalItems true to false", {"additionalItems": True}, {"additionalItems": False},
       "ADDITIONAL_ITEMS_REMOVED #/additionalItems", compatible=False),
    ex("additionalItems schema changed", {"additionalItems": S}, {"additionalItems": N},
       "TYPE_CHANGED #/additionalItems", compatible=False),
    ex("true item added to an open tuple", arr(N, additionalItems=True), arr(N, True, additionalItems=True),
       "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL #/items/1", compatible=True),
    ex("true item removed from an open tuple", arr(N, True, additionalItems=True), arr(N, additionalItems=True),
       "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1", compatible=True),
    ex("false item added to a closed tuple", arr(N, additionalItems=False), arr(N, False, additionalItems=False),
       "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1", compatible=True),
    ex("false item removed from a closed tuple", arr(N, False, additionalItems=False),
       arr(N, additionalItems=False), "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL #/items/1",
       compatible=True),
    ex("item added to a closed tuple that opens", arr(S, N, additionalItems=False),
       arr(S, N, B, additionalItems=True), "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/2",
       "ADDITIONAL_ITEMS_ADDED #/additionalItems", compatible=True),
    ex("item removed from a closed tuple that opens", arr(S, N, B, additionalItems=False),
       arr(S, N, additionalItems=True), "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/2",
       "ADDITIONAL_ITEMS_ADDED #/additionalItems", compatible=True),
    ex("item removed from an open tuple", arr(S, N, additionalItems=True), arr(S, additionalItems=True),
       "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL #/items/1", compatible=True),
    ex("item added to a closed tuple", arr(S, additionalItems=False), arr(S, N, additionalItems=False),
       "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL #/items/1", compatible=True),
    ex("item removed, covered by a new additionalItems", arr(S, N, additionalItems=False),
       arr(S, additionalItems=N), "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1",
       "ADDITIONAL_ITEMS_ADDED #/additionalItems", compatible=True),
    ex("item added, covered, additionalItems opened", arr(S, additionalItems=N), arr(S, N, additionalItems=True),
       "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL #/items/1",
       "ADDITIONAL_ITEMS_EXTENDED #/additionalItems", compatible=True),
]

REFERENCES = [
    ex("referenced definition changed", {"type": "array", "items": {"$ref": "#/definitions/someRef"},
                                         "definitions": {"someRef": S}},
       {"type": "array", "items": {"$ref": "#/definitions/someRef"}, "definitions": {"someRef": N}},
       "TYPE_CHANGED #/items", compatible=False),
    ex("moved behind a reference", S, {"$ref": "#/definitions/someRef", "definitions": {"someRef": S}},
       compatible=True),
    ex("moved from behind a reference", {"$ref": "#/definitions/someRef", "definitions": {"someRef": S}}, S,
       compatible=True),
]


def _d2020(schema: Any) -> Any:
    return {"$schema": D2020, **schema}


DRAFT_2020_12 = [
    ex("2020-12: $id changed", _d2020({"$id": "something"}), _d2020({"$id": "something_else"}), compatible=True,
       why=QUIRK_2020),
    ex("2020-12: title changed", _d2020({"title": "a"}), _d2020({"title": "b"}), "TITLE_CHANGED #/",
       compatible=True),
    ex("2020-12: number narrowed", _d2020(N), _d2020(INT), "TYPE_NARROWED #/", compatible=False),
    ex("2020-12: tuple removed", _d2020({"type": "array", "prefixItems": [S, N]}), _d2020({"type": "array"}),
       compatible=True, why=PREFIX_ITEMS),
    ex("2020-12: item added, not covered", _d2020({"type": "array", "prefixItems": [S, N], "items": S}),
       _d2020({"type": "array", "prefixItems": [S, N, N], "items": S}), compatible=False, why=PREFIX_ITEMS),
    ex("2020-12: item removed, covered", _d2020({"type": "array", "prefixItems": [S, N, S], "items": S}),
       _d2020({"type": "array", "prefixItems": [S, N], "items": S}), compatible=True, why=PREFIX_ITEMS),
    ex("2020-12: items true to false", _d2020({"items": True}), _d2020({"items": False}), compatible=False,
       why=PREFIX_ITEMS),
    ex("2020-12: item added to a closed tuple that opens", _d2020({"type": "array", "prefixItems": [S, N],
                                                                 "items": False}),
       _d2020({"type": "array", "prefixItems": [S, N, B], "items": True}), compatible=True, why=PREFIX_ITEMS),
    ex("2020-12: additionalProperties false removed", _d2020({**props(), "additionalProperties": False}),
       _d2020(props()), compatible=True, why=QUIRK_2020),
    ex("2020-12: oneOf member changed", _d2020({"oneOf": [S]}), _d2020({"oneOf": [N]}),
       "COMBINED_TYPE_SUBSCHEMAS_CHANGED #/", compatible=False),
    ex("2020-12: moved behind a reference", _d2020(S),
       _d2020({"$ref": "#/definitions/someRef", "definitions": {"someRef": S}}), compatible=True),
]

EXAMPLES = [*GENERAL, *STRING, *NUMBER, *NOT_AND_ENUM, *COMBINED, *OBJECT, *ARRAY, *REFERENCES, *DRAFT_2020_12]
