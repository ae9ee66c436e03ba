"""Parsing: what is rejected and why, default validation, references, recursion, and depth limits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from avro_testkit import FORMAT, field, findings, parse, record
from hypothesis import given, settings
from hypothesis import strategies as st

from schemata.compat.avro.model import Record, Union
from schemata.compat.errors import SchemaParseError
from schemata.compat.jsontext import MAX_JSON_DEPTH
from schemata.compat.schema import Dependency

INVALID: list[tuple[str, Any, str, str]] = [
    # (id, schema, reason contains, location)
    ("unknown type", record("R", field("a", "Missing")), "unknown type 'Missing'", "/fields/0/type"),
    ("unknown primitive-like name", "integer", "unknown type 'integer'", "/"),
    (
        "duplicate named type",
        ["null", {"type": "fixed", "name": "F", "size": 1}, {"type": "enum", "name": "F", "symbols": ["A"]}],
        "redefined named type 'F'",
        "/2/name",
    ),
    ("duplicate field", record("R", field("a", "int"), field("a", "long")), "duplicate field 'a'", "/fields/1/name"),
    ("bad record name", record("1R"), "invalid name '1R'", "/name"),
    ("bad namespace", record("R", namespace="a..b"), "invalid namespace 'a..b'", "/namespace"),
    ("primitive as name", record("int"), "may not be called 'int'", "/name"),
    ("bad field name", record("R", field("a-b", "int")), "invalid field name 'a-b'", "/fields/0/name"),
    ("field without type", record("R", {"name": "a"}), 'missing "type"', "/fields/0"),
    ("record without fields", {"type": "record", "name": "R"}, 'missing "fields"', "/"),
    ("record without name", {"type": "record", "fields": []}, 'missing "name"', "/"),
    ("fixed without size", {"type": "fixed", "name": "F"}, 'missing "size"', "/"),
    ("negative fixed size", {"type": "fixed", "name": "F", "size": -1}, "non-negative integer", "/size"),
    (
        "enum default not a symbol",
        {"type": "enum", "name": "E", "symbols": ["A"], "default": "B"},
        "enum default 'B' is not one of the symbols",
        "/default",
    ),
    (
        "duplicate symbol",
        {"type": "enum", "name": "E", "symbols": ["A", "A"]},
        "duplicate enum symbol 'A'",
        "/symbols/1",
    ),
    ("bad symbol", {"type": "enum", "name": "E", "symbols": ["A B"]}, "invalid enum symbol 'A B'", "/symbols/0"),
    ("array without items", {"type": "array"}, 'missing "items"', "/"),
    ("map without values", {"type": "map"}, 'missing "values"', "/"),
    ("nested union", ["null", ["int", "string"]], "may not directly contain another union", "/1"),
    ("duplicate union branch", ["int", {"type": "int", "logicalType": "date"}], "duplicate int in union", "/1"),
    ("bad order", record("R", field("a", "int", order="up")), "field order must be one of", "/fields/0/order"),
    ("bad alias", record("R", aliases=["a b"]), "aliases must be an array of names", "/aliases"),
    ("bad field alias", record("R", field("a", "int", aliases=["x.y"])), "simple names", "/fields/0/aliases"),
    ("doc not a string", record("R", doc=1), '"doc" must be a string', "/doc"),
    ("field not an object", record("R", "a"), "a record field is a JSON object, not a string", "/fields/0"),
    ("number as schema", 3, "not a number", "/"),
    ("type not a string", {"type": {"type": "int"}}, '"type" must be a string', "/type"),
    ("decimal without precision", {"type": "bytes", "logicalType": "decimal"}, "decimal precision", "/precision"),
    (
        "decimal too big for fixed",
        {"type": "fixed", "name": "D", "size": 2, "logicalType": "decimal", "precision": 10},
        "does not fit in 2 bytes",
        "/precision",
    ),
]


@pytest.mark.parametrize(("schema", "reason", "location"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_schemas(schema: Any, reason: str, location: str) -> None:
    with pytest.raises(SchemaParseError) as caught:
        parse(schema)
    assert reason in caught.value.reason
    assert caught.value.location == location


def test_invalid_json_says_line_and_column() -> None:
    with pytest.raises(SchemaParseError) as caught:
        FORMAT.parse('{"type": "record",\n  "name": }')
    assert caught.value.reason.startswith("Invalid JSON: Expecting value")
    assert caught.value.location == "2:11"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Empty schema"),
        ("  \n", "Empty schema"),
        ("NaN", "Invalid JSON: NaN is not a JSON number"),
        ('{"type": "double", "x": Infinity}', "Invalid JSON: Infinity is not a JSON number"),
    ],
)
def test_not_json(text: str, reason: str) -> None:
    with pytest.raises(SchemaParseError) as caught:
        FORMAT.parse(text)
    assert caught.value.reason == reason


DEFAULTS: list[tuple[str, Any, Any, bool]] = [
    # (id, field type, default, valid)
    ("int", "int", 1, True),
    ("int from string", "int", "1", False),
    ("int out of range", "int", 2**31, False),
    ("long", "long", 2**40, True),
    ("boolean is not an int", "int", True, False),
    ("double from integer", "double", 0, True),
    ("float from string", "float", "x", False),
    ("null", "null", None, True),
    ("string", "string", "x", True),
    ("bytes", "bytes", "\u00ff\u0000", True),
    ("bytes beyond 255", "bytes", "\u0100", False),
    ("union, first branch", ["null", "string"], None, True),
    ("union, second branch only", ["null", "string"], "x", False),
    ("union, string first", ["string", "null"], "x", True),
    ("array", {"type": "array", "items": "int"}, [1, 2], True),
    ("array with a bad item", {"type": "array", "items": "int"}, [1, "2"], False),
    ("map", {"type": "map", "values": "long"}, {"a": 1}, True),
    ("map as list", {"type": "map", "values": "long"}, [], False),
    ("enum", {"type": "enum", "name": "E", "symbols": ["A"]}, "A", True),
    ("enum, unknown symbol", {"type": "enum", "name": "E", "symbols": ["A"]}, "B", False),
    ("fixed", {"type": "fixed", "name": "F", "size": 2}, "ab", True),
    ("fixed, wrong length", {"type": "fixed", "name": "F", "size": 2}, "abc", False),
    ("record", record("In", field("x", "int"), field("y", "int", default=0)), {"x": 1}, True),
    ("record missing a field without default", record("In", field("x", "int")), {}, False),
    ("record, bad field", record("In", field("x", "int")), {"x": "no"}, False),
]


@pytest.mark.parametrize(("type_", "default", "valid"), [c[1:] for c in DEFAULTS], ids=[c[0] for c in DEFAULTS])
def test_defaults_are_validated(type_: Any, default: Any, valid: bool) -> None:
    schema = record("R", field("f", type_, default=default))
    if valid:
        parse(schema)
    else:
        with pytest.raises(SchemaParseError, match="Invalid default for field 'f'") as caught:
            parse(schema)
        assert caught.value.location == "/fields/0/default"


def test_union_default_message_names_the_first_branch() -> None:
    with pytest.raises(SchemaParseError) as caught:
        parse(record("R", field("f", ["null", "string"], default="x")))
    assert "must match its first branch (null)" in caught.value.reason


ADDRESS = Dependency(
    "com.acme.Address",
    "AVRO",
    json.dumps(record("Address", field("city", "string"), field("country", "Country"), namespace="com.acme")),
)
COUNTRY = Dependency(
    "com.acme.Country",
    "AVRO",
    json.dumps({"type": "enum", "name": "Country", "namespace": "com.acme", "symbols": ["NL", "FR"]}),
)


def test_references_bring_named_types_into_scope() -> None:
    user = record("User", field("home", "com.acme.Address"), field("born", "com.acme.Country"), namespace="app")
    schema = parse(user, (COUNTRY, ADDRESS))
    assert schema.record_name() == "app.User"
    assert json.loads(schema.canonical)["fields"][0]["type"] == "com.acme.Address"
    assert isinstance(schema.root, Record) and schema.root.fields[0].type.fullname == "com.acme.Address"


def test_references_resolve_relative_to_the_namespace() -> None:
    schema = parse(record("User", field("home", "Address"), namespace="com.acme"), (COUNTRY, ADDRESS))
    assert json.loads(schema.canonical)["fields"][0]["type"] == "Address"


def test_reference_errors_name_the_reference() -> None:
    with pytest.raises(SchemaParseError, match=re.escape("in reference 'com.acme.Address': unknown type 'Country'")):
        parse(record("User", field("home", "com.acme.Address")), (ADDRESS,))
    with pytest.raises(SchemaParseError, match=re.escape("redefined named type 'com.acme.Country'")):
        parse({"type": "enum", "name": "Country", "namespace": "com.acme", "symbols": ["X"]}, (COUNTRY,))


def test_a_change_inside_a_referenced_type_is_found() -> None:
    old = parse(record("User", field("home", "com.acme.Address")), (COUNTRY, ADDRESS))
    narrowed = Dependency(
        "com.acme.Country",
        "AVRO",
        json.dumps({"type": "enum", "name": "Country", "namespace": "com.acme", "symbols": ["NL"]}),
    )
    new = parse(record("User", field("home", "com.acme.Address")), (narrowed, ADDRESS))
    result = FORMAT.check(reader=new, writer=old, policy="STRICT")
    assert [(f.rule, f.path) for f in result] == [("MISSING_ENUM_SYMBOLS", "/fields/0/type/fields/1/type/symbols")]


LINKED_LIST = record("Node", field("value", "int"), field("next", ["null", "Node"], default=None))


def test_recursive_types_parse_and_check() -> None:
    schema = parse(LINKED_LIST)
    node = schema.root
    assert isinstance(node, Record)
    next_type = node.fields[1].type
    assert isinstance(next_type, Union) and next_type.branches[1] is node
    assert findings(LINKED_LIST, LINKED_LIST) == []
    wider = record("Node", field("value", "long"), field("next", ["null", "Node"], default=None))
    assert findings(wider, LINKED_LIST) == []
    assert findings(LINKED_LIST, wider) == [("TYPE_MISMATCH", "/fields/0/type")]


def test_mutually_recursive_types_terminate() -> None:
    tree = record(
        "Tree",
        field(
            "children", {"type": "array", "items": record("Branch", field("tree", "Tree"), field("label", "string"))}
        ),
    )
    other = record(
        "Tree",
        field(
            "children",
            {
                "type": "array",
                "items": record("Branch", field("tree", "Tree"), field("label", "bytes"), field("w", "int")),
            },
        ),
    )
    assert findings(tree, other) == []
    assert findings(other, tree) == [("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0/type/items/fields/2")]


def test_recursive_default_is_validated() -> None:
    def node(default: Any) -> dict[str, Any]:
        return record(
            "Node", field("next", ["null", "Node"], default=None), field("first", ["Node", "null"], default=default)
        )

    parse(node({"next": None}))  # "first" left out: it takes its own default
    with pytest.raises(SchemaParseError, match="field 'first': the default of a union must match its first branch"):
        parse(node({"next": None, "first": None}))


@pytest.mark.parametrize("kind", ["array", "record", "union", "json"])
def test_deep_nesting_is_refused(kind: str) -> None:
    depth = 5000
    if kind == "array":
        text = '{"type": "array", "items": ' * depth + '"int"' + "}" * depth
    elif kind == "record":
        text = '{"type": "record", "name": "R", "fields": [{"name": "f", "type": ' * depth + '"int"' + "}]}" * depth
    elif kind == "union":
        text = "[" * depth + '"int"' + "]" * depth
    else:
        text = '{"type": "int", "x": ' + "[" * depth + "]" * depth + "}"
    with pytest.raises(SchemaParseError, match="nested too deeply"):
        FORMAT.parse(text)


def test_nesting_up_to_the_limit_is_fine() -> None:
    text = '{"type": "array", "items": ' * MAX_JSON_DEPTH + '"int"' + "}" * MAX_JSON_DEPTH
    schema = FORMAT.parse(text)
    assert FORMAT.check(reader=schema, writer=schema, policy="STRICT") == []
    deeper = '{"type": "array", "items": ' * (MAX_JSON_DEPTH + 1) + '"int"' + "}" * (MAX_JSON_DEPTH + 1)
    with pytest.raises(SchemaParseError) as caught:
        FORMAT.parse(deeper)
    assert caught.value.location == "/items" * MAX_JSON_DEPTH  # the first value past the limit


def test_shared_named_types_are_compared_once() -> None:
    """30 records, each using the previous one twice: 2**30 pairs without memoisation."""
    fields: list[Any] = [field("leaf", "int")]
    for level in range(1, 31):
        fields.append(
            field(
                f"t{level}",
                record(
                    f"T{level}",
                    field("a", f"T{level - 1}" if level > 1 else "int"),
                    field("b", f"T{level - 1}" if level > 1 else "int"),
                ),
            )
        )
    schema = record("Top", *fields)
    changed = {**schema, "fields": [*fields, field("extra", "int")]}
    assert findings(changed, schema) == [("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/31")]


SCHEMA_WORDS = ["record", "enum", "fixed", "array", "map", "int", "null", "string", "R", "a.R", "E", "A", ""]
SCHEMA_KEYS = ["type", "name", "namespace", "fields", "items", "values", "symbols", "size", "default", "aliases"]
schema_like_json = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.sampled_from(SCHEMA_WORDS),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(SCHEMA_KEYS), children, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(schema_like_json)
def test_any_json_parses_or_raises_a_parse_error(value: Any) -> None:
    try:
        schema = parse(value)
    except SchemaParseError:
        return
    assert FORMAT.check(reader=schema, writer=schema, policy="STRICT") == []
    assert FORMAT.parse(schema.canonical) == schema
