"""Avro serialization against the registry (in-process): round trips, evolution, settings, and the errors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from schemata import compat
from schemata.registry.client import (
    AvroDeserializer,
    AvroSerializer,
    IncompatibleSchemaError,
    MessageField,
    RecordValidationError,
    Schema,
    SchemaRegistryClient,
    SerializationContext,
    SerializationError,
    SubjectNotFoundError,
    UnknownMagicByteError,
    UnknownSchemaIdError,
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
)
from schemata.registry.client._rest import RestClient
from tests.client.samples import AVRO_ORDER, AVRO_ORDER_TEXT, avro_order

pytestmark = pytest.mark.in_process


def value(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def test_round_trip_of_every_kind_of_type(client: SchemaRegistryClient, topic: str) -> None:
    data = AvroSerializer(client, AVRO_ORDER_TEXT)(avro_order(), value(topic))
    schema_id = client.get_latest_version(f"{topic}-value").schema_id
    assert data[:5] == b"\x00" + schema_id.to_bytes(4, "big")
    assert AvroDeserializer(client)(data, value(topic)) == avro_order()


def test_key_and_value_subjects(client: SchemaRegistryClient, topic: str) -> None:
    key = AvroSerializer(client, '"string"')("order-1", SerializationContext(topic, MessageField.KEY))
    assert client.get_subjects(subject_prefix=topic) == [f"{topic}-key"]
    assert key[5:] == b"\x0eorder-1"
    assert AvroDeserializer(client)(key) == "order-1"


def test_plain_bytes_schema_writes_the_bytes_as_they_are(client: SchemaRegistryClient, topic: str) -> None:
    data = AvroSerializer(client, '"bytes"')(b"\x01\x02raw", value(topic))
    assert data[5:] == b"\x01\x02raw"
    assert AvroDeserializer(client)(data) == b"\x01\x02raw"


def test_reader_schema_evolution(client: SchemaRegistryClient, topic: str) -> None:
    writer = {"type": "record", "name": "User", "fields": [
        {"name": "name", "type": "string"}, {"name": "age", "type": "int"}, {"name": "nick", "type": "string"}]}
    reader = {"type": "record", "name": "User", "fields": [
        {"name": "name", "type": "string"}, {"name": "age", "type": "long"},
        {"name": "country", "type": "string", "default": "NL"}]}
    data = AvroSerializer(client, json.dumps(writer))({"name": "Ann", "age": 41, "nick": "a"}, value(topic))
    read = AvroDeserializer(client, json.dumps(reader))(data, value(topic))
    assert read == {"name": "Ann", "age": 41, "country": "NL"}


def test_deserializer_follows_the_latest_version(client: SchemaRegistryClient, topic: str) -> None:
    v1 = {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}
    v2 = {**v1, "fields": [*v1["fields"], {"name": "tier", "type": "string", "default": "free"}]}
    data = AvroSerializer(client, json.dumps(v1))({"name": "Ann"}, value(topic))
    client.register_schema(f"{topic}-value", Schema(json.dumps(v2)))
    follow = AvroDeserializer(client, conf={"use.latest.version": True})
    assert follow(data, value(topic)) == {"name": "Ann", "tier": "free"}


def test_objects_through_to_dict_and_from_dict(client: SchemaRegistryClient, topic: str) -> None:
    @dataclass
    class User:
        name: str

    schema = json.dumps({"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]})
    to_dict = lambda user, ctx: {"name": user.name}  # noqa: E731
    from_dict = lambda data, ctx: User(**data)  # noqa: E731
    data = AvroSerializer(client, schema, to_dict)(User("Ann"), value(topic))
    assert AvroDeserializer(client, from_dict=from_dict)(data, value(topic)) == User("Ann")
    with pytest.raises(ValueError, match="to_dict must be callable"):
        AvroSerializer(client, schema, "not callable")  # type: ignore[arg-type]


def test_use_latest_version_writes_with_the_latest_id(client: SchemaRegistryClient, topic: str) -> None:
    v1 = {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}
    v2 = {**v1, "fields": [*v1["fields"], {"name": "tier", "type": "string", "default": "free"}]}
    client.register_schema(f"{topic}-value", Schema(json.dumps(v1)))
    latest_id = client.register_schema(f"{topic}-value", Schema(json.dumps(v2)))
    conf = {"auto.register.schemas": False, "use.latest.version": True}
    data = AvroSerializer(client, json.dumps(v1), conf=conf)({"name": "Ann", "tier": "gold"}, value(topic))
    assert int.from_bytes(data[1:5], "big") == latest_id
    assert AvroDeserializer(client)(data) == {"name": "Ann", "tier": "gold"}
    with pytest.raises(ValueError, match="cannot enable both"):
        AvroSerializer(client, json.dumps(v1), conf={"use.latest.version": True})


def test_use_latest_with_metadata_writes_with_the_matching_version(
    client: SchemaRegistryClient, topic: str
) -> None:
    v1 = {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}
    v2 = {**v1, "fields": [*v1["fields"], {"name": "tier", "type": "string", "default": "free"}]}
    major_1 = client.register_schema(
        f"{topic}-value", Schema(json.dumps(v1), metadata={"properties": {"major": "1"}})
    )
    client.register_schema(f"{topic}-value", Schema(json.dumps(v2), metadata={"properties": {"major": "2"}}))
    conf = {"auto.register.schemas": False, "use.latest.with.metadata": {"major": "1"}}
    data = AvroSerializer(client, json.dumps(v2), conf=conf)({"name": "Ann", "tier": "gold"}, value(topic))
    assert int.from_bytes(data[1:5], "big") == major_1  # written with v1, which drops `tier`
    assert AvroDeserializer(client)(data) == {"name": "Ann"}


def test_normalize_schemas_looks_up_the_normalized_form(client: SchemaRegistryClient, topic: str) -> None:
    """normalize.schemas: a schema spelled another way finds the version of its normalized form; without it
    too, since the registry's lookup, finding nothing as posted, looks again normalizing (Confluent 8.1)."""
    fields = [{"name": "a", "type": "int", "aliases": ["z", "y"]}]
    stored = {"type": "record", "name": "N", "namespace": "shop", "fields": fields}
    respelled = {"type": "record", "name": "shop.N", "fields": [{**fields[0], "aliases": ["y", "z"]}]}
    schema_id = client.register_schema(f"{topic}-value", Schema(json.dumps(stored)), normalize_schemas=True)
    lookup = {"auto.register.schemas": False}
    serializer = AvroSerializer(client, json.dumps(respelled), conf={**lookup, "normalize.schemas": True})
    assert int.from_bytes(serializer({"a": 1}, value(topic))[1:5], "big") == schema_id
    assert int.from_bytes(AvroSerializer(client, json.dumps(respelled), conf=lookup)({"a": 1}, value(topic))[1:5],
                          "big") == schema_id


def test_lookup_only_mode_needs_a_registered_schema(client: SchemaRegistryClient, topic: str) -> None:
    serializer = AvroSerializer(client, AVRO_ORDER_TEXT, conf={"auto.register.schemas": False})
    with pytest.raises(SubjectNotFoundError):
        serializer(avro_order(), value(topic))
    schema_id = client.register_schema(f"{topic}-value", Schema(AVRO_ORDER_TEXT))
    assert int.from_bytes(serializer(avro_order(), value(topic))[1:5], "big") == schema_id


def test_use_schema_id_writes_with_that_id(client: SchemaRegistryClient, topic: str) -> None:
    schema_id = client.register_schema(f"{topic}-other", Schema(AVRO_ORDER_TEXT))
    data = AvroSerializer(client, None, conf={"use.schema.id": schema_id})(avro_order(), value(topic))
    assert int.from_bytes(data[1:5], "big") == schema_id
    assert client.get_subjects(subject_prefix=topic) == [f"{topic}-other"]


@pytest.mark.parametrize(("strategy", "suffix"), [
    (record_subject_name_strategy, "shop.Order"), (topic_record_subject_name_strategy, "{topic}-shop.Order"),
])
def test_record_name_strategies(client: SchemaRegistryClient, topic: str, strategy: Any, suffix: str) -> None:
    schema = {**AVRO_ORDER, "namespace": f"shop{abs(hash(topic))}"}
    AvroSerializer(client, json.dumps(schema), conf={"subject.name.strategy": strategy})(avro_order(), value(topic))
    expected = suffix.format(topic=topic).replace("shop.", f"shop{abs(hash(topic))}.")
    assert expected in client.get_subjects(subject_prefix=expected)


def test_incompatible_schema_on_auto_register_names_the_findings(client: SchemaRegistryClient, topic: str) -> None:
    v1 = {"type": "record", "name": "User", "fields": [{"name": "name", "type": "string"}]}
    v2 = {**v1, "fields": [*v1["fields"], {"name": "age", "type": "int"}]}
    AvroSerializer(client, json.dumps(v1))({"name": "Ann"}, value(topic))
    with pytest.raises(IncompatibleSchemaError) as error:
        AvroSerializer(client, json.dumps(v2))({"name": "Ann", "age": 3}, value(topic))
    assert any("age" in message for message in error.value.messages)


def test_a_record_that_does_not_fit_names_the_path(client: SchemaRegistryClient, topic: str) -> None:
    serializer = AvroSerializer(client, AVRO_ORDER_TEXT)
    wrong_qty = avro_order()
    wrong_qty["lines"][1]["qty"] = "two"
    with pytest.raises(RecordValidationError) as error:
        serializer(wrong_qty, value(topic))
    assert error.value.path == "$.lines[1].qty"
    assert "'two' is not a valid int" in str(error.value)
    missing = avro_order()
    del missing["customer"]["name"]
    with pytest.raises(RecordValidationError, match=r"\$\.customer\.name: missing"):
        serializer(missing, value(topic))
    bad_enum = {**avro_order(), "status": "LOST"}
    with pytest.raises(RecordValidationError, match=r"at \$\.status: 'LOST' is not a valid shop\.Status"):
        serializer(bad_enum, value(topic))


def test_unreadable_messages(client: SchemaRegistryClient, topic: str) -> None:
    data = AvroSerializer(client, AVRO_ORDER_TEXT)(avro_order(), value(topic))
    deserializer = AvroDeserializer(client)
    with pytest.raises(UnknownMagicByteError, match="0x7b"):
        deserializer(b'{"json": true}')
    with pytest.raises(UnknownMagicByteError, match="too short"):
        deserializer(b"\x00\x00")
    with pytest.raises(UnknownSchemaIdError, match=f"No schema with id 2000000 in the registry at {client.url}"):
        deserializer(b"\x00" + (2_000_000).to_bytes(4, "big") + data[5:])
    with pytest.raises(SerializationError, match="Cannot decode Avro"):
        deserializer(data[:20])
    with pytest.raises(SerializationError, match="header"):
        deserializer(data, SerializationContext(topic, MessageField.VALUE, [("__value_schema_id", b"\x01")]))
    assert deserializer(None) is None


def test_parses_once_and_asks_the_registry_once(
    client: SchemaRegistryClient, topic: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses, requests = [], []
    real_parse, real_request = compat.parse_schema, RestClient.request
    monkeypatch.setattr(compat, "parse_schema", lambda *a, **k: parses.append(a) or real_parse(*a, **k))
    monkeypatch.setattr(RestClient, "request", lambda *a, **k: requests.append(a) or real_request(*a, **k))
    serializer, deserializer = AvroSerializer(client, AVRO_ORDER_TEXT), AvroDeserializer(client)
    for n in range(200):
        assert deserializer(serializer(avro_order(n), value(topic))) == avro_order(n)
    # One request (registration; its answer carries the registry's text, cached by id for the deserializer)
    # and two parses (the text given to the serializer, the registry's text). None per message.
    assert len(requests) == 1
    assert len(parses) == 2


def test_unknown_settings_are_refused(client: SchemaRegistryClient) -> None:
    with pytest.raises(ValueError, match=r"Unrecognized properties: auto\.register"):
        AvroSerializer(client, AVRO_ORDER_TEXT, conf={"auto.register": True})
    with pytest.raises(ValueError, match="must be a boolean"):
        AvroSerializer(client, AVRO_ORDER_TEXT, conf={"normalize.schemas": "yes"})
