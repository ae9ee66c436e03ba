"""confluent-kafka's serializers against a context subject: the context's own ids on the wire."""

from __future__ import annotations

import json
import uuid

from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


def _record(name: str) -> str:
    fields = [{"name": "id", "type": "long"}, {"name": "name", "type": "string"}]
    return json.dumps({"type": "record", "name": name, "fields": fields})


def test_a_context_subject_frames_the_contexts_id_and_reads_back(registry_url: str, subject: str) -> None:
    """The serializer registers under `:.ctx:{topic}-value` (a subject name strategy that qualifies the
    topic's subject) and frames the id that context gave: 1 in a fresh context. The deserializer asks for
    that id with the same subject (`?subject=` in confluent-kafka's `get_schema`) and so reads it in the
    context; with the default strategy it asks with `{topic}-value`, which the registry also finds there."""
    context = f".wire{uuid.uuid4().hex[:10]}"
    value = {"id": 7, "name": "seven"}

    def in_context(ctx: SerializationContext | None, _record_name: str | None) -> str:
        assert ctx is not None
        return f":{context}:{ctx.topic}-value"

    conf = {"subject.name.strategy": in_context}
    with SchemaRegistryClient({"url": registry_url}) as writer_client:
        serializer = AvroSerializer(writer_client, _record(f"R{uuid.uuid4().hex[:12]}"), conf=conf)
        payload = serializer(value, SerializationContext(subject, MessageField.VALUE))
        assert payload[0] == 0 and int.from_bytes(payload[1:5], "big") == 1
        registered = writer_client.get_latest_version(f":{context}:{subject}-value")
        assert registered.schema_id == 1
    for reader_conf in ({"subject.name.strategy": in_context}, {}):
        with SchemaRegistryClient({"url": registry_url}) as reader_client:
            deserializer = AvroDeserializer(reader_client, conf=reader_conf)
            assert deserializer(payload, SerializationContext(subject, MessageField.VALUE)) == value


def test_a_subject_name_strategy_spelling_the_default_context_writes_the_plain_subject(
    registry_url: str, subject: str
) -> None:
    """A strategy naming `:.:{topic}-value` registers `{topic}-value` (Confluent normalises the spelling), so a
    client of the plain name sees the version and a deserializer with the default strategy reads the data."""
    value = {"id": 8, "name": "eight"}

    def spelled(ctx: SerializationContext | None, _record_name: str | None) -> str:
        assert ctx is not None
        return f":.:{ctx.topic}-value"

    with SchemaRegistryClient({"url": registry_url}) as client:
        conf = {"subject.name.strategy": spelled}
        serializer = AvroSerializer(client, _record(f"R{uuid.uuid4().hex[:12]}"), conf=conf)
        payload = serializer(value, SerializationContext(subject, MessageField.VALUE))
        latest = client.get_latest_version(f"{subject}-value")
        assert latest.subject == f"{subject}-value" and latest.schema_id == int.from_bytes(payload[1:5], "big")
        assert client.get_subjects().count(f"{subject}-value") == 1
    with SchemaRegistryClient({"url": registry_url}) as reader_client:
        assert AvroDeserializer(reader_client)(payload, SerializationContext(subject, MessageField.VALUE)) == value
