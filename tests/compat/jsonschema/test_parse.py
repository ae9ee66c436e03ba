"""Parsing: drafts, meta-schema errors with their JSON pointer, invalid JSON, limits, canonical forms."""

from __future__ import annotations

import json

import pytest

from schemata.compat import Dependency, SchemaParseError, get_format, parse_schema
from schemata.compat.jsonschema import DRAFTS, JsonSchema, JsonSchemaFormat
from schemata.compat.jsontext import MAX_JSON_DEPTH
from tests.compat.jsonschema.helpers import parse

SCHEMA = {"title": "Order", "type": "object", "properties": {"id": {"type": "integer"}, "tags": {"type": "array"}}}


def _error(text: str) -> SchemaParseError:
    with pytest.raises(SchemaParseError) as raised:
        JsonSchemaFormat().parse(text)
    return raised.value


def test_registered_as_the_json_format() -> None:
    fmt = get_format("JSON")
    assert isinstance(fmt, JsonSchemaFormat)
    assert (fmt.schema_type, fmt.policies) == ("JSON", ("STRICT", "LENIENT"))
    assert isinstance(parse_schema("JSON", json.dumps(SCHEMA)), JsonSchema)


@pytest.mark.parametrize("draft", DRAFTS, ids=[d.name for d in DRAFTS])
def test_every_draft_parses_and_validates(draft) -> None:  # type: ignore[no-untyped-def]
    schema = parse({"$schema": draft.uri, **SCHEMA})
    assert schema.draft is draft
    assert schema.validator().is_valid({"id": 1, "tags": []})
    assert not schema.validator().is_valid({"id": "one"})


def test_draft_7_when_schema_is_absent_and_uris_match_loosely() -> None:
    assert parse(SCHEMA).draft.name == "draft-07"
    assert parse({"$schema": "https://json-schema.org/draft-07/schema", **SCHEMA}).draft.name == "draft-07"


@pytest.mark.parametrize(
    ("schema", "location", "words"),
    [
        ({"type": "strin"}, "/type", "strin"),
        ({"properties": {"a": {"minLength": -1}}}, "/properties/a/minLength", "minimum"),
        ({"required": "a"}, "/required", "not of type"),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": {}}, "/prefixItems", "not of type"),
        ({"$schema": "http://json-schema.org/draft-04/schema#", "properties": {"a": True}}, "/properties/a", "object"),
        ({"$schema": "http://json-schema.org/draft-03/schema#"}, "/$schema", "Unsupported $schema"),
    ],
)
def test_meta_schema_violation_gives_the_pointer(schema: object, location: str, words: str) -> None:
    error = _error(json.dumps(schema))
    assert error.location == location
    assert words in error.reason


@pytest.mark.parametrize(
    ("text", "location"), [('{"type": "string",}', "1:19"), ('{\n  "type": \n}', "3:1"), ('{"a": NaN}', None)]
)
def test_invalid_json_says_where(text: str, location: str | None) -> None:
    error = _error(text)
    assert error.reason.startswith("Invalid JSON")
    assert error.location == location


@pytest.mark.parametrize("text", ["", "  ", "[1, 2]", '"string"', "12"])
def test_not_a_schema(text: str) -> None:
    assert _error(text).reason


def test_boolean_schemas_are_schemas() -> None:
    assert parse(True).validator().is_valid(42)
    assert not parse(False).validator().is_valid(42)


def test_deep_nesting_is_a_parse_error_not_a_recursion_error() -> None:
    levels = MAX_JSON_DEPTH
    nested = '{"properties": {"a": ' * levels + "{}" + "}}" * levels
    assert "nested too deeply" in _error(nested).reason
    assert "nested too deeply" in _error("[" * 100_000 + "]" * 100_000).reason


def test_nesting_within_the_limit_parses_and_compares() -> None:
    levels = MAX_JSON_DEPTH // 2 - 1
    text = '{"properties": {"a": ' * levels + '{"type": "string"}' + "}}" * levels
    for uri in (None, "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-04/schema#"):
        head = f'{{"$schema": "{uri}", ' if uri else "{"
        old, new = parse(head + text[1:]), parse(head + text[1:].replace('"string"', '"integer"'))
        assert [d.rule for d in JsonSchemaFormat().check(reader=new, writer=old, policy="STRICT")] == ["TYPE_CHANGED"]


def test_huge_input_is_a_parse_error() -> None:
    text = json.dumps({"enum": ["x" * 1000] * 9000})
    assert "too large" in _error(text).reason


def test_canonical_is_compact_and_keeps_key_order() -> None:
    text = '{ "type" : "object",\n "required": ["b", "a"], "properties": {"b": {}, "a": {"maximum": 1.0}} }'
    assert parse(text).canonical == '{"type":"object","required":["b","a"],"properties":{"b":{},"a":{"maximum":1.0}}}'


def test_normalized_form() -> None:
    first = '{"type": ["string"], "required": ["b", "a"], "maximum": 1.0, "dependencies": {"x": ["z", "y"]}}'
    second = '{"dependencies": {"x": ["y", "z"]}, "maximum": 1, "required": ["a", "b"], "type": "string"}'
    fmt = JsonSchemaFormat()
    one, two = fmt.parse(first, normalize=True), fmt.parse(second, normalize=True)
    assert one.canonical == two.canonical
    assert one.canonical == '{"dependencies":{"x":["y","z"]},"maximum":1,"required":["a","b"],"type":"string"}'
    assert one == two and hash(one) == hash(two)
    assert fmt.parse(first) != fmt.parse(second)


def test_normalizing_keeps_meaning() -> None:
    text = json.dumps({"type": ["string", "integer"], "enum": [3, 1.0, "a"], "required": ["q", "p"]})
    plain, normal = JsonSchemaFormat().parse(text), JsonSchemaFormat().parse(text, normalize=True)
    for value in (1, 3, "a", 2, {"p": 1}, 1.5):
        reparsed = JsonSchemaFormat().parse(normal.canonical)
        assert plain.validator().is_valid(value) == reparsed.validator().is_valid(value)


def test_record_name_is_the_title() -> None:
    assert parse(SCHEMA).record_name() == "Order"
    assert parse({"type": "string"}).record_name() is None
    assert parse(True).record_name() is None


def test_validator_is_built_once() -> None:
    schema = parse(SCHEMA)
    assert schema.validator() is schema.validator()


@pytest.mark.parametrize(
    ("schema", "location"),
    [
        ({"pattern": "["}, "/pattern"),
        ({"properties": {"a/b": {"type": "string", "pattern": "(x"}}}, "/properties/a~1b/pattern"),
        ({"patternProperties": {"^ok$": {}, "*bad": {}}}, "/patternProperties/*bad"),
        ({"items": {"propertyNames": {"pattern": "a{2,1}"}}}, "/items/propertyNames/pattern"),
        ({"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": {"d": {"pattern": "\\"}}},
         "/$defs/d/pattern"),
        ({"dependencies": {"a": {"patternProperties": {"[": True}}}}, "/dependencies/a/patternProperties/["),
    ],
)
def test_invalid_regular_expression_is_a_parse_error_with_its_pointer(schema: object, location: str) -> None:
    error = _error(json.dumps(schema))
    assert error.location == location
    assert "regular expression" in error.reason


def test_patterns_are_ecma_262_as_the_record_validator_reads_them() -> None:
    """Unicode classes, which Python's re lacks, are valid in JSON Schema (and for Confluent's validators)."""
    parse({"properties": {"name": {"type": "string", "pattern": "^\\p{L}+$"}}, "patternProperties": {"\\p{Lu}": {}}})


def test_patterns_in_data_values_are_not_compiled() -> None:
    assert parse({"const": {"pattern": "["}}).validator().is_valid({"pattern": "["})
    parse({"enum": [{"patternProperties": {"[": 1}}], "default": {"pattern": "("}, "examples": [{"pattern": ")"}]})


def test_invalid_pattern_in_a_dependency_says_which() -> None:
    dep = Dependency("bad.json", "JSON", '{"pattern": "["}')
    with pytest.raises(SchemaParseError) as raised:
        JsonSchemaFormat().parse('{"$ref": "bad.json"}', (dep,))
    assert "In reference 'bad.json'" in raised.value.reason and raised.value.location == "/pattern"


@pytest.mark.parametrize(
    "schema",
    [
        {"const": {"required": ["b", "a"], "type": ["string", "null"], "maximum": 1.0}},
        {"enum": [{"required": ["b", "a"]}, ["z", "y"]]},
        {"default": {"dependencies": {"x": ["z", "y"]}}, "examples": [{"required": ["b", "a"]}, 2.0]},
        {"properties": {"p": {"default": {"required": ["b", "a"]}, "examples": [{"type": ["b", "a"]}]}}},
    ],
)
def test_normalizing_leaves_data_values_alone(schema: dict[str, object]) -> None:
    normal = JsonSchemaFormat().parse(json.dumps(schema), normalize=True)
    assert json.loads(normal.canonical) == schema
    assert [type(v) for v in _numbers(json.loads(normal.canonical))] == [type(v) for v in _numbers(schema)]


def _numbers(value: object) -> list[object]:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, int | float) and not isinstance(value, bool) else []


def test_normalizing_reaches_every_schema_position() -> None:
    nested = {"required": ["b", "a"], "type": ["string", "null"], "maxLength": 3.0}
    schema = {
        "properties": {"p": nested}, "items": [nested], "anyOf": [nested], "not": nested,
        "definitions": {"d": nested}, "dependencies": {"y": ["z", "a"], "x": nested},
        "const": {"required": ["b", "a"]},
    }
    canonical = json.loads(JsonSchemaFormat().parse(json.dumps(schema), normalize=True).canonical)
    normal = {"maxLength": 3, "required": ["a", "b"], "type": ["null", "string"]}
    assert canonical == {
        "properties": {"p": normal}, "items": [normal], "anyOf": [normal], "not": normal,
        "definitions": {"d": normal}, "dependencies": {"y": ["a", "z"], "x": normal},
        "const": {"required": ["b", "a"]},
    }
    assert isinstance(canonical["not"]["maxLength"], int)
