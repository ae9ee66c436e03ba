"""Where JSON Schema keywords hold subschemas, and which keywords only annotate.

One table serves every draft: a keyword a draft does not know never appears in a schema valid against that
draft's meta-schema with a subschema-shaped value it would misread.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

#: Keywords whose value is one subschema.
SINGLE = (
    "additionalItems", "additionalProperties", "contains", "propertyNames", "not", "if", "then", "else",
    "unevaluatedItems", "unevaluatedProperties", "contentSchema",
)
#: Keywords whose value is a list of subschemas (`items` only when it is a list).
LISTS = ("allOf", "anyOf", "oneOf", "prefixItems", "items")
#: Keywords whose value maps names to subschemas (`dependencies` only for its object values).
MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies")

#: Keywords that say something about the data (anything else only annotates or is unknown).
ASSERTIONS = frozenset({
    "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "items", "prefixItems", "additionalItems", "unevaluatedItems",
    "contains", "maxContains", "minContains", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "properties", "patternProperties", "additionalProperties",
    "unevaluatedProperties", "dependencies", "dependentRequired", "dependentSchemas", "propertyNames",
    "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "$dynamicRef", "$recursiveRef",
})
REFERENCES = ("$ref", "$dynamicRef", "$recursiveRef")
COMBINATORS = ("allOf", "anyOf", "oneOf")


def subschemas(schema: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """The direct subschemas of `schema`, each with its path segments relative to `schema`."""
    if not isinstance(schema, dict):
        return
    for keyword in SINGLE:
        if keyword in schema and _is_schema(schema[keyword]):
            yield (keyword,), schema[keyword]
    for keyword in LISTS:
        value = schema.get(keyword)
        if isinstance(value, list):
            yield from (((keyword, i), item) for i, item in enumerate(value) if _is_schema(item))
        elif keyword == "items" and _is_schema(value):
            yield (keyword,), value
    for keyword in MAPS:
        value = schema.get(keyword)
        if isinstance(value, dict):
            yield from (((keyword, name), sub) for name, sub in value.items() if _is_schema(sub))


def _is_schema(value: Any) -> bool:
    return isinstance(value, dict | bool)


def accepts_everything(schema: Any) -> bool:
    """True for `true`, `{}` and schemas with annotations only: every document is valid."""
    return schema is True or (isinstance(schema, dict) and not ASSERTIONS.intersection(schema))
