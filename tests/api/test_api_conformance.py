"""Confluent conformance over HTTP, issue 18 part B: JSON Schema verdicts as Confluent's diff gives them,
`force=true` on registration, normalization of references, and re-registering a soft-deleted version."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import err, ok, post_schema, set_level

OBJECT_A = {"type": "object", "properties": {"a": {"type": "string"}}}


def _json(schema: Any) -> str:
    return json.dumps(schema, separators=(",", ":"))


@pytest.mark.parametrize("update", [
    {"type": "object", "patternProperties": {"^a*": {}}},
    {"type": "object", "propertyNames": {"pattern": "a*"}},
], ids=["patternProperties", "propertyNames"])
def test_properties_replaced_by_an_unconstraining_keyword_registers(api, subject, update):
    set_level(api, subject, "BACKWARD")
    ok(post_schema(api, subject, _json(OBJECT_A), schema_type="JSON"))
    assert ok(post_schema(api, subject, _json(update), schema_type="JSON"))["id"] > 0


def test_items_becoming_a_tuple_is_refused_under_backward(api, subject):
    set_level(api, subject, "BACKWARD")
    ok(post_schema(api, subject, _json({"type": "array", "items": {"type": "string"}}), schema_type="JSON"))
    tuple_form = _json({"type": "array", "items": [{"type": "string"}]})
    body = err(post_schema(api, subject, tuple_form, schema_type="JSON"), 409)
    assert "ITEM_ADDED_TO_OPEN_CONTENT_MODEL" in body["message"]
