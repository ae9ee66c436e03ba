"""Where a record stops fitting its Avro schema, as a JSON path (`$.address.city`, `$.tags[2]`).

Runs only after fastavro has refused a record, to turn its error into one a person can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastavro.validation import _validate  # fastavro's schema-walking check, on already-parsed schemas

_OPTIONS = {"strict": False, "strict_allow_default": False, "disable_tuple_notation": False}


def fits(value: Any, schema: Any, named: Mapping[str, Any]) -> bool:
    """Whether `value` fits `schema`, a fastavro-parsed schema whose named types are in `named`."""
    try:
        return bool(_validate(value, schema, named, "", False, _OPTIONS))
    except (ValueError, TypeError, KeyError, AttributeError):
        return False


def describe(schema: Any) -> str:
    """`int`, `ex.Address`, `union [null, string]`: a schema named for an error message."""
    if isinstance(schema, list):
        return "union [" + ", ".join(describe(branch) for branch in schema) + "]"
    if isinstance(schema, dict):
        return str(schema.get("name") or schema.get("logicalType") or schema.get("type"))
    return str(schema)


def locate(value: Any, schema: Any, named: Mapping[str, Any], path: str = "$") -> tuple[str, str]:
    """The path of the first part of `value` that does not fit `schema` (fastavro-parsed), and why."""
    if isinstance(schema, str) and schema in named:
        schema = named[schema]
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind == "record" and isinstance(value, Mapping):
        for field in schema["fields"]:
            name = field["name"]
            if name not in value and "default" not in field:
                return f"{path}.{name}", "missing, and the field has no default"
            item = value.get(name, field.get("default"))
            if not fits(item, field["type"], named):
                return locate(item, field["type"], named, f"{path}.{name}")
    elif kind == "array" and isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if not fits(item, schema["items"], named):
                return locate(item, schema["items"], named, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, f"map key {key!r} is not a string"
            if not fits(item, schema["values"], named):
                return locate(item, schema["values"], named, f"{path}.{key}")
    return path, f"{value!r} is not a valid {describe(schema)}"
