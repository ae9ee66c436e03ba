"""The schema-specialised Avro encoder writes exactly fastavro's bytes, or hands the record to fastavro."""

from __future__ import annotations

import datetime as dt
import io
import random
import uuid
from decimal import Decimal
from typing import Any

import pytest
from fastavro import parse_schema, schemaless_writer

from schemata.registry.client._avro_encoder import Fallback, compile_encoder
from tests.client.samples import AVRO_ORDER, avro_order


def both(schema: Any, datum: Any) -> tuple[bytes, bytes]:
    """(fastavro's bytes, the encoder's bytes) for `datum`."""
    named: dict[str, Any] = {}
    parsed = parse_schema(schema, named)
    encoder = compile_encoder(parsed, named)
    assert encoder is not None
    expected = io.BytesIO()
    schemaless_writer(expected, parsed, datum)
    out = bytearray()
    encoder(out, datum)
    return expected.getvalue(), bytes(out)


def record(*fields: tuple[str, Any], **extra: Any) -> dict[str, Any]:
    return {"type": "record", "name": "R", "fields": [{"name": n, "type": t, **extra} for n, t in fields]}


@pytest.mark.parametrize(("schema", "datum"), [
    ("null", None), ("boolean", True), ("boolean", False),
    *[("long", n) for n in (0, 1, -1, 63, -64, 64, -65, 2**31, -(2**31), 2**63 - 1, -(2**63), True, 1.0)],
    *[("int", n) for n in (0, 300, -300, 2**31 - 1)],
    ("float", 1.5), ("float", 3), ("double", -0.1), ("double", 7), ("double", float("inf")),
    ("bytes", b""), ("bytes", b"\x00" * 63), ("bytes", b"\xff" * 64), ("bytes", bytearray(b"abc")),
    ("string", ""), ("string", "héllo wörld ✓"), ("string", "x" * 200),
    ({"type": "fixed", "name": "F", "size": 3}, b"abc"),
    ({"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}, "C"),
    ({"type": "array", "items": "long"}, []), ({"type": "array", "items": "long"}, list(range(-70, 70))),
    ({"type": "map", "values": "string"}, {}), ({"type": "map", "values": "string"}, {"a": "1", "é": "2"}),
    (["null", "string"], None), (["null", "string"], "s"), (["string", "null"], None),
    (["null", "int", "string", {"type": "array", "items": "int"}], 5),
    (["null", "int", "string", {"type": "array", "items": "int"}], [1, 2]),
    (["null", "int", "long"], 2**40),  # too big for int: fastavro picks long, so must the encoder
    (["null", {"type": "enum", "name": "E", "symbols": ["A"]}, "string"], "A"),
    (["null", {"type": "enum", "name": "E", "symbols": ["A"]}, "string"], "B"),
    (["null", "float", "string"], 2.5), (["boolean", "int"], True), (["int", "boolean"], True),
    ({"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 3}, Decimal("-12.345")),
    ({"type": "fixed", "name": "D", "size": 8, "logicalType": "decimal", "precision": 9, "scale": 2}, Decimal("1.5")),
    ({"type": "string", "logicalType": "uuid"}, uuid.UUID(int=7)),
    ({"type": "string", "logicalType": "uuid"}, "00000000-0000-0000-0000-000000000007"),
    ({"type": "int", "logicalType": "date"}, dt.date(1969, 12, 31)),
    ({"type": "int", "logicalType": "time-millis"}, dt.time(23, 59, 59, 999000)),
    ({"type": "long", "logicalType": "time-micros"}, dt.time(1, 2, 3, 4)),
    ({"type": "long", "logicalType": "timestamp-millis"}, dt.datetime(2024, 1, 2, 3, 4, 5, 6000, tzinfo=dt.UTC)),
    ({"type": "long", "logicalType": "timestamp-micros"}, dt.datetime(1950, 1, 1, tzinfo=dt.UTC)),
    ({"type": "long", "logicalType": "timestamp-millis"}, 1_700_000_000_000),
    ({"type": "long", "logicalType": "local-timestamp-millis"}, dt.datetime(2024, 1, 2, 3, 4, 5)),
    ({"type": "string", "logicalType": "made-up"}, "plain"),
    (["null", {"type": "long", "logicalType": "timestamp-millis"}], dt.datetime(2024, 1, 1, tzinfo=dt.UTC)),
    (record(("a", "long"), ("b", ["null", "string"]), ("c", "double")), {"a": 1, "c": 2}),
    (record(("a", "long"), ("b", "string")), {"a": 1, "b": "x", "extra": "ignored"}),
    (record(("a", "long")) | {"fields": [{"name": "a", "type": "long", "default": 42}]}, {}),
    (AVRO_ORDER, avro_order(3)),
])
def test_same_bytes_as_fastavro(schema: Any, datum: Any) -> None:
    expected, ours = both(schema, datum)
    assert ours == expected


def test_recursive_and_named_references() -> None:
    node = {"type": "record", "name": "Node", "fields": [
        {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"], "default": None},
        {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["X", "Y"]}},
        {"name": "other", "type": "Kind"}]}
    chain = {"value": 1, "kind": "X", "other": "Y",
             "next": {"value": 2, "kind": "Y", "other": "X", "next": {"value": 3, "kind": "X", "other": "X"}}}
    expected, ours = both(node, chain)
    assert ours == expected


def test_random_records_of_the_sample_schema() -> None:
    rng = random.Random(20240517)
    for n in range(300):
        order = avro_order(n)
        order["lines"] = [{"sku": rng.choice(["", "ü" * rng.randint(1, 80), "sku"]),
                           "qty": rng.randint(-(2**31), 2**31 - 1), "price": rng.uniform(-1e9, 1e9)}
                          for _ in range(rng.randint(0, 5))]
        order["discount"] = rng.choice([None, 0.5, "CODE", 3])
        order["billing"] = rng.choice([None, {"name": "B", "email": rng.choice([None, "b@x"])}])
        order["stock"] = {str(i): [rng.randint(-(2**63), 2**63 - 1)] for i in range(rng.randint(0, 3))}
        expected, ours = both(AVRO_ORDER, order)
        assert ours == expected, order


@pytest.mark.parametrize(("schema", "datum"), [
    ("long", 2**63),
    (["null", "string"], ("string", "tuple notation")),
    (["null", record(("a", "int"))], {"-type": "R", "a": 1}),
    (["null", "string"], 5),  # no branch: fastavro says why
    (record(("a", "long")), {}),  # missing, no default
])
def test_hands_over_to_fastavro_when_unsure(schema: Any, datum: Any) -> None:
    named: dict[str, Any] = {}
    encoder = compile_encoder(parse_schema(schema, named), named)
    assert encoder is not None
    with pytest.raises(Fallback):
        encoder(bytearray(), datum)


@pytest.mark.parametrize("schema", [
    ["null", "float", "double"],
    ["null", record(("a", "int")), {"type": "map", "values": "int"}],
])
def test_leaves_subtle_unions_to_fastavro(schema: Any) -> None:
    named: dict[str, Any] = {}
    assert compile_encoder(parse_schema(schema, named), named) is None
