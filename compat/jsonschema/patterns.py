r"""The regular expressions of a schema (`pattern`, and the keys of `patternProperties`) must compile.

Serializers validate every record with jsonschema-rs, whose regular expressions follow ECMA 262 as JSON
Schema asks (with Unicode classes such as `\p{L}`, which Python's `re` lacks, and which Confluent's Java
validators take); a pattern it cannot compile would only fail there, on the first record, so it is rejected
when the schema is parsed. Only schema positions are read: a `pattern` inside a `const` or `default` is data.
"""

from __future__ import annotations

from typing import Any

import jsonschema_rs

from schemata.compat.errors import SchemaParseError
from schemata.compat.jsonschema.keywords import subschemas
from schemata.compat.jsontext import pointer


def check_patterns(document: Any, where: str) -> None:
    """Raise SchemaParseError, with the JSON pointer of the first regular expression that does not compile."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        schema, segments = stack.pop()
        if not isinstance(schema, dict):
            continue
        if isinstance(schema.get("pattern"), str):
            _compile(schema["pattern"], (*segments, "pattern"), where)
        patterns = schema.get("patternProperties")
        for key in patterns if isinstance(patterns, dict) else ():
            _compile(key, (*segments, "patternProperties", key), where)
        stack.extend((sub, (*segments, *relative)) for relative, sub in subschemas(schema))


def _compile(pattern: str, segments: tuple[str | int, ...], where: str) -> None:
    try:
        jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except jsonschema_rs.ValidationError:
        raise SchemaParseError(
            f"{where}invalid regular expression {pattern!r}", location=pointer(segments)
        ) from None
