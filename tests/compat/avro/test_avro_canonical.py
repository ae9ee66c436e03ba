"""Canonical and normalised forms, equality, record names, and the fastavro form a serializer uses."""

from __future__ import annotations

import io
import json
from typing import Any

import fastavro
import pytest
from avro_testkit import FORMAT, field, parse, record

from schemata.compat.errors import SchemaParseError
from schemata.compat.schema import Dependency

USER = record(
    "User",
    field("id", "long", doc="key"),
    field("email", ["null", "string"], default=None, aliases=["mail"]),
    field("at", {"type": "long", "logicalType": "timestamp-millis"}),
    field("kind", {"type": "enum", "name": "Kind", "symbols": ["A", "B"], "default": "A"}),
    field("other", "Kind", order="descending"),
    namespace="com.acme",
    doc="A user",
    aliases=["Person"],
    **{"connect.name": "x"},
)


def test_canonical_is_compact_and_keeps_attributes() -> None:
    assert parse(USER).canonical == (
        '{"type":"record","name":"User","namespace":"com.acme","doc":"A user","aliases":["Person"],'
        '"fields":[{"name":"id","type":"long","doc":"key"},'
        '{"name":"email","type":["null","string"],"default":null,"aliases":["mail"]},'
        '{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},'
        '{"name":"kind","type":{"type":"enum","name":"Kind","symbols":["A","B"],"default":"A"}},'
        '{"name":"other","type":"Kind","order":"descending"}],"connect.name":"x"}'
    )


def test_canonical_ignores_whitespace_and_key_order() -> None:
    spaced = json.dumps(USER, indent=4)
    shuffled = json.dumps(dict(reversed(list(USER.items()))))
    assert FORMAT.parse(spaced) == FORMAT.parse(shuffled) == parse(USER)
    assert hash(FORMAT.parse(spaced)) == hash(parse(USER))
    assert parse(USER) != parse({**USER, "doc": "changed"})


def test_canonical_parses_back_to_itself() -> None:
    for normalize in (False, True):
        once = parse(USER, normalize=normalize).canonical
        assert FORMAT.parse(once, normalize=normalize).canonical == once


def test_normalize_uses_full_names_and_sorted_attributes() -> None:
    normalized = json.loads(parse(USER, normalize=True).canonical)
    assert normalized["name"] == "com.acme.User"
    assert "namespace" not in normalized
    assert normalized["aliases"] == ["com.acme.Person"]
    assert normalized["fields"][3]["type"]["name"] == "com.acme.Kind"
    assert normalized["fields"][4]["type"] == "com.acme.Kind"
    assert normalized["fields"][1]["default"] is None


def test_normalize_makes_equivalent_spellings_equal() -> None:
    short = record("User", field("a", "int"), namespace="com.acme")
    full = record("com.acme.User", field("a", {"type": "int"}, order="ascending"))
    assert parse(short) != parse(full)
    assert parse(short, normalize=True) == parse(full, normalize=True)


def test_record_name() -> None:
    assert parse(USER).record_name() == "com.acme.User"
    assert parse({"type": "enum", "name": "a.E", "symbols": ["X"]}).record_name() == "a.E"
    assert parse("string").record_name() is None
    assert parse(["null", "int"]).record_name() is None


def test_fastavro_schema_serializes_with_references() -> None:
    address = Dependency("geo.Address", "AVRO", json.dumps(record("Address", field("city", "string"), namespace="geo")))
    schema = parse(record("User", field("home", "geo.Address"), field("n", "int")), (address,))
    buffer = io.BytesIO()
    datum = {"home": {"city": "Delft"}, "n": 3}
    fastavro.schemaless_writer(buffer, schema.fastavro_schema, datum)
    buffer.seek(0)
    assert fastavro.schemaless_reader(buffer, schema.fastavro_schema, None) == datum
    assert schema.fastavro_schema is schema.fastavro_schema
    assert set(schema.fastavro_named_schemas) == {"geo.Address", "User"}


def test_fastavro_gap_is_a_parse_error_not_a_crash() -> None:
    """fastavro always qualifies a dotless reference with the enclosing namespace, so it cannot refer to a type
    in the null namespace from inside a namespace; Avro (and our parser) can."""
    schema = parse(
        record(
            "R", field("a", {"type": "fixed", "name": "F", "namespace": "", "size": 1}), field("b", "F"), namespace="ns"
        )
    )
    assert [f.name for f in schema.root.fields] == ["a", "b"]  # type: ignore[union-attr]
    with pytest.raises(SchemaParseError, match="fastavro cannot use this schema"):
        _ = schema.fastavro_schema


def _nested(name: str, depth: int, innermost: Any) -> dict[str, Any]:
    """Record `name` holding `depth` records one inside another, the innermost with a field of `innermost`."""
    node = innermost
    for level in range(depth):
        node = record(f"{name}N{level}", field("f", node))
    return record(name, field("f", node))


def test_inlined_form_of_a_reference_chain_nesting_too_deep_is_none() -> None:
    """Each schema nests 31 records (within MAX_JSON_DEPTH); 20 of them, each taking the previous by reference,
    nest 620 deep resolved: no schema may, so there is no resolved form to compare (and no RecursionError)."""
    chain: list[Dependency] = []
    previous: Any = "int"
    for link in range(20):
        chain.append(Dependency(f"L{link}", "AVRO", json.dumps(_nested(f"L{link}", 30, previous))))
        previous = f"L{link}"
    top = parse(record("Top", field("f", previous)), tuple(chain))
    assert top.inlined(normalize=False) is None and top.inlined(normalize=True) is None
    shallow = (Dependency("S0", "AVRO", json.dumps(_nested("S0", 5, "int"))),
               Dependency("S1", "AVRO", json.dumps(_nested("S1", 5, "S0"))))
    assert parse(record("Top", field("f", "S1")), shallow).inlined(normalize=False) == parse(
        record("Top", field("f", _nested("S1", 5, _nested("S0", 5, "int"))))
    ).canonical


def test_inlined_form_longer_than_a_schema_may_be_is_none() -> None:
    """Two references of 5 MiB each: either text is a schema, the two written in one are past MAX_SCHEMA_CHARS."""
    deps = tuple(
        Dependency(name, "AVRO", json.dumps(record(name, field("f", "int"), doc="d" * 5 * 2**20))) for name in "AB"
    )
    both = parse(record("Top", field("a", "A"), field("b", "B")), deps)
    assert both.inlined(normalize=False) is None
    one = parse(record("Top", field("a", "A")), deps[:1])
    assert one.inlined(normalize=False) == parse(record("Top", field("a", json.loads(deps[0].text)))).canonical
