"""Finding paths mapped to lines of the schema file, so code hosts can annotate the right line.

Paths follow each format's tradition (`/fields/3/type` for Avro, `#/properties/foo` for JSON Schema,
`#/Outer/Inner/3` for Protobuf). The path's named steps are searched for in order, each after the line of the
one before; the line of the last one found wins, and line 1 when none is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

#: JSON Schema keywords whose members are named by their key.
_NAMED_MEMBERS = {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}


def locate(text: str, schema_type: str, path: str) -> int:
    """The 1-based line of `text` that `path` points at, as near as can be told."""
    steps = [step.replace("~1", "/").replace("~0", "~") for step in path.lstrip("#").split("/") if step]
    needles = _proto_needles(steps) if schema_type == "PROTOBUF" else _json_needles(text, steps)
    return _search(text.splitlines(), needles)


def _json_needles(text: str, steps: list[str]) -> Iterator[re.Pattern[str]]:
    """Avro and JSON Schema: the `name` of each Avro record or field passed, and each named JSON Schema member."""
    try:
        node: Any = json.loads(text)
    except ValueError:
        return
    parent = ""
    for step in steps:
        if isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        elif isinstance(node, dict) and step in node:
            node = node[step]
            if parent in _NAMED_MEMBERS:
                yield re.compile(rf'"{re.escape(step)}"\s*:')
        else:
            return
        if isinstance(node, dict) and isinstance(node.get("name"), str):
            yield re.compile(rf'"name"\s*:\s*"{re.escape(node["name"])}"')
        parent = step


def _proto_needles(steps: list[str]) -> Iterator[re.Pattern[str]]:
    """Protobuf: each message or enum declaration on the path, then the field's tag number."""
    for step in steps:
        if step.isdigit():
            yield re.compile(rf"=\s*{step}\b")
        else:
            yield re.compile(rf"\b(message|enum|oneof)\s+{re.escape(step.rsplit('.', 1)[-1])}\b")


def _search(lines: list[str], needles: Iterator[re.Pattern[str]]) -> int:
    line, start = 1, 0
    for needle in needles:
        found = next((i for i in range(start, len(lines)) if needle.search(lines[i])), None)
        if found is None:
            break
        line, start = found + 1, found
    return line
