"""JSON Schema serialization against the registry (in-process): validation on both sides, with the failing path."""

from __future__ import annotations

import json

import pytest

from schemata.registry.client import (
    JSONDeserializer,
    JSONSerializer,
    MessageField,
    RecordValidationError,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    SerializationContext,
    SerializationError,
    record_subject_name_strategy,
)
from tests.client.samples import JSON_ORDER, JSON_ORDER_TEXT, json_order

pytestmark = pytest.mark.in_process


def value(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def test_round_trip(client: SchemaRegistryClient, topic: str) -> None:
    data = JSONSerializer(JSON_ORDER_TEXT, client)(json_order(), value(topic))
    schema_id = client.get_latest_version(f"{topic}-value").schema_id
    assert data[:5] == b"\x00" + schema_id.to_bytes(4, "big")
    assert json.loads(data[5:]) == json_order()
    assert JSONDeserializer(None, schema_registry_client=client)(data, value(topic)) == json_order()
    assert JSONDeserializer(JSON_ORDER_TEXT)(data, value(topic)) == json_order()  # no registry needed


def test_serializer_validates_and_names_the_field(client: SchemaRegistryClient, topic: str) -> None:
    serializer = JSONSerializer(JSON_ORDER_TEXT, client)
    bad_line = json_order()
    bad_line["lines"][2]["qty"] = 0
    with pytest.raises(RecordValidationError) as error:
        serializer(bad_line, value(topic))
    assert error.value.path == "$.lines[2].qty"
    assert "0 is less than the minimum of 1" in error.value.reason
    missing = json_order()
    del missing["customer"]["name"]
    with pytest.raises(RecordValidationError, match=r"at \$\.customer: \"name\" is a required property"):
        serializer(missing, value(topic))
    assert JSONSerializer(JSON_ORDER_TEXT, client, conf={"validate": False})(bad_line, value(topic))


def test_deserializer_validates_against_the_reader_schema(client: SchemaRegistryClient, topic: str) -> None:
    loose = json.dumps({"type": "object", "title": "Loose"})
    data = JSONSerializer(loose, client)({"total": -5}, value(topic))
    strict = json.dumps({"type": "object", "properties": {"total": {"type": "number", "minimum": 0}}})
    with pytest.raises(RecordValidationError, match=r"\$\.total: -5 is less than the minimum of 0"):
        JSONDeserializer(strict, schema_registry_client=client)(data)
    assert JSONDeserializer(strict, conf={"validate": False})(data) == {"total": -5}
    assert JSONDeserializer(None, schema_registry_client=client)(data) == {"total": -5}


def test_writer_schema_validates_when_no_reader_schema_is_given(client: SchemaRegistryClient, topic: str) -> None:
    data = JSONSerializer(JSON_ORDER_TEXT, client, conf={"validate": False})({"id": 7}, value(topic))
    with pytest.raises(RecordValidationError, match=r"at \$: \"placed\" is a required property"):
        JSONDeserializer(None, schema_registry_client=client)(data)


def test_references_resolve_through_the_registry(client: SchemaRegistryClient, topic: str) -> None:
    customer = {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}
    client.register_schema(f"{topic}-customer", Schema(json.dumps(customer), "JSON"))
    order = {"type": "object", "title": "Order", "properties": {"customer": {"$ref": "customer.json"}}}
    schema = Schema(json.dumps(order), "JSON", [SchemaReference("customer.json", f"{topic}-customer", 1)])
    serializer = JSONSerializer(schema, client)
    data = serializer({"customer": {"name": "Ann"}}, value(topic))
    assert JSONDeserializer(None, schema_registry_client=client)(data) == {"customer": {"name": "Ann"}}
    with pytest.raises(RecordValidationError, match=r"\$\.customer\.name: 5 is not of type \"string\""):
        serializer({"customer": {"name": 5}}, value(topic))


def test_title_is_the_record_name(client: SchemaRegistryClient, topic: str) -> None:
    schema = {**JSON_ORDER, "title": f"shop.Order{topic}"}
    conf = {"subject.name.strategy": record_subject_name_strategy}
    JSONSerializer(json.dumps(schema), client, conf=conf)(json_order(), value(topic))
    assert client.get_subjects(subject_prefix=f"shop.Order{topic}") == [f"shop.Order{topic}"]


def test_undecodable_and_unencodable(client: SchemaRegistryClient, topic: str) -> None:
    serializer = JSONSerializer(json.dumps({"type": "object"}), client, conf={"validate": False})
    data = serializer({"a": 1}, value(topic))
    with pytest.raises(SerializationError, match="Cannot decode JSON"):
        JSONDeserializer(None, schema_registry_client=client)(data[:-1])
    with pytest.raises(SerializationError, match="Cannot encode"):
        serializer({"a": object()}, value(topic))
