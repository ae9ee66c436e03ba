"""Per rule: a reader/writer pair and the exact findings (rule, path) expected; then messages and hints."""

from __future__ import annotations

from typing import Any

import pytest
from avro_testkit import FORMAT, field, findings, parse, record

from schemata.compat import Level, check_compatibility
from schemata.compat.avro import AVRO_RULES

COLOR = {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}
MD5 = {"type": "fixed", "name": "MD5", "size": 16}
OPTIONAL_STRING = ["null", "string"]

CASES: list[tuple[str, Any, Any, list[tuple[str, str]]]] = [
    # (id, reader, writer, expected findings)
    ("TYPE_MISMATCH/top", "string", "int", [("TYPE_MISMATCH", "/")]),
    (
        "TYPE_MISMATCH/field",
        record("R", field("a", "int"), field("b", "string")),
        record("R", field("a", "int"), field("b", "long")),
        [("TYPE_MISMATCH", "/fields/1/type")],
    ),
    (
        "TYPE_MISMATCH/narrowing",
        record("R", field("n", "int")),
        record("R", field("n", "long")),
        [("TYPE_MISMATCH", "/fields/0/type")],
    ),
    (
        "TYPE_MISMATCH/array-items",
        {"type": "array", "items": "int"},
        {"type": "array", "items": "string"},
        [("TYPE_MISMATCH", "/items")],
    ),
    (
        "TYPE_MISMATCH/map-values",
        {"type": "map", "values": "boolean"},
        {"type": "map", "values": "double"},
        [("TYPE_MISMATCH", "/values")],
    ),
    (
        "TYPE_MISMATCH/array-vs-map",
        {"type": "array", "items": "int"},
        {"type": "map", "values": "int"},
        [("TYPE_MISMATCH", "/")],
    ),
    (
        "TYPE_MISMATCH/writer-union-branch",
        record("R", field("s", "string")),
        record("R", field("s", OPTIONAL_STRING, default=None)),
        [("TYPE_MISMATCH", "/fields/0/type")],
    ),
    (
        "NAME_MISMATCH/record",
        record("User", field("a", "int")),
        record("Person", field("a", "int")),
        [("NAME_MISMATCH", "/name")],
    ),
    (
        "NAME_MISMATCH/nested-enum",
        record("R", field("c", {**COLOR, "name": "Colour"})),
        record("R", field("c", COLOR)),
        [("NAME_MISMATCH", "/fields/0/type/name")],
    ),
    (
        "FIXED_SIZE_MISMATCH",
        record("R", field("h", {**MD5, "size": 20})),
        record("R", field("h", MD5)),
        [("FIXED_SIZE_MISMATCH", "/fields/0/type/size")],
    ),
    (
        "MISSING_ENUM_SYMBOLS",
        record("R", field("c", {**COLOR, "symbols": ["RED"]})),
        record("R", field("c", COLOR)),
        [("MISSING_ENUM_SYMBOLS", "/fields/0/type/symbols")],
    ),
    (
        "READER_FIELD_MISSING_DEFAULT_VALUE",
        record("R", field("a", "int"), field("b", "string")),
        record("R", field("a", "int")),
        [("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1")],
    ),
    (
        "READER_FIELD_MISSING_DEFAULT_VALUE/nested",
        record("R", field("in", record("Inner", field("x", "int"), field("y", "int")))),
        record("R", field("in", record("Inner", field("x", "int")))),
        [("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0/type/fields/1")],
    ),
    (
        "MISSING_UNION_BRANCH/reader-union",
        record("R", field("v", ["null", "string"])),
        record("R", field("v", "boolean")),
        [("MISSING_UNION_BRANCH", "/fields/0/type")],
    ),
    (
        "MISSING_UNION_BRANCH/both-unions",
        record("R", field("v", ["null", "string"])),
        record("R", field("v", ["null", "string", "boolean"])),
        [("MISSING_UNION_BRANCH", "/fields/0/type/2")],
    ),
    (
        "several problems at once",
        record("R", field("a", "string"), field("c", {**COLOR, "symbols": ["RED"]}), field("new", "int")),
        record("R", field("a", "int"), field("c", COLOR)),
        [
            ("TYPE_MISMATCH", "/fields/0/type"),
            ("MISSING_ENUM_SYMBOLS", "/fields/1/type/symbols"),
            ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/2"),
        ],
    ),
    (
        "union branch meant for the writer type explains why",
        record("R", field("u", ["null", record("In", field("x", "int"), field("y", "int"))])),
        record("R", field("u", ["null", record("In", field("x", "int"))])),
        [("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/0/type/1/fields/1")],
    ),
]

COMPATIBLE: list[tuple[str, Any, Any]] = [
    ("int->long", "long", "int"),
    ("int->float", "float", "int"),
    ("int->double", "double", "int"),
    ("long->float", "float", "long"),
    ("long->double", "double", "long"),
    ("float->double", "double", "float"),
    ("string->bytes", "bytes", "string"),
    ("bytes->string", "string", "bytes"),
    ("reader union with promotion", ["null", "long"], "int"),
    ("writer union all readable", ["null", "string", "long"], ["null", "int"]),
    (
        "writer field dropped by reader",
        record("R", field("a", "int")),
        record("R", field("a", "int"), field("b", "int")),
    ),
    (
        "new field with default",
        record("R", field("a", "int"), field("b", "int", default=1)),
        record("R", field("a", "int")),
    ),
    ("field renamed with alias", record("R", field("b", "int", aliases=["a"])), record("R", field("a", "int"))),
    ("record renamed with alias", record("New", field("a", "int"), aliases=["Old"]), record("Old", field("a", "int"))),
    (
        "namespaced record renamed with alias",
        record("New", field("a", "int"), namespace="com.acme", aliases=["Old"]),
        record("Old", field("a", "int"), namespace="com.acme"),
    ),
    ("record moved to another namespace", record("R", namespace="b"), record("R", namespace="a")),
    ("enum renamed with alias", {**COLOR, "name": "Colour", "aliases": ["Color"]}, COLOR),
    ("fixed renamed with alias", {**MD5, "name": "Hash", "aliases": ["MD5"]}, MD5),
    ("enum symbols added", {**COLOR, "symbols": ["RED", "GREEN", "BLUE", "PINK"]}, COLOR),
    ("enum symbol removed, reader default", {**COLOR, "symbols": ["RED", "GREEN"], "default": "RED"}, COLOR),
    ("logical type added", {"type": "long", "logicalType": "timestamp-millis"}, "long"),
]


@pytest.mark.parametrize(("reader", "writer", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_findings(reader: Any, writer: Any, expected: list[tuple[str, str]]) -> None:
    assert findings(reader, writer) == expected


@pytest.mark.parametrize(("reader", "writer"), [c[1:] for c in COMPATIBLE], ids=[c[0] for c in COMPATIBLE])
def test_compatible(reader: Any, writer: Any) -> None:
    assert findings(reader, writer) == []


def test_every_rule_has_a_case_and_a_registration() -> None:
    ids = {"NAME_MISMATCH", "FIXED_SIZE_MISMATCH", "MISSING_ENUM_SYMBOLS", "READER_FIELD_MISSING_DEFAULT_VALUE"}
    ids |= {"TYPE_MISMATCH", "MISSING_UNION_BRANCH"}
    assert set(AVRO_RULES.rules) == ids
    assert {rule for case in CASES for rule, _ in case[3]} == ids
    assert all(rule.purpose and rule.hint for rule in AVRO_RULES.rules.values())


def test_messages_name_the_field_and_both_types() -> None:
    reader = parse(record("R", field("user", record("U", field("age", "string")))))
    writer = parse(record("R", field("user", record("U", field("age", "int")))))
    [finding] = FORMAT.check(reader=reader, writer=writer, policy="STRICT")
    assert finding.message == "Field 'user.age': the reader's type string cannot read the writer's int"
    assert finding.hint == (
        "Use the same type in both schemas, or make the reader's type a union that includes int; "
        "a reader may also read int as double, float, long."
    )


def test_missing_default_hint_names_the_field() -> None:
    reader = parse(record("R", field("tags", {"type": "array", "items": "string"})))
    [finding] = FORMAT.check(reader=reader, writer=parse(record("R")), policy="STRICT")
    assert finding.message.startswith("Field 'tags': the reader has this field (array of string)")
    assert finding.hint.startswith("Add a default to field 'tags'")


@pytest.mark.parametrize(
    ("type_", "example"),
    [
        ("int", '(to make it optional: ["null", int] with "default": null)'),
        (["null", "int"], '("default": null)'),
        (["int", "null"], '(put "null" first in the union, then "default": null)'),
    ],
)
def test_missing_default_hint_shows_how_to_make_the_field_optional(type_: Any, example: str) -> None:
    [finding] = FORMAT.check(reader=parse(record("R", field("x", type_))), writer=parse(record("R")), policy="STRICT")
    assert finding.hint.startswith(f"Add a default to field 'x' {example}, or keep the field in the writer")


def test_enum_message_lists_the_missing_symbols() -> None:
    [finding] = FORMAT.check(reader=parse({**COLOR, "symbols": ["RED"]}), writer=parse(COLOR), policy="STRICT")
    assert finding.message == (
        "At the top level: the writer's enum 'Color' has symbols that the reader's enum lacks: GREEN, BLUE"
    )
    assert finding.hint.startswith("Add GREEN, BLUE to the reader's enum (or remove them from the writer's)")


def test_name_mismatch_hint_suggests_the_alias() -> None:
    [finding] = FORMAT.check(
        reader=parse(record("Person", namespace="a")), writer=parse(record("User", namespace="b")), policy="STRICT"
    )
    assert '"aliases": ["b.User"]' in finding.hint


def test_locations_inside_arrays_and_maps() -> None:
    item = record("Item", field("price", "int"))
    reader = parse(record("R", field("orders", {"type": "map", "values": {"type": "array", "items": item}})))
    changed = {**item, "fields": [field("price", "string")]}
    writer = parse(record("R", field("orders", {"type": "map", "values": {"type": "array", "items": changed}})))
    [finding] = FORMAT.check(reader=reader, writer=writer, policy="STRICT")
    assert finding.path == "/fields/0/type/values/items/fields/0/type"
    assert finding.message.startswith("Field 'orders{}[].price':")


def test_engine_levels_use_the_right_direction() -> None:
    old = parse(record("R", field("a", "int")))
    new = parse(record("R", field("a", "int"), field("b", "int")))
    backward = check_compatibility(Level.BACKWARD, new, [old])
    assert [(f.rule, f.direction) for f in backward] == [("READER_FIELD_MISSING_DEFAULT_VALUE", "BACKWARD")]
    assert check_compatibility(Level.FORWARD, new, [old]) == []
