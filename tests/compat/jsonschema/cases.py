"""Schema pairs for the diff tests: one (or a few) per difference type, with the exact differences expected.

Each case: the original and the update (JSON values, draft 7 unless they say otherwise), the differences
(type, path) the diff must find, the verdicts under STRICT and LENIENT, and the type expected at the same
path when the two schemas are swapped (None when swapping finds no difference there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class Case:
    original: Any
    update: Any
    expected: tuple[tuple[str, str], ...]
    strict: bool
    lenient: bool
    reverse: str | None

    @property
    def rule(self) -> str:
        return self.expected[0][0]

    @property
    def id(self) -> str:
        return self.rule


def case(original: Any, update: Any, *expected: tuple[str, str], strict: bool, lenient: bool | None = None,
         reverse: str | None = None) -> Case:
    return Case(original, update, expected, strict, strict if lenient is None else lenient, reverse)


def obj(properties: dict[str, Any], **keywords: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties, **keywords}


S, INT, N = {"type": "string"}, {"type": "integer"}, {"type": "number"}
CLOSED = {"additionalProperties": False}


def bound(keyword: str, prefix: str, base: dict[str, Any], low: int, high: int, upper: bool) -> list[Case]:
    """ADDED and INCREASED cases of a limit keyword (their reverses give REMOVED and DECREASED)."""
    path = f"#/{keyword}"
    return [
        case(base, {**base, keyword: low}, (f"{prefix}_ADDED", path), strict=False, reverse=f"{prefix}_REMOVED"),
        case({**base, keyword: low}, {**base, keyword: high}, (f"{prefix}_INCREASED", path), strict=upper,
             reverse=f"{prefix}_DECREASED"),
    ]


GENERAL = [
    case({"$id": "urn:a"}, {"$id": "urn:b"}, ("ID_CHANGED", "#/$id"), strict=True, reverse="ID_CHANGED"),
    case({"title": "A"}, {"title": "B"}, ("TITLE_CHANGED", "#/title"), strict=True, reverse="TITLE_CHANGED"),
    case({"description": "a"}, {}, ("DESCRIPTION_CHANGED", "#/description"), strict=True,
         reverse="DESCRIPTION_CHANGED"),
    case({"type": "string", "default": "a"}, {"type": "string", "default": "b"}, ("DEFAULT_CHANGED", "#/default"),
         strict=True, reverse="DEFAULT_CHANGED"),
    case({"type": "array"}, {"type": "array", "items": S}, ("SCHEMA_ADDED", "#/items"), strict=False,
         reverse="SCHEMA_REMOVED"),
    case(obj({"a": S}), obj({"a": S}, propertyNames={"maxLength": 3}), ("SCHEMA_ADDED", "#/propertyNames"),
         strict=False, reverse="SCHEMA_REMOVED"),
    case({"type": "integer"}, {"type": "number"}, ("TYPE_EXTENDED", "#/type"), strict=True, reverse="TYPE_NARROWED"),
    case({"maxLength": 3}, {"type": "string", "maxLength": 3}, ("TYPE_NARROWED", "#/type"), strict=False,
         reverse="TYPE_EXTENDED"),
    case({"type": "string"}, {"type": "object"}, ("TYPE_CHANGED", "#/"), strict=False, reverse="TYPE_CHANGED"),
    case(obj({"a": S}), obj({"a": False}), ("TYPE_CHANGED", "#/properties/a"), strict=False, reverse=None),
]

STRING = [
    *bound("maxLength", "MAX_LENGTH", {"type": "string"}, 5, 10, upper=True),
    *bound("minLength", "MIN_LENGTH", {"type": "string"}, 5, 10, upper=False),
    case({"type": "string"}, {"type": "string", "pattern": "^a"}, ("PATTERN_ADDED", "#/pattern"), strict=False,
         reverse="PATTERN_REMOVED"),
    case({"type": "string", "pattern": "^a"}, {"type": "string", "pattern": "^b"}, ("PATTERN_CHANGED", "#/pattern"),
         strict=False, reverse="PATTERN_CHANGED"),
]

NUMBER = [
    *bound("maximum", "MAXIMUM", {"type": "number"}, 5, 10, upper=True),
    *bound("minimum", "MINIMUM", {"type": "number"}, 5, 10, upper=False),
    *bound("exclusiveMaximum", "EXCLUSIVE_MAXIMUM", {"type": "number"}, 5, 10, upper=True),
    *bound("exclusiveMinimum", "EXCLUSIVE_MINIMUM", {"type": "number"}, 5, 10, upper=False),
    case(N, {**N, "multipleOf": 5}, ("MULTIPLE_OF_ADDED", "#/multipleOf"), strict=False,
         reverse="MULTIPLE_OF_REMOVED"),
    case({**N, "multipleOf": 10}, {**N, "multipleOf": 5}, ("MULTIPLE_OF_REDUCED", "#/multipleOf"), strict=True,
         reverse="MULTIPLE_OF_EXPANDED"),
    case({**N, "multipleOf": 0.5}, {**N, "multipleOf": 0.25}, ("MULTIPLE_OF_REDUCED", "#/multipleOf"), strict=True,
         reverse="MULTIPLE_OF_EXPANDED"),
    case({**N, "multipleOf": 10}, {**N, "multipleOf": 3}, ("MULTIPLE_OF_CHANGED", "#/multipleOf"), strict=False,
         reverse="MULTIPLE_OF_CHANGED"),
]

OBJECT = [
    case(obj({"a": S}), obj({"a": S}, required=["a"]), ("REQUIRED_ATTRIBUTE_ADDED", "#/required/a"), strict=False,
         reverse="REQUIRED_ATTRIBUTE_REMOVED"),
    case(obj({"a": {**S, "default": "x"}}), obj({"a": {**S, "default": "x"}}, required=["a"]),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/a"), strict=True, reverse="REQUIRED_ATTRIBUTE_REMOVED"),
    *bound("maxProperties", "MAX_PROPERTIES", {"type": "object"}, 2, 4, upper=True),
    *bound("minProperties", "MIN_PROPERTIES", {"type": "object"}, 2, 4, upper=False),
    case(obj({}), obj({}, **CLOSED), ("ADDITIONAL_PROPERTIES_REMOVED", "#/additionalProperties"), strict=False,
         lenient=True, reverse="ADDITIONAL_PROPERTIES_ADDED"),
    case(obj({}), obj({}, additionalProperties=S), ("ADDITIONAL_PROPERTIES_NARROWED", "#/additionalProperties"),
         strict=False, lenient=True, reverse="ADDITIONAL_PROPERTIES_EXTENDED"),
    case(obj({}, additionalProperties=S), obj({}, additionalProperties=INT),
         ("TYPE_CHANGED", "#/additionalProperties"), strict=False, reverse="TYPE_CHANGED"),
    case({"$schema": D2019, **obj({})}, {"$schema": D2019, **obj({}, unevaluatedProperties=False)},
         ("UNEVALUATED_PROPERTIES_REMOVED", "#/unevaluatedProperties"), strict=False, lenient=True,
         reverse="UNEVALUATED_PROPERTIES_ADDED"),
    case({"$schema": D2020, **obj({})}, {"$schema": D2020, **obj({}, unevaluatedProperties=S)},
         ("UNEVALUATED_PROPERTIES_NARROWED", "#/unevaluatedProperties"), strict=False, lenient=True,
         reverse="UNEVALUATED_PROPERTIES_EXTENDED"),
    case(obj({}), obj({}, dependencies={"a": ["b"]}), ("DEPENDENCY_ARRAY_ADDED", "#/dependencies/a"), strict=False,
         reverse="DEPENDENCY_ARRAY_REMOVED"),
    case({"$schema": D2019, "dependentRequired": {"a": ["b"]}},
         {"$schema": D2019, "dependentRequired": {"a": ["b", "c"]}},
         ("DEPENDENCY_ARRAY_EXTENDED", "#/dependentRequired/a"), strict=False, reverse="DEPENDENCY_ARRAY_NARROWED"),
    case({"dependencies": {"a": ["b"]}}, {"dependencies": {"a": ["c"]}},
         ("DEPENDENCY_ARRAY_CHANGED", "#/dependencies/a"),
         strict=False, reverse="DEPENDENCY_ARRAY_CHANGED"),
    case({"$schema": D2020, "type": "object"},
         {"$schema": D2020, "type": "object", "dependentSchemas": {"a": {"required": ["b"]}}},
         ("DEPENDENCY_SCHEMA_ADDED", "#/dependentSchemas/a"), strict=False, reverse="DEPENDENCY_SCHEMA_REMOVED"),
    case({"dependencies": {"a": {"required": ["b"]}}}, {"dependencies": {"a": {"required": ["b"], "maxProperties": 3}}},
         ("MAX_PROPERTIES_ADDED", "#/dependencies/a/maxProperties"), strict=False, reverse="MAX_PROPERTIES_REMOVED"),
    # properties added to / removed from an open content model
    case(obj({"a": S}), obj({"a": S, "b": S}), ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         strict=False, lenient=True, reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    case(obj({"a": S}), obj({"a": S, "b": S}, required=["b"]),
         ("REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_ADDED", "#/required/b"),
         strict=False, reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    case(obj({"a": S}), obj({"a": S, "b": {**S, "default": "x"}}, required=["b"]),
         ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    case(obj({"a": S}), obj({"a": S, "b": {"description": "anything"}}),
         ("PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    # closed content model
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": S}, **CLOSED),
         ("OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": S}, required=["b"], **CLOSED),
         ("REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_ADDED", "#/required/b"), strict=False,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
    case(obj({"a": S}, **CLOSED), obj({"a": S, "b": {**S, "default": "x"}}, required=["b"], **CLOSED),
         ("REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL", "#/properties/b"),
         ("REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED", "#/required/b"), strict=True,
         reverse="PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
    case(obj({"a": S, "b": False}, **CLOSED), obj({"a": S}, **CLOSED),
         ("PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"),
    # partially open content model
    case(obj({"a": S}, additionalProperties=S), obj({"a": S, "b": S}, additionalProperties=S),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case(obj({"a": S}, additionalProperties=INT), obj({"a": S, "b": N}, additionalProperties=INT),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=True,
         reverse="PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case(obj({"a": S}, additionalProperties=S), obj({"a": S, "b": INT}, additionalProperties=S),
         ("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case(obj({}, patternProperties={"^s_": S}, **CLOSED), obj({"s_x": S}, patternProperties={"^s_": S}, **CLOSED),
         ("PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/s_x"), strict=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case(obj({}, patternProperties={"^s_": S}), obj({"b": S}, patternProperties={"^s_": S}),
         ("PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/properties/b"), strict=False, lenient=True,
         reverse="PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case(obj({}, **CLOSED), obj({}, patternProperties={"^s_": S}, **CLOSED), strict=True),
    case(obj({}), obj({}, patternProperties={"^s_": S}), ("SCHEMA_ADDED", "#/patternProperties/^s_"), strict=False,
         reverse="SCHEMA_REMOVED"),
]

ARRAY = [
    *bound("maxItems", "MAX_ITEMS", {"type": "array"}, 2, 4, upper=True),
    *bound("minItems", "MIN_ITEMS", {"type": "array"}, 2, 4, upper=False),
    *bound("maxContains", "MAX_CONTAINS", {"$schema": D2019, "type": "array", "contains": S}, 2, 4, upper=True),
    *bound("minContains", "MIN_CONTAINS", {"$schema": D2020, "type": "array", "contains": S}, 2, 4, upper=False),
    case({"type": "array"}, {"type": "array", "uniqueItems": True}, ("UNIQUE_ITEMS_ADDED", "#/uniqueItems"),
         strict=False, reverse="UNIQUE_ITEMS_REMOVED"),
    case({"type": "array", "contains": S}, {"type": "array", "contains": {"type": "string", "minLength": 2}},
         ("MIN_LENGTH_ADDED", "#/contains/minLength"), strict=False, reverse="MIN_LENGTH_REMOVED"),
    case({"items": [S]}, {"items": [S], "additionalItems": False}, ("ADDITIONAL_ITEMS_REMOVED", "#/additionalItems"),
         strict=False, reverse="ADDITIONAL_ITEMS_ADDED"),
    case({"$schema": D2020, "prefixItems": [S]}, {"$schema": D2020, "prefixItems": [S], "items": S},
         ("ADDITIONAL_ITEMS_NARROWED", "#/items"), strict=False, reverse="ADDITIONAL_ITEMS_EXTENDED"),
    case({"$schema": D2019, "items": [S]}, {"$schema": D2019, "items": [S], "unevaluatedItems": False},
         ("UNEVALUATED_ITEMS_REMOVED", "#/unevaluatedItems"), strict=False, reverse="UNEVALUATED_ITEMS_ADDED"),
    case({"$schema": D2019, "items": [S]}, {"$schema": D2019, "items": [S], "unevaluatedItems": INT},
         ("UNEVALUATED_ITEMS_NARROWED", "#/unevaluatedItems"), strict=False, reverse="UNEVALUATED_ITEMS_EXTENDED"),
    case({"items": [S]}, {"items": [S, INT]}, ("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "#/items/1"), strict=False,
         reverse="ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    case({"$schema": D2020, "prefixItems": [S]}, {"$schema": D2020, "prefixItems": [S, True]},
         ("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "#/prefixItems/1"), strict=True,
         reverse="ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL"),
    case({"items": [S], "additionalItems": False}, {"items": [S, INT], "additionalItems": False},
         ("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL"),
    case({"items": [S, False], "additionalItems": False}, {"items": [S], "additionalItems": False},
         ("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"),
    case({"items": [S], "additionalItems": INT}, {"items": [S, N], "additionalItems": INT},
         ("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case({"$schema": D2020, "prefixItems": [S], "items": S}, {"$schema": D2020, "prefixItems": [S, INT], "items": S},
         ("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/prefixItems/1"), strict=False,
         reverse="ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
    case({"items": [S, S], "additionalItems": S}, {"items": [S], "additionalItems": S},
         ("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "#/items/1"), strict=True,
         reverse="ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"),
]

ENUM_AND_COMBINED = [
    case({"enum": ["a"]}, {"enum": ["a", "b"]}, ("ENUM_ARRAY_EXTENDED", "#/enum"), strict=True,
         reverse="ENUM_ARRAY_NARROWED"),
    case({"enum": ["a"]}, {"enum": ["b"]}, ("ENUM_ARRAY_CHANGED", "#/enum"), strict=False,
         reverse="ENUM_ARRAY_CHANGED"),
    case({"const": 1}, {"const": 2}, ("ENUM_ARRAY_CHANGED", "#/const"), strict=False, reverse="ENUM_ARRAY_CHANGED"),
    case({"const": 1}, {"const": True}, ("ENUM_ARRAY_CHANGED", "#/const"), strict=False,
         reverse="ENUM_ARRAY_CHANGED"),
    case({"type": "integer", "default": 1}, {"type": "integer", "default": True}, ("DEFAULT_CHANGED", "#/default"),
         strict=True, reverse="DEFAULT_CHANGED"),
    case({"const": 1}, {"enum": [1.0, 2]}, ("ENUM_ARRAY_EXTENDED", "#/enum"), strict=True,
         reverse="ENUM_ARRAY_NARROWED"),
    case({"oneOf": [S, INT]}, {"anyOf": [S, INT]}, ("COMBINED_TYPE_EXTENDED", "#/anyOf"), strict=True,
         reverse=None),
    case({"anyOf": [S, INT]}, {"allOf": [S, INT]}, ("COMBINED_TYPE_CHANGED", "#/allOf"), strict=False, reverse=None),
    case({"allOf": [{"type": "object"}, {"required": ["a"]}]},
         {"allOf": [{"type": "object"}, {"required": ["a"]}, {"required": ["b"]}]},
         ("PRODUCT_TYPE_EXTENDED", "#/allOf"), strict=False, reverse="PRODUCT_TYPE_NARROWED"),
    case(obj({"a": S}), obj({"a": S}, anyOf=[{"required": ["a"]}, {"maxProperties": 0}]),
         ("PRODUCT_TYPE_EXTENDED", "#/anyOf"), strict=False, reverse="PRODUCT_TYPE_NARROWED"),
    case({"anyOf": [S, INT]}, {"anyOf": [S, INT, {"type": "boolean"}]}, ("SUM_TYPE_EXTENDED", "#/anyOf"), strict=True,
         reverse="SUM_TYPE_NARROWED"),
    case({"type": "string"}, {"type": ["string", "null"]}, ("SUM_TYPE_EXTENDED", "#/type"), strict=True,
         reverse="SUM_TYPE_NARROWED"),
    case({"anyOf": [S, INT]}, {"anyOf": [S, {"type": "boolean"}]}, ("COMBINED_TYPE_SUBSCHEMAS_CHANGED", "#/anyOf"),
         strict=False, reverse="COMBINED_TYPE_SUBSCHEMAS_CHANGED"),
    case({"not": INT}, {"not": N}, ("NOT_TYPE_EXTENDED", "#/not"), strict=False, reverse="NOT_TYPE_NARROWED"),
    case({"type": "string"}, {"type": "string", "not": {"enum": ["x"]}}, ("NOT_TYPE_EXTENDED", "#/not"),
         strict=False, reverse="NOT_TYPE_NARROWED"),
    case({"not": {"type": "string", "description": "a"}}, {"not": {"type": "string", "description": "b"}},
         strict=True),
]

CASES = [*GENERAL, *STRING, *NUMBER, *OBJECT, *ARRAY, *ENUM_AND_COMBINED]
