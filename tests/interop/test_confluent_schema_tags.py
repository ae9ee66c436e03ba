"""confluent-kafka's serializers, unchanged, reading the schema tags our tags endpoint writes: a CEL_FIELD rule
limited to the PII tag transforms the tagged field only (Avro, JSON Schema, Protobuf; SQLite and PostgreSQL).

The Python client has no call for POST /subjects/{s}/versions/{v}/tags, so the tags are posted over HTTP.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from confluent_kafka.schema_registry import Rule, RuleKind, RuleMode, RuleSet, Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer, JSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.schema_registry.rules.cel.cel_field_executor import CelFieldExecutor
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

NAME = f"R{uuid.uuid4().hex[:12]}"
AVRO = json.dumps({"type": "record", "name": NAME, "fields": [
    {"name": "ssn", "type": "string"}, {"name": "city", "type": "string"},
]})
JSON = json.dumps({"type": "object", "properties": {"ssn": {"type": "string"}, "city": {"type": "string"}}})
PACKAGE = f"tags{uuid.uuid4().hex[:8]}"
PROTO = f'syntax = "proto3";\npackage {PACKAGE};\n\nmessage Person {{\n  string ssn = 1;\n  string city = 2;\n}}\n'
CONF = {"auto.register.schemas": False, "use.latest.version": True}
#: A value's serializer and deserializer, both on plain dicts.
Serdes = tuple[Callable[[dict[str, str], SerializationContext], bytes], Callable[[bytes, SerializationContext], Any]]


def avro_serdes(client: SchemaRegistryClient) -> Serdes:
    return AvroSerializer(client, AVRO, conf=CONF), AvroDeserializer(client)


def json_serdes(client: SchemaRegistryClient) -> Serdes:
    return JSONSerializer(JSON, client, conf=CONF), JSONDeserializer(JSON, schema_registry_client=client)


def protobuf_serdes(client: SchemaRegistryClient) -> Serdes:
    """PROTO's Person as a message class built at run time (what protoc would generate)."""
    file = descriptor_pb2.FileDescriptorProto(name=f"{PACKAGE}.proto", package=PACKAGE, syntax="proto3")
    person = file.message_type.add(name="Person")
    for number, name in enumerate(("ssn", "city"), 1):
        person.field.add(name=name, number=number, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING, label=1)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    message = message_factory.GetMessageClass(pool.FindMessageTypeByName(f"{PACKAGE}.Person"))
    serializer = ProtobufSerializer(message, client, conf=CONF)
    deserializer = ProtobufDeserializer(message, conf={}, schema_registry_client=client)

    def read(payload: bytes, ctx: SerializationContext) -> dict[str, str]:
        found = deserializer(payload, ctx)
        return {"ssn": found.ssn, "city": found.city}

    return (lambda value, ctx: serializer(message(**value), ctx)), read


@pytest.fixture(scope="module", autouse=True)
def cel_field_rules() -> None:
    CelFieldExecutor.register()


@pytest.mark.parametrize(
    "schema_type, text, path, serdes",
    [
        ("AVRO", AVRO, f"{NAME}.ssn", avro_serdes),
        ("JSON", JSON, "object.ssn", json_serdes),
        ("PROTOBUF", PROTO, "Person.ssn", protobuf_serdes),
    ],
    ids=["avro", "json", "protobuf"],
)
def test_a_field_tagged_by_the_tags_endpoint_is_what_a_tag_rule_transforms(
    registry_url: str, schema_type: str, text: str, path: str, serdes: Callable[[SchemaRegistryClient], Serdes]
) -> None:
    topic = f"tags-{uuid.uuid4().hex[:8]}"
    subject = f"{topic}-value"
    redact = Rule(name="redact", doc=None, kind=RuleKind.TRANSFORM, mode=RuleMode.WRITE, type="CEL_FIELD",
                  tags=["PII"], params=None, expr="typeName == 'STRING' ; 'REDACTED'", on_success=None,
                  on_failure=None, disabled=None)
    with SchemaRegistryClient({"url": registry_url}) as client:
        rules = RuleSet(migration_rules=[], domain_rules=[redact])
        client.register_schema(subject, Schema(text, schema_type, rule_set=rules))
        tagged = httpx.post(f"{registry_url}/subjects/{subject}/versions/1/tags", json={"tagsToAdd": [
            {"schemaEntity": {"entityPath": path, "entityType": "sr_field"}, "tags": ["PII"]},
        ]})
        assert tagged.status_code == 200, tagged.text
        assert tagged.json()["version"] == 2
        serializer, deserializer = serdes(client)
        ctx = SerializationContext(topic, MessageField.VALUE)
        payload = serializer({"ssn": "123-45-6789", "city": "Oslo"}, ctx)
        assert deserializer(payload, ctx) == {"ssn": "REDACTED", "city": "Oslo"}
