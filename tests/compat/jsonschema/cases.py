"""Schema pairs for the diff tests: one (or a few) per difference type, with the exact differences expected.

Each case: the original and the update (JSON values, draft 7 unless they say otherwise), the differences
(type, path) the diff must find, the verdicts under STRICT and LENIENT, the types expected at the same path
when the two schemas are swapped (none when swapping finds no difference there) and, for a case that names
them, the verdicts of the swapped pair. Paths are Confluent's: a difference about a whole schema (its
annotations, its type, its combinators) is reported at the schema itself (`#/`, `#/properties/a`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

D4 = "http://json-schema.org/draft-04/schema#"
D6 = "http://json-schema.org/draft-06/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Case:
    original: Any
    update: Any
    expected: tuple[tuple[str, str], ...]
    strict: bool
    lenient: bool
    reverse: tuple[str, ...]
    reverse_strict: bool | None
    reverse_lenient: bool | None

    @property
    def rule(self) -> str:
        return self.expected[0][0]

    @property
    def id(self) -> str:
        return self.rule


def case(original: Any, update: Any, *expected: tuple[str, str], strict: bool, lenient: bool | None = None,
         reverse: str | tuple[str, ...] = (), rstrict: bool | None = None, rlenient: bool | None = None) -> Case:
    """A case; `reverse` (the swapped pair's types at the first expected path) needs its verdicts `rstrict`
    (and `rlenient` when LENIENT differs)."""
    reverse = (reverse,) if isinstance(reverse, str) else reverse
    assert bool(reverse) <= (rstrict is not None), "a case with a reverse gives its verdicts"
    return Case(original, update, expected, strict, strict if lenient is None else lenient, reverse, rstrict,
                rstrict if rlenient is None else rlenient)


def obj(properties: dict[str, Any], **keywords: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **keywords}


S, INT, N = {"type": "string"}, {"type": "integer"}, {"type": "number"}
CLOSED = {"additionalProperties": False}


def bound(keyword: str, prefix: str, base: dict[str, Any], low: int, high: int, upper: bool) -> list[Case]:
    """ADDED and INCREASED cases of a limit keyword (their reverses give REMOVED and DECREASED)."""
    path = f"#/{keyword}"
    return [
        case(base, {**base, keyword: low}, (f"{prefix}_ADDED", path), strict=False, reverse=f"{prefix}_REMOVED",
             rstrict=True),
        case({**base, keyword: low}, {**base, keyword: high}, (f"{prefix}_INCREASED", path), strict=upper,
             reverse=f"{prefix}_DECREASED", rstrict=not upper),
    ]


GENERAL = [
    case({"$id": "urn:a"}, {"$id": "urn:b"}, ("ID_CHANGED", "#/"), strict=True, reverse="ID_CHANGED", rstrict=True),
    case({"title": "A"}, {"title": "B"}, ("TITLE_CHANGED", "#/"), strict=True, reverse="TITLE_CHANGED", rstrict=True),
    case({"description": "a"}, {}, ("DESCRIPTION_CHANGED", "#/"), strict=True, reverse="DESCRIPTION_CHANGED",
         rstrict=True),
    case({"type": "string", "default": "a"}, {"type": "string", "default": "b"}, ("DEFAULT_CHANGED", "#/"),
         strict=True, reverse="DEFAULT_CHANGED", rstrict=True),
    case({"type": "array"}, {"type": "array", "items": S}, ("SCHEMA_ADDED", "#/items"), strict=False,
         reverse="SCHEMA_REMOVED", rstrict=True),
    case(obj({"a": S}), obj({"a": S}, propertyNames={"maxLength": 3}), ("SCHEMA_ADDED", "#/propertyNames"),
         strict=False, reverse="SCHEMA_REMOVED", rstrict=True),
    case({"type": "integer"}, {"type": "number"}, ("TYPE_EXTENDED", "#/"), strict=True, reverse="TYPE_NARROWED",
         rstrict=False),
    case({"maxLength": 3}, {"type": "string", "maxLength": 3}, ("TYPE_NARROWED", "#/"), strict=False,
         reverse="TYPE_EXTENDED", rstrict=True),
    case({"type": "string"}, {"type": "object"}, ("TYPE_CHANGED", "#/"), strict=False, reverse="TYPE_CHANGED",
         rstrict=False),
    case(obj({"a": S}), obj({"a": False}), ("TYPE_CHANGED", "#/properties/a"), strict=False),
]

STRING = [
    *bound("maxLength", "MAX_LENGTH", {"type": "string"}, 5, 10, upper=True),
    *bound("minLength", "MIN_LENGTH", {"type": "string"}, 5, 10, upper=False),
    case({"type": "string"}, {"type": "string", "pattern": "^a"}, ("PATTERN_ADDED", "#/pattern"), strict=False,
         reverse="PATTERN_REMOVED", rstrict=True),
    case({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}, ("PATTERN_CHANGED", "#/pattern"),
         strict=False, reverse="PATTERN_CHANGED", rstrict=False),
]

NUMBER = [
    *bound("maximum", "MAXIMUM", {"type": "number"}, 5, 10, upper=True),
    *bound("minimum", "MINIMUM", {"type": "number"}, 5, 10, upper=False),
    *bound("exclusiveMaximum", "EXCLUSIVE_MAXIMUM", {"type": "number"}, 5, 10, upper=True),
    *bound("exclusiveMinimum", "EXCLUSIVE_MINIMUM", {"type": "number"}, 5, 10, upper=False),
    case(N, {**N, "multipleOf": 5}, ("MULTIPLE_OF_ADDED", "#/multipleOf"), strict=False,
         reverse="MULTIPLE_OF_REMOVED", rstrict=True),
    case({**N, "multipleOf": 10}, {**N, "multipleOf": 5}, ("MULTIPLE_OF_REDUCED", "#/multipleOf"), strict=True,
         reverse="MULTIPLE_OF_EXPANDED", rstrict=False),
    case({**N, "multipleOf": 0.5}, {**N, "multipleOf": 0.25}, ("MULTIPLE_OF_REDUCED", "#/multipleOf"), strict=True,
         reverse="MULTIPLE_OF_EXPANDED", rstrict=False),
    case({**N, "multipleOf": 10}, {**N, "multipleOf": 3}, ("MULTIPLE_OF_CHANGED", "#/multipleOf"), strict=False,
         reverse="MULTIPLE_OF_CHANGED", rstrict=False),
]

OBJECT = [
    case(obj({"a": S}), obj({"a": S}, required=["a"]), ("REQUIRED_ATTRIBUTE_ADDED", "#/required/a"), strict=False,
         reverse="REQUIRED_ATTRIBUTE_REMOVED", rstrict=True),
    case(obj({"a": {**S, "default": "x"}}), obj({"a": {**S, "default": "x"}}, required=["a"]),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/a"), strict=True, reverse="REQUIRED_ATTRIBUTE_REMOVED",
         rstrict=True),
    *bound("maxProperties", "MAX_PROPERTIES", {"type": "object"}, 2, 4, upper=True),
    *bound("minProperties", "MIN_PROPERTIES", {"type": "object"}, 2, 4, upper=False),
    case(obj({}), obj({}, **CLOSED), ("ADDITIONAL_PROPERTIES_REMOVED", "#/additionalProperties"), strict=False,
         lenient=True, reverse="ADDITIONAL_PROPERTIES_ADDED", rstrict=True),
    case(obj({}), obj({}, additionalProperties=S), ("ADDITIONAL_PROPERTIES_NARROWED", "#/additionalProperties"),
         strict=False, lenient=True, reverse="ADDITIONAL_PROPERTIES_EXTENDED", rstrict=True),
    case(obj({}, additionalProperties=S), obj({}, additionalProperties=INT),
         ("TYPE_CHANGED", "#/additionalProperties"), strict=False, reverse="TYPE_CHANGED", rstrict=False),
    case({"$schema": D2019, **obj({})}, {"$schema": D2019, **obj({}, unevaluatedProperties=False)},
         ("UNEVALUATED_PROPERTIES_REMOVED", "#/unevaluatedProperties"), strict=False, lenient=True,
         reverse="UNEVALUATED_PROPERTIES_ADDED", rstrict=True),
    case({"$schema": D2020, **obj({})}, {"$schema": D2020, **obj({}, unevaluatedProperties=S)},
         ("UNEVALUATED_PROPERTIES_NARROWED", "#/unevaluatedProperties"), strict=False, lenient=True,
         reverse="UNEVALUATED_PROPERTIES_EXTENDED", rstrict=True),
    case(obj({}), obj({}, dependencies={"a": ["b"]}), ("DEPENDENCY_ARRAY_ADDED", "#/dependencies/a"), strict=False,
         reverse="DEPENDENCY_ARRAY_REMOVED", rstrict=True),
    case({"$schema": D2019, "dependentRequired": {"a": ["b"]}},
         {"$schema": D2019, "dependentRequired": {"a": ["b", "c"]}},
         ("DEPENDENCY_ARRAY_EXTENDED", "#/dependentRequired/a"), strict=False, reverse="DEPENDENCY_ARRAY_NARROWED",
         rstrict=True),
    case({"dependencies": {"a": ["b"]}}, {"dependencies": {"a": ["c"]}},
         ("DEPENDENCY_ARRAY_CHANGED", "#/dependencies/a"),
         strict=False, reverse="DEPENDENCY_ARRAY_CHANGED", rstrict=False),
    case({"$schema": D2020, "type": "object"},
         {"$schema": D2020, "type": "object", "dependentSchemas": {"a": {"required": ["b"]}}},
         ("DEPENDENCY_SCHEMA_ADDED", "#/dependentSchemas/a"), strict=False, reverse="DEPENDENCY_SCHEMA_REMOVED",
         rstrict=True),
    case({"dependencies": {"a": {"required": ["b"]}}}, {"dependencies": {"a": {"required": ["b"], "maxProperties": 3}}},
         ("MAX_PROPERTIES_ADDED", "#/dependencies/a/maxProperties"), strict=False, reverse="MAX_PROPERTIES_REMOVED",
         rstrict=True),
    # properties added to / removed from an open content model
    case(obj({"a": S}), obj({"a": S, "b": S}), ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         strict=False, lenient=True, reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({"a": S}), obj({"a": S, "b": S}, required=["b"]),
         ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_ADDED", "#/required/b"),
         strict=False, reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({"a": S}), obj({"a": S, "b": {**S, "default": "x"}}, required=["b"]),
         ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({"a": S}), obj({"a": S, "b": {"description": "anything"}}),
         ("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    # closed content model
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": S}, **CLOSED),
         ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False, rlenient=True),
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": S}, required=["b"], **CLOSED),
         ("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_ADDED", "#/required/b"), strict=False,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False, rlenient=True),
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": {**S, "default": "x"}}, required=["b"], **CLOSED),
         ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False, rlenient=True),
    case(obj({"a": S, "b": False}, **CLOSED), obj({"a": S}, **CLOSED),
         ("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", rstrict=True),
    # `unevaluatedProperties` closes the object like `additionalProperties` when nothing else evaluates names
    case({"$schema": D2020, **obj({"a": S}, unevaluatedProperties=False)},
         {"$schema": D2020, **obj({"a": S, "b": S}, unevaluatedProperties=False)},
         ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False, rlenient=True),
    case({"$schema": D2019, **obj({"a": S}, unevaluatedProperties=S)},
         {"$schema": D2019, **obj({"a": S, "b": S}, unevaluatedProperties=S)},
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=True),
    # partially open content model
    case(obj({"a": S}, additionalProperties=S), obj({"a": S, "b": S}, additionalProperties=S),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({"a": S}, additionalProperties=INT), obj({"a": S, "b": N}, additionalProperties=INT),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=False, rlenient=True),
    case(obj({"a": S}, additionalProperties=S), obj({"a": S, "b": INT}, additionalProperties=S),
         ("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=False, rlenient=True),
    case(obj({}, patternProperties={"^s_": S}, **CLOSED), obj({"s_x": S}, patternProperties={"^s_": S}, **CLOSED),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/s_x"), strict=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({}, patternProperties={"^s_": S}), obj({"b": S}, patternProperties={"^s_": S}),
         ("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=True),
    case(obj({}, **CLOSED), obj({}, patternProperties={"^s_": S}, **CLOSED), strict=True),
    case(obj({}), obj({}, patternProperties={"^s_": S}), ("SCHEMA_ADDED", "#/patternProperties/^s_"), strict=False,
         reverse="SCHEMA_REMOVED", rstrict=True),
]

ARRAY = [
    *bound("maxItems", "MAX_ITEMS", {"type": "array"}, 2, 4, upper=True),
    *bound("minItems", "MIN_ITEMS", {"type": "array"}, 2, 4, upper=False),
    *bound("maxContains", "MAX_CONTAINS", {"$schema": D2019, "type": "array", "contains": S}, 2, 4, upper=True),
    *bound("minContains", "MIN_CONTAINS", {"$schema": D2020, "type": "array", "contains": S}, 2, 4, upper=False),
    case({"type": "array"}, {"type": "array", "uniqueItems": True}, ("UNIQUE_ITEMS_ADDED", "#/uniqueItems"),
         strict=False, reverse="UNIQUE_ITEMS_REMOVED", rstrict=True),
    case({"type": "array", "contains": S}, {"type": "array", "contains": {"type": "string", "minLength": 2}},
         ("MIN_LENGTH_ADDED", "#/contains/minLength"), strict=False, reverse="MIN_LENGTH_REMOVED", rstrict=True),
    case({"items": [S]}, {"items": [S], "additionalItems": False}, ("ADDITIONAL_ITEMS_REMOVED", "#/additionalItems"),
         strict=False, reverse="ADDITIONAL_ITEMS_ADDED", rstrict=True),
    case({"$schema": D2020, "prefixItems": [S]}, {"$schema": D2020, "prefixItems": [S], "items": S},
         ("ADDITIONAL_ITEMS_NARROWED", "#/items"), strict=False, reverse="ADDITIONAL_ITEMS_EXTENDED", rstrict=True),
    case({"$schema": D2019, "items": [S]}, {"$schema": D2019, "items": [S], "unevaluatedItems": False},
         ("UNEVALUATED_ITEMS_REMOVED", "#/unevaluatedItems"), strict=False, reverse="UNEVALUATED_ITEMS_ADDED",
         rstrict=True),
    case({"$schema": D2019, "items": [S]}, {"$schema": D2019, "items": [S], "unevaluatedItems": INT},
         ("UNEVALUATED_ITEMS_NARROWED", "#/unevaluatedItems"), strict=False, reverse="UNEVALUATED_ITEMS_EXTENDED",
         rstrict=True),
    case({"items": [S]}, {"items": [S, INT]}, ("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "#/items/1"), strict=False,
         reverse="ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    case({"$schema": D2020, "prefixItems": [S]}, {"$schema": D2020, "prefixItems": [S, True]},
         ("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "#/prefixItems/1"), strict=True,
         reverse="ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
    case({"items": [S], "additionalItems": False}, {"items": [S, INT], "additionalItems": False},
         ("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False),
    case({"items": [S, False], "additionalItems": False}, {"items": [S], "additionalItems": False},
         ("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", rstrict=True),
    case({"items": [S], "additionalItems": INT}, {"items": [S, N], "additionalItems": INT},
         ("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=False),
    case({"$schema": D2020, "prefixItems": [S], "items": S}, {"$schema": D2020, "prefixItems": [S, INT], "items": S},
         ("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/prefixItems/1"), strict=False,
         reverse="ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=False),
    case({"items": [S, S], "additionalItems": S}, {"items": [S], "additionalItems": S},
         ("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", rstrict=True),
]

ENUM_AND_COMBINED = [
    case({"enum": ["a"]}, {"enum": ["a", "b"]}, ("ENUM_ARRAY_EXTENDED", "#/enum"), strict=True,
         reverse="ENUM_ARRAY_NARROWED", rstrict=False),
    case({"enum": ["a"]}, {"enum": ["b"]}, ("ENUM_ARRAY_CHANGED", "#/enum"), strict=False,
         reverse="ENUM_ARRAY_CHANGED", rstrict=False),
    case({"const": 1}, {"const": 2}, ("ENUM_ARRAY_CHANGED", "#/const"), strict=False, reverse="ENUM_ARRAY_CHANGED",
         rstrict=False),
    case({"const": 1}, {"const": True}, ("ENUM_ARRAY_CHANGED", "#/const"), strict=False,
         reverse="ENUM_ARRAY_CHANGED", rstrict=False),
    case({"type": "integer", "default": 1}, {"type": "integer", "default": True}, ("DEFAULT_CHANGED", "#/"),
         strict=True, reverse="DEFAULT_CHANGED", rstrict=True),
    case({"const": 1}, {"enum": [1.0, 2]}, ("ENUM_ARRAY_EXTENDED", "#/enum"), strict=True,
         reverse="ENUM_ARRAY_NARROWED", rstrict=False),
    case({"oneOf": [S, INT]}, {"anyOf": [S, INT]}, ("COMBINED_TYPE_EXTENDED", "#/"), strict=True,
         reverse="COMBINED_TYPE_CHANGED", rstrict=False),
    case({"anyOf": [S, INT]}, {"allOf": [S, INT]}, ("COMBINED_TYPE_CHANGED", "#/"), strict=False,
         reverse="COMBINED_TYPE_EXTENDED", rstrict=True),
    # one-member combinators: Confluent lets oneOf/anyOf [S] become allOf [S] (and anything singleton become oneOf)
    case({"oneOf": [S]}, {"allOf": [S]}, ("COMBINED_TYPE_EXTENDED", "#/"), strict=True,
         reverse="COMBINED_TYPE_EXTENDED", rstrict=True),
    case({"oneOf": [S, INT]}, {"allOf": [S]}, ("COMBINED_TYPE_CHANGED", "#/"), strict=False,
         reverse=("COMBINED_TYPE_EXTENDED", "SUM_TYPE_EXTENDED"), rstrict=True),
    case({"allOf": [{"type": "object"}, {"required": ["a"]}]},
         {"allOf": [{"type": "object"}, {"required": ["a"]}, {"required": ["b"]}]},
         ("PRODUCT_TYPE_EXTENDED", "#/"), strict=False, reverse="PRODUCT_TYPE_NARROWED", rstrict=True),
    case(obj({"a": S}), obj({"a": S}, anyOf=[{"required": ["a"]}, {"maxProperties": 0}]),
         ("PRODUCT_TYPE_EXTENDED", "#/"), strict=False, reverse="PRODUCT_TYPE_NARROWED", rstrict=True),
    case({"anyOf": [S, INT]}, {"anyOf": [S, INT, {"type": "boolean"}]}, ("SUM_TYPE_EXTENDED", "#/"), strict=True,
         reverse="SUM_TYPE_NARROWED", rstrict=False),
    case({"type": "string"}, {"type": ["string", "null"]}, ("SUM_TYPE_EXTENDED", "#/"), strict=True,
         reverse="SUM_TYPE_NARROWED", rstrict=False),
    case({"anyOf": [S, INT]}, {"anyOf": [S, {"type": "boolean"}]}, ("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "#/"),
         strict=False, reverse="COMBINED_TYPE_SUBSCHEMAS_CHANGED", rstrict=False),
    case({"not": INT}, {"not": N}, ("NOT_TYPE_EXTENDED", "#/not"), strict=False, reverse="NOT_TYPE_NARROWED",
         rstrict=True),
    case({"type": "string"}, {"type": "string", "not": {"enum": ["x"]}}, ("NOT_TYPE_EXTENDED", "#/not"),
         strict=False, reverse="NOT_TYPE_NARROWED", rstrict=True),
    case({"not": {"type": "string", "description": "a"}}, {"not": {"type": "string", "description": "b"}},
         strict=True),
]

DRAFT4_NUMBER = {"$schema": D4, "type": "number"}
DRAFT4 = [
    case({"$schema": D4, "id": "urn:a"}, {"$schema": D4, "id": "urn:b"}, ("ID_CHANGED", "#/"), strict=True,
         reverse="ID_CHANGED", rstrict=True),
    case({**DRAFT4_NUMBER, "maximum": 5}, {**DRAFT4_NUMBER, "maximum": 5, "exclusiveMaximum": True},
         ("EXCLUSIVE_MAXIMUM_ADDED", "#/exclusiveMaximum"), strict=False, reverse="EXCLUSIVE_MAXIMUM_REMOVED",
         rstrict=True),
    case({**DRAFT4_NUMBER, "minimum": 5, "exclusiveMinimum": True},
         {**DRAFT4_NUMBER, "minimum": 4, "exclusiveMinimum": True},
         ("EXCLUSIVE_MINIMUM_DECREASED", "#/exclusiveMinimum"), strict=True, reverse="EXCLUSIVE_MINIMUM_INCREASED",
         rstrict=False),
    case({**DRAFT4_NUMBER, "maximum": 5, "exclusiveMaximum": True}, {**DRAFT4_NUMBER, "maximum": 6},
         ("MAXIMUM_INCREASED", "#/maximum"), strict=True),
    case({"$schema": D4, "type": "integer"}, {"$schema": D4, "type": ["integer", "null"]},
         ("SUM_TYPE_EXTENDED", "#/"), strict=True, reverse="SUM_TYPE_NARROWED", rstrict=False),
    case({"$schema": D4, **obj({"a": S})}, {"$schema": D4, **obj({"a": S}, required=["a"])},
         ("REQUIRED_ATTRIBUTE_ADDED", "#/required/a"), strict=False, reverse="REQUIRED_ATTRIBUTE_REMOVED",
         rstrict=True),
    case({"$schema": D4, "dependencies": {"a": ["b"]}}, {"$schema": D4, "dependencies": {"a": ["b", "c"]}},
         ("DEPENDENCY_ARRAY_EXTENDED", "#/dependencies/a"), strict=False, reverse="DEPENDENCY_ARRAY_NARROWED",
         rstrict=True),
    case({"$schema": D4, "items": [S], "additionalItems": False},
         {"$schema": D4, "items": [S, INT], "additionalItems": False},
         ("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False),
    case({"$schema": D4, **obj({"a": S}, **CLOSED)}, {"$schema": D4, **obj({"a": S, "b": S}, **CLOSED)},
         ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", rstrict=False, rlenient=True),
]

DRAFT6 = [
    case({"$schema": D6, "$id": "urn:a"}, {"$schema": D6, "$id": "urn:b"}, ("ID_CHANGED", "#/"), strict=True,
         reverse="ID_CHANGED", rstrict=True),
    case({"$schema": D6, "type": "number", "exclusiveMaximum": 5}, {"$schema": D6, "type": "number",
                                                                    "exclusiveMaximum": 10},
         ("EXCLUSIVE_MAXIMUM_INCREASED", "#/exclusiveMaximum"), strict=True, reverse="EXCLUSIVE_MAXIMUM_DECREASED",
         rstrict=False),
    case({"$schema": D6, "const": "a"}, {"$schema": D6, "enum": ["a", "b"]}, ("ENUM_ARRAY_EXTENDED", "#/enum"),
         strict=True, reverse="ENUM_ARRAY_NARROWED", rstrict=False),
    case({"$schema": D6, "type": "object"}, {"$schema": D6, "type": "object", "propertyNames": {"maxLength": 3}},
         ("SCHEMA_ADDED", "#/propertyNames"), strict=False, reverse="SCHEMA_REMOVED", rstrict=True),
    case({"$schema": D6, "type": "array", "contains": S},
         {"$schema": D6, "type": "array", "contains": {"type": "string", "minLength": 2}},
         ("MIN_LENGTH_ADDED", "#/contains/minLength"), strict=False, reverse="MIN_LENGTH_REMOVED", rstrict=True),
    case({"$schema": D6, **obj({"a": True})}, {"$schema": D6, **obj({"a": False})},
         ("TYPE_CHANGED", "#/properties/a"), strict=False),
    case({"$schema": D6, **obj({"a": S})}, {"$schema": D6, **obj({"a": S, "b": True})},
         ("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL", rstrict=True),
]

CASES = [*GENERAL, *STRING, *NUMBER, *OBJECT, *ARRAY, *ENUM_AND_COMBINED, *DRAFT4, *DRAFT6]
