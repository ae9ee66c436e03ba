"""Small helpers shared by the JSON Schema tests."""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.jsonschema import JsonSchema, JsonSchemaFormat
from schemata.compat.schema import Dependency

FORMAT = JsonSchemaFormat()


def parse(schema: Any, dependencies: tuple[Dependency, ...] = ()) -> JsonSchema:
    """A JsonSchema from a JSON value (or from text when given a str)."""
    text = schema if isinstance(schema, str) else json.dumps(schema)
    return FORMAT.parse(text, dependencies)
