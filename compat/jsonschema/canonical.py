"""The stored text of a JSON schema: compact as given, or normalised (normalize=true)."""

from __future__ import annotations

import json
from typing import Any

#: Keywords whose array value is a set of strings: order and duplicates carry no meaning.
_STRING_SETS = frozenset({"required"})
#: Keywords mapping names to string sets.
_STRING_SET_MAPS = frozenset({"dependentRequired", "dependencies"})
#: Integral floats up to this size are written as integers (JSON Schema compares numbers by value).
_EXACT_FLOAT = 2**53


def compact(document: Any) -> str:
    """`document` as compact JSON, keys in the order given."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def normalized(document: Any) -> str:
    """`document` normalised without changing its meaning, as compact JSON with sorted keys.

    Normalisations: object keys sorted; `required` and the string arrays of `dependentRequired` and
    `dependencies` sorted and de-duplicated; a one-element `type` array written as the string, a longer
    one sorted and de-duplicated; integral floats written as integers (`1.0` -> `1`).
    """
    return json.dumps(_normalize(document), separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def _normalize(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _normalize_keyword(key, child) for key, child in value.items()}
    if isinstance(value, list):
        return [_normalize(item) for item in value]
    if isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT_FLOAT:
        return int(value)
    return value


def _normalize_keyword(key: str, value: Any) -> Any:
    if key in _STRING_SETS and _is_string_list(value):
        return sorted(set(value))
    if key in _STRING_SET_MAPS and isinstance(value, dict):
        return {name: sorted(set(v)) if _is_string_list(v) else _normalize(v) for name, v in value.items()}
    if key == "type" and _is_string_list(value):
        types = sorted(set(value))
        return types[0] if len(types) == 1 else types
    return _normalize(value)


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)
