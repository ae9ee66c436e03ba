"""JSON text to a Python document, with the limits that keep later recursive walks safe."""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.errors import SchemaParseError

#: The longest schema text accepted (characters).
MAX_SCHEMA_CHARS = 8 * 1024 * 1024
#: The deepest nesting of JSON arrays and objects accepted. Every later walk (meta-schema validation,
#: reference checks, canonicalisation, the diff) recurses along this nesting, so it must stay far below
#: Python's recursion limit.
MAX_DEPTH = 96


def load_json(text: str) -> Any:
    """The JSON value in `text`; SchemaParseError (with `line:column` when the JSON is invalid)."""
    if not text or not text.strip():
        raise SchemaParseError("Empty schema")
    if len(text) > MAX_SCHEMA_CHARS:
        raise SchemaParseError(f"Schema is too large ({len(text)} characters; at most {MAX_SCHEMA_CHARS})")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise SchemaParseError(f"Invalid JSON: {error.msg}", location=f"{error.lineno}:{error.colno}") from None
    except RecursionError:
        raise SchemaParseError(f"Schema is nested too deeply (at most {MAX_DEPTH} levels)") from None
    _check_depth(document)
    return document


def _reject_constant(name: str) -> Any:
    raise SchemaParseError(f"Invalid JSON: {name} is not a JSON number")


def _check_depth(document: Any) -> None:
    """Raise SchemaParseError when arrays/objects nest deeper than MAX_DEPTH (checked without recursion)."""
    stack: list[tuple[Any, int, str]] = [(document, 0, "")]
    while stack:
        value, depth, pointer = stack.pop()
        if depth > MAX_DEPTH:
            raise SchemaParseError(f"Schema is nested too deeply (at most {MAX_DEPTH} levels)", location=pointer)
        if isinstance(value, dict):
            stack.extend((child, depth + 1, f"{pointer}/{escape(key)}") for key, child in value.items())
        elif isinstance(value, list):
            stack.extend((child, depth + 1, f"{pointer}/{index}") for index, child in enumerate(value))


def escape(segment: str | int) -> str:
    """One JSON-pointer segment (RFC 6901: `~` and `/` escaped)."""
    return str(segment).replace("~", "~0").replace("/", "~1")


def pointer(segments: tuple[str | int, ...] | list[str | int]) -> str:
    """The JSON pointer of `segments` ("" for the document root)."""
    return "".join(f"/{escape(s)}" for s in segments)
