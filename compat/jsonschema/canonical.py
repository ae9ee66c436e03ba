"""The stored text of a JSON schema: compact as given, or normalised (normalize=true)."""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.jsonschema.keywords import LISTS, MAPS, SINGLE

#: Keywords whose array value is a set of strings: order and duplicates carry no meaning.
_STRING_SETS = frozenset({"required"})
#: Keywords mapping names to string sets (`dependencies` maps some names to schemas instead).
_STRING_SET_MAPS = frozenset({"dependentRequired", "dependencies"})
#: Keywords whose value is a number compared by value, where `1.0` and `1` mean the same.
_NUMBERS = frozenset({
    "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength",
    "maxItems", "minItems", "maxContains", "minContains", "maxProperties", "minProperties",
})
#: Integral floats up to this size are written as integers (JSON Schema compares numbers by value).
_EXACT_FLOAT = 2**53


def compact(document: Any) -> str:
    """`document` as compact JSON, keys in the order given."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def normalized(document: Any) -> str:
    """`document` normalised without changing its meaning, as compact JSON with sorted keys.

    Normalisations, at schema positions only (the subschema keywords of `keywords`; a `const`, `enum`,
    `default` or `examples` value is data and is left as written, as is any keyword this module does not
    know): `required` and the string arrays of `dependentRequired` and `dependencies` sorted and
    de-duplicated; a one-element `type` array written as the string, a longer one sorted and de-duplicated;
    integral floats of the numeric keywords written as integers (`"maximum": 1.0` -> `1`). Object keys are
    sorted everywhere, data included: JSON gives their order no meaning.
    """
    return json.dumps(_schema(document), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _schema(schema: Any) -> Any:
    """A schema (object or boolean) normalised, keyword by keyword."""
    if not isinstance(schema, dict):
        return schema
    return {key: _keyword(key, value) for key, value in schema.items()}


def _keyword(key: str, value: Any) -> Any:
    if key in SINGLE or (key == "items" and isinstance(value, dict | bool)):
        return _schema(value)
    if key in LISTS and isinstance(value, list):
        return [_schema(item) for item in value]
    if key in MAPS and isinstance(value, dict):
        return {name: _map_entry(key, entry) for name, entry in value.items()}
    if key in _STRING_SETS and _is_string_list(value):
        return sorted(set(value))
    if key in _STRING_SET_MAPS and isinstance(value, dict):
        return {name: sorted(set(entry)) if _is_string_list(entry) else entry for name, entry in value.items()}
    if key == "type" and _is_string_list(value):
        types = sorted(set(value))
        return types[0] if len(types) == 1 else types
    if key in _NUMBERS and isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT_FLOAT:
        return int(value)
    return value


def _map_entry(key: str, entry: Any) -> Any:
    """An entry of a keyword mapping names to subschemas (`dependencies` also to string sets)."""
    if key in _STRING_SET_MAPS and _is_string_list(entry):
        return sorted(set(entry))
    return _schema(entry)


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
