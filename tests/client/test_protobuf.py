"""Protobuf serialization against the registry (in-process): generated classes, dynamic messages, indexes, imports."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from google.protobuf.message_factory import GetMessageClass

from schemata.compat.protobuf import ProtobufSchema
from schemata.registry.client import (
    MessageField,
    ProtobufDeserializer,
    ProtobufSerializer,
    Schema,
    SchemaRegistryClient,
    SerializationContext,
    SerializationError,
)
from tests.client.samples import proto_order

pytestmark = pytest.mark.in_process


def value(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def test_round_trip_into_the_generated_class(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    order = proto_order(pb2)
    data = ProtobufSerializer(pb2.orders.Order, client)(order, value(topic))
    registered = client.get_latest_version(f"{topic}-value")
    assert data[:6] == b"\x00" + registered.schema_id.to_bytes(4, "big") + b"\x00"  # indexes [0]
    assert data[6:] == order.SerializeToString()
    assert ProtobufDeserializer(pb2.orders.Order, schema_registry_client=client)(data) == order
    assert ProtobufDeserializer(pb2.orders.Order)(data) == order  # no registry needed with the class


def test_imports_are_registered_and_referenced(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    ProtobufSerializer(pb2.orders.Order, client)(proto_order(pb2), value(topic))
    references = client.get_latest_version(f"{topic}-value").schema.references
    assert [(ref.name, ref.subject) for ref in references] == [("common.proto", "common.proto")]
    assert "message Money" in client.get_latest_version("common.proto").schema.schema_str


def test_dynamic_message_without_a_class(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    order = proto_order(pb2)
    data = ProtobufSerializer(pb2.orders.Order, client)(order, value(topic))
    dynamic = ProtobufDeserializer(None, schema_registry_client=client)(data)
    assert type(dynamic) is not pb2.orders.Order
    assert dynamic.DESCRIPTOR.full_name == "schemata.test.Order"
    assert dynamic.SerializeToString(deterministic=True) == order.SerializeToString(deterministic=True)
    assert (dynamic.lines[2].sku, dynamic.total.units, dynamic.labels["channel"]) == ("SKU-3", 1234, "web")


def test_second_message_carries_its_indexes(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    shipment = pb2.orders.Shipment(order_id="o-1", first_line=pb2.orders.Order.Line(sku="a", quantity=2))
    data = ProtobufSerializer(pb2.orders.Shipment, client)(shipment, value(topic))
    assert data[5:7] == b"\x02\x02"  # [1]
    assert data[7:] == shipment.SerializeToString()
    dynamic = ProtobufDeserializer(None, schema_registry_client=client)(data)
    assert dynamic.DESCRIPTOR.full_name == "schemata.test.Shipment"
    assert dynamic.first_line.quantity == 2


def test_nested_message_indexes(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    line = pb2.orders.Order.Line(sku="a", quantity=1)
    data = ProtobufSerializer(pb2.orders.Order.Line, client)(line, value(topic))
    assert data[5:8] == b"\x04\x00\x00"  # [0, 0]
    assert ProtobufDeserializer(pb2.orders.Order.Line)(data) == line
    assert ProtobufDeserializer(None, schema_registry_client=client)(data).DESCRIPTOR.full_name == (
        "schemata.test.Order.Line")


def test_errors(client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace) -> None:
    serializer = ProtobufSerializer(pb2.orders.Order, client)
    with pytest.raises(SerializationError, match=r"Expected a schemata\.test\.Order message, got Money"):
        serializer(pb2.common.Money(), value(topic))
    data = serializer(proto_order(pb2), value(topic))
    with pytest.raises(SerializationError, match="Cannot decode Protobuf"):
        ProtobufDeserializer(pb2.orders.Order)(data[:-3])
    with pytest.raises(SerializationError, match="no message at indexes"):
        ProtobufDeserializer(None, schema_registry_client=client)(data[:5] + b"\x02\x08" + data[6:])
    with pytest.raises(ValueError, match=r"use\.deprecated\.format"):
        ProtobufSerializer(pb2.orders.Order, client, conf={"use.deprecated.format": True})


def test_a_schema_importing_no_given_file_round_trips(client: SchemaRegistryClient, topic: str) -> None:
    """Registered leniently (validateFields off), it is read as the registry reads it: without that import."""
    package = f"p{uuid.uuid4().hex[:10]}"
    text = (f'syntax = "proto3";\npackage {package};\nimport "other/thing.proto";\n'
            'message Note { string body = 1 [(other.tag) = "x"]; int32 n = 2; }\n')
    schema_id = client.register_schema(f"{topic}-value", Schema(text, "PROTOBUF"))
    registered = client.parse_schema(client.get_schema(schema_id))
    assert isinstance(registered, ProtobufSchema)
    note = GetMessageClass(registered.message_descriptor(f"{package}.Note"))
    serializer = ProtobufSerializer(note, client, {"auto.register.schemas": False, "use.latest.version": True})
    data = serializer(note(body="hi", n=3), value(topic))
    assert data[1:5] == schema_id.to_bytes(4, "big")
    read = ProtobufDeserializer(None, schema_registry_client=client)(data)
    assert read is not None and read.DESCRIPTOR.full_name == f"{package}.Note"
    assert (read.body, read.n) == ("hi", 3)
