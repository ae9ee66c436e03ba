"""Default values: does a JSON value fit an Avro type (as the Avro specification's "default" table says)?

Stricter than Confluent on purpose: the default of a union must fit the union's first branch, and
numbers must fit their type's range.
"""

from __future__ import annotations

from typing import Any

from schemata.compat.avro.model import Array, AvroType, Enum, Fixed, Map, Primitive, Record, Union, describe

_INT_RANGE = {"int": 1 << 31, "long": 1 << 63}


def default_error(node: AvroType, value: Any) -> str | None:
    """Why `value` is not a valid default for `node`, or None when it is."""
    if isinstance(node, Union):
        if not node.branches:
            return "an empty union has no valid default"
        first_error = default_error(node.branches[0], value)
        if first_error is None:
            return None
        return f"the default of a union must match its first branch ({describe(node.branches[0])}): {first_error}"
    if isinstance(node, Primitive):
        return None if _fits_primitive(node.name, value) else _mismatch(node, value)
    if isinstance(node, Enum):
        if isinstance(value, str) and value in node.symbols:
            return None
        return f"{value!r} is not a symbol of enum '{node.fullname}'"
    if isinstance(node, Fixed):
        if _is_byte_string(value) and len(value) == node.size:
            return None
        return f"expected a string of {node.size} bytes for fixed '{node.fullname}', got {_json(value)}"
    if isinstance(node, Array):
        if not isinstance(value, list):
            return _mismatch(node, value)
        return next((f"item {i}: {e}" for i, item in enumerate(value) if (e := default_error(node.items, item))), None)
    if isinstance(node, Map):
        if not isinstance(value, dict):
            return _mismatch(node, value)
        return next((f"key {k!r}: {e}" for k, v in value.items() if (e := default_error(node.values, v))), None)
    return _record_error(node, value)


def _record_error(node: Record, value: Any) -> str | None:
    """A record default is an object; a field it leaves out takes the field's own default."""
    if not isinstance(value, dict):
        return _mismatch(node, value)
    for field in node.fields:
        if field.name in value:
            error = default_error(field.type, value[field.name])
        elif field.has_default:
            continue
        else:
            error = "missing, and the field has no default"
        if error is not None:
            return f"field '{field.name}': {error}"
    return None


def _fits_primitive(name: str, value: Any) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name in _INT_RANGE:
        bound = _INT_RANGE[name]
        return isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
    if name in ("float", "double"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "bytes":
        return _is_byte_string(value)
    return isinstance(value, str)


def _is_byte_string(value: Any) -> bool:
    """Avro writes bytes defaults as strings whose code points are the byte values (0-255)."""
    return isinstance(value, str) and all(ord(char) < 256 for char in value)


def _mismatch(node: AvroType, value: Any) -> str:
    return f"expected {describe(node)}, got {_json(value)}"


def _json(value: Any) -> str:
    text = "null" if value is None else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
