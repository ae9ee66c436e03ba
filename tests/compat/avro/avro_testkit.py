"""Small builders shared by the Avro tests: schemas as Python values, parsed through the real format."""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.avro import AvroFormat, AvroSchema
from schemata.compat.schema import Dependency

FORMAT = AvroFormat()


def parse(schema: Any, dependencies: tuple[Dependency, ...] = (), *, normalize: bool = False) -> AvroSchema:
    """Parse a schema given as a Python value (JSON-encoded first: a str is the schema "string", not text)."""
    return FORMAT.parse(json.dumps(schema), dependencies, normalize=normalize)


def record(name: str, *fields: dict[str, Any], **attributes: Any) -> dict[str, Any]:
    return {"type": "record", "name": name, "fields": list(fields), **attributes}


def field(name: str, type_: Any, **attributes: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **attributes}


def findings(reader: Any, writer: Any) -> list[tuple[str, str]]:
    """(rule, path) of every finding that stops `reader` from reading `writer`'s data."""
    return [(f.rule, f.path) for f in FORMAT.check(reader=parse(reader), writer=parse(writer), policy="STRICT")]
