"""Schema text to JSON values, for every format written in JSON (Avro, JSON Schema): one loader, one limit.

It refuses what would make a later walk unsafe (too deep: every walk over a schema recurses along its
nesting, so the nesting must stay far below Python's recursion limit) or ambiguous (NaN, Infinity), and
reports where: `line:column` for text that is not JSON, the JSON pointer of the first value nested too deeply.
"""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.errors import SchemaParseError

#: The longest schema text accepted (characters).
MAX_SCHEMA_CHARS = 8 * 1024 * 1024
#: The most levels of arrays and objects a schema may nest: about 30 Avro records one inside another, 50
#: JSON Schema properties; far beyond real schemas.
MAX_JSON_DEPTH = 100


def load_json(text: str) -> Any:
    """The JSON value of `text`; SchemaParseError if it is empty, too large, not JSON or nested too deeply."""
    if not text or not text.strip():
        raise SchemaParseError("Empty schema")
    if len(text) > MAX_SCHEMA_CHARS:
        raise SchemaParseError(f"Schema is too large ({len(text)} characters; at most {MAX_SCHEMA_CHARS})")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise SchemaParseError(f"Invalid JSON: {error.msg}", location=f"{error.lineno}:{error.colno}") from None
    except RecursionError:
        raise SchemaParseError(_TOO_DEEP) from None
    _check_depth(value)
    return value


_TOO_DEEP = f"Schema is nested too deeply (more than {MAX_JSON_DEPTH} levels of arrays and objects)"


def _reject_constant(name: str) -> Any:
    raise SchemaParseError(f"Invalid JSON: {name} is not a JSON number")


def _check_depth(value: Any) -> None:
    """SchemaParseError when arrays and objects nest more than MAX_JSON_DEPTH levels (checked without recursion)."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        current, depth, at = stack.pop()
        if isinstance(current, dict):
            children: Any = ((f"{at}/{escape(key)}", child) for key, child in current.items())
        elif isinstance(current, list):
            children = ((f"{at}/{index}", child) for index, child in enumerate(current))
        else:
            continue
        if depth > MAX_JSON_DEPTH:
            raise SchemaParseError(_TOO_DEEP, location=at or "/")
        stack.extend((child, depth + 1, where) for where, child in children)


def escape(segment: str | int) -> str:
    """One JSON-pointer segment (RFC 6901: `~` and `/` escaped)."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def pointer(segments: tuple[str | int, ...] | list[str | int]) -> str:
    """The JSON pointer of `segments` ("" for the document root)."""
    return "".join(f"/{escape(s)}" for s in segments)
