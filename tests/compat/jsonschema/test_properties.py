"""Properties that hold for every schema: compatible with itself at every level, unchanged by a `$ref`
indirection or by normalisation, and FULL is BACKWARD plus FORWARD."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemata.compat import Level, OldVersion, check_compatibility, parse_schema
from schemata.compat.jsonschema import BOOK, JsonSchemaFormat, diff
from tests.compat.jsonschema.cases import CASES
from tests.compat.jsonschema.helpers import parse

SAMPLES = sorted((Path(__file__).parents[3] / "sample_schemas" / "json").glob("*/v*.json"))
NAMES = st.sampled_from(["a", "b", "c", "s_1"])
LEAVES = st.one_of(
    st.sampled_from([{"type": t} for t in ("string", "integer", "number", "boolean", "null", "object", "array")]),
    st.builds(lambda n: {"type": "string", "maxLength": n}, st.integers(0, 4)),
    st.builds(lambda n: {"type": "number", "minimum": n}, st.integers(-2, 2)),
    st.builds(lambda values: {"enum": values}, st.lists(st.sampled_from(["x", "y", 1, None]), min_size=1,
                                                         max_size=3, unique=True)),
    st.sampled_from([True, False, {}]),
)


def _object(properties: dict[str, Any], required: list[str], additional: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = sorted(set(required))
    if additional is not None:
        schema["additionalProperties"] = additional
    return schema


SCHEMAS = st.recursive(
    LEAVES,
    lambda children: st.one_of(
        st.builds(_object, st.dictionaries(NAMES, children, max_size=3), st.lists(NAMES, max_size=2),
                  st.one_of(st.none(), st.just(False), children)),
        st.builds(lambda items: {"type": "array", "items": items}, children),
        st.builds(lambda items, extra: {"type": "array", "items": items, "additionalItems": extra},
                  st.lists(children, min_size=1, max_size=3), st.one_of(st.just(False), children)),
        st.builds(lambda kind, members: {kind: members}, st.sampled_from(["allOf", "anyOf", "oneOf"]),
                  st.lists(children, min_size=1, max_size=3)),
        st.builds(lambda negated: {"not": negated}, children),
    ),
    max_leaves=10,
)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_LEVELS = list(Level)


def _behind_a_ref(schema: Any) -> dict[str, Any]:
    wrapper: dict[str, Any] = {"definitions": {"target": schema}, "$ref": "#/definitions/target"}
    if isinstance(schema, dict) and "$schema" in schema:  # the wrapper is read in the target's draft
        wrapper["$schema"] = schema["$schema"]
    return wrapper


def _texts() -> list[str]:
    return [p.read_text() for p in SAMPLES] + [json.dumps(s) for c in CASES for s in (c.original, c.update)]


@pytest.mark.parametrize("text", _texts())
def test_every_schema_is_compatible_with_itself_at_every_level(text: str) -> None:
    schema, again = parse_schema("JSON", text), parse_schema("JSON", text)
    for level in ALL_LEVELS:
        for policy in ("STRICT", "LENIENT"):
            assert check_compatibility(level, schema, [again, again], policy=policy) == []
    assert diff(parse(_behind_a_ref(json.loads(text))), schema) == []


@SETTINGS
@given(SCHEMAS)
def test_generated_schema_equals_itself_behind_a_ref_and_normalised(schema: Any) -> None:
    plain = parse(schema)
    assert diff(plain, parse(_behind_a_ref(schema))) == []
    assert diff(parse(_behind_a_ref(schema)), plain) == []
    normalised = JsonSchemaFormat().parse(json.dumps(schema), normalize=True)
    assert diff(plain, parse(normalised.canonical)) == []


@SETTINGS
@given(SCHEMAS, SCHEMAS)
def test_full_is_backward_plus_forward(old_schema: Any, new_schema: Any) -> None:
    old, new = parse(old_schema), parse(new_schema)
    backward = check_compatibility(Level.BACKWARD, new, [old])
    forward = check_compatibility(Level.FORWARD, new, [old])
    assert check_compatibility(Level.FULL, new, [old]) == backward + forward
    assert {f.direction for f in backward} <= {"BACKWARD"} and {f.direction for f in forward} <= {"FORWARD"}
    assert {f.rule for f in backward + forward} <= set(BOOK.rules)
    assert all(f.path.startswith("#/") and f.message for f in backward + forward)


def test_full_transitive_checks_every_version_in_both_directions() -> None:
    v1 = parse({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False})
    v2 = parse({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
                "additionalProperties": False})
    v3 = parse({"type": "object", "properties": {"b": {"type": "string"}}, "additionalProperties": False})
    latest = check_compatibility(Level.FULL, v3, [v1, v2])
    assert {(f.rule, f.direction, f.against) for f in latest} == {
        ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "BACKWARD", OldVersion.numbered(2))
    }
    transitive = check_compatibility(Level.FULL_TRANSITIVE, v3, [v1, v2])
    assert {(f.rule, f.direction, f.against and f.against.number) for f in transitive} == {
        ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "BACKWARD", 2),
        ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "BACKWARD", 1),
        ("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL", "FORWARD", 1),  # v1 cannot read v3's 'b'
    }
    lenient = check_compatibility(Level.FULL_TRANSITIVE, v3, [v1, v2], policy="LENIENT")
    assert lenient == []


def test_backward_reads_old_data_with_the_new_schema() -> None:
    old = parse({"type": "object", "properties": {"a": {"type": "string"}}})
    new = parse({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}})
    (backward,) = check_compatibility(Level.BACKWARD, new, [old])
    assert (backward.rule, backward.direction) == ("OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "BACKWARD")
    assert check_compatibility(Level.FORWARD, new, [old]) == []  # the old, open schema accepts 'b'
    assert [d.rule for d in diff(new, old)] == ["PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL"]
