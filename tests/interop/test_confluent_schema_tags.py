"""confluent-kafka's serializers, unchanged, reading the schema tags our tags endpoint writes: a CEL_FIELD rule
limited to the PII tag transforms the tagged field only (Avro and JSON Schema; SQLite and PostgreSQL).

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
from confluent_kafka.schema_registry.rules.cel.cel_field_executor import CelFieldExecutor
from confluent_kafka.serialization import MessageField, SerializationContext

NAME = f"R{uuid.uuid4().hex[:12]}"
AVRO = json.dumps({"type": "record", "name": NAME, "fields": [
    {"name": "ssn", "type": "string"}, {"name": "city", "type": "string"},
]})
JSON = json.dumps({"type": "object", "properties": {"ssn": {"type": "string"}, "city": {"type": "string"}}})
CONF = {"auto.register.schemas": False, "use.latest.version": True}


def avro_serdes(client: SchemaRegistryClient) -> tuple[Callable[..., Any], Callable[..., Any]]:
    return AvroSerializer(client, AVRO, conf=CONF), AvroDeserializer(client)


def json_serdes(client: SchemaRegistryClient) -> tuple[Callable[..., Any], Callable[..., Any]]:
    return JSONSerializer(JSON, client, conf=CONF), JSONDeserializer(JSON, schema_registry_client=client)


@pytest.fixture(scope="module", autouse=True)
def cel_field_rules() -> None:
    CelFieldExecutor.register()


@pytest.mark.parametrize(
    "schema_type, text, path, serdes",
    [("AVRO", AVRO, f"{NAME}.ssn", avro_serdes), ("JSON", JSON, "object.ssn", json_serdes)],
)
def test_a_field_tagged_by_the_tags_endpoint_is_what_a_tag_rule_transforms(
    registry_url: str, schema_type: str, text: str, path: str, serdes: Callable[..., Any]
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
        assert client.get_latest_version(subject).version == 2
        serializer, deserializer = serdes(client)
        ctx = SerializationContext(topic, MessageField.VALUE)
        payload = serializer({"ssn": "123-45-6789", "city": "Oslo"}, ctx)
        assert deserializer(payload, ctx) == {"ssn": "REDACTED", "city": "Oslo"}
