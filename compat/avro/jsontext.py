"""Schema text to JSON values, refusing what would make a later walk unsafe (too deep) or ambiguous (NaN)."""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.errors import SchemaParseError

#: How deep JSON may nest in a schema (arrays and objects). A record nested in a record costs three
#: levels (record, "fields", field), so this allows about 40 nested records: far beyond real schemas,
#: and low enough that every recursive walk over the schema stays well inside Python's stack.
MAX_JSON_DEPTH = 128


def load_json(text: str) -> Any:
    """The JSON value of `text`; SchemaParseError with line and column if it is not JSON."""
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise SchemaParseError(
            f"Invalid JSON: {error.msg}", location=f"line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise SchemaParseError(f"nesting too deep (more than {MAX_JSON_DEPTH} levels)") from None
    except ValueError as error:
        raise SchemaParseError(f"Invalid JSON: {error}") from None
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise SchemaParseError(f"nesting too deep (more than {MAX_JSON_DEPTH} levels)")
    return data


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _depth_exceeds(data: Any, limit: int) -> bool:
    """Whether `data` nests deeper than `limit`, measured without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
