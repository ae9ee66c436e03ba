"""Verdicts that follow Confluent's JSON Schema diff where it leaves keywords out (issue 18): properties
replaced by a pattern or by property names that constrain nothing are compatible, and an all-items `items`
becoming a tuple adds an item to an open content model. Constraining patterns and names are still compared."""

from __future__ import annotations

from typing import Any

import pytest

from schemata.compat import Level, check_compatibility
from schemata.compat.jsonschema.patterns import accepts_every_name, matches_every_name
from tests.compat.jsonschema.helpers import parse

OLD = {"type": "object", "properties": {"a": {"type": "string"}}}


def _rules(level: Level, new: Any, old: Any) -> list[str]:
    return [f.rule for f in check_compatibility(level, parse(new), [parse(old)])]


@pytest.mark.parametrize("new", [
    {"type": "object", "patternProperties": {"^a*": {}}},
    {"type": "object", "patternProperties": {"^a*": True}},
    {"type": "object", "propertyNames": {"pattern": "a*"}},
    {"type": "object", "propertyNames": {"type": "string", "pattern": "^"}},
    {"type": "object", "propertyNames": {}},
], ids=["pattern-empty", "pattern-true", "names-a-star", "names-string-caret", "names-empty"])
def test_unconstraining_pattern_or_names_replacing_properties_is_backward_compatible(new: Any) -> None:
    assert _rules(Level.BACKWARD, new, OLD) == []


@pytest.mark.parametrize(("new", "rule"), [
    ({"type": "object", "patternProperties": {"^a": {"type": "integer"}}}, "SCHEMA_ADDED"),
    ({"type": "object", "propertyNames": {"pattern": "^a$"}}, "SCHEMA_ADDED"),
    ({"type": "object", "propertyNames": {"maxLength": 3}}, "SCHEMA_ADDED"),
], ids=["pattern-constrains", "names-anchored", "names-length"])
def test_constraining_pattern_or_names_are_still_compared(new: Any, rule: str) -> None:
    assert rule in _rules(Level.BACKWARD, new, OLD)


def test_items_becoming_a_tuple_is_backward_incompatible() -> None:
    old = {"type": "array", "items": {"type": "string"}}
    new = {"type": "array", "items": [{"type": "string"}]}
    assert _rules(Level.BACKWARD, new, old) == ["ITEM_ADDED_TO_OPEN_CONTENT_MODEL"]
    assert _rules(Level.BACKWARD, old, old) == []


def test_a_closed_tuple_of_the_same_items_stays_compatible() -> None:
    old = {"type": "array", "items": [{"type": "string"}], "additionalItems": False}
    new = {"type": "array", "items": [{"type": "string"}, {"type": "number"}], "additionalItems": False}
    assert _rules(Level.BACKWARD, new, old) == []


@pytest.mark.parametrize(("pattern", "every"), [
    ("a*", True), ("^", True), ("", True), ("^a*", True), ("(x|)", True),
    ("^$", False), ("a+", False), ("^a*$", False), ("\\b", False), ("a*(?=b)", False),
])
def test_matches_every_name(pattern: str, every: bool) -> None:
    assert matches_every_name(pattern) is every
    assert accepts_every_name({"pattern": pattern}) is every
