"""confluent-kafka's own SchemaRegistryClient, unchanged, against the live registry (SQLite and PostgreSQL).

The client caches ids, schemas and latest versions, so each test builds a fresh one.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from confluent_kafka.schema_registry import (
    ConfigCompatibilityLevel,
    Metadata,
    MetadataProperties,
    Rule,
    RuleKind,
    RuleMode,
    RuleSet,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    SchemaRegistryError,
    ServerConfig,
    dual_schema_id_deserializer,
    header_schema_id_serializer,
)
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


@pytest.fixture
def client(registry_url: str) -> Iterator[SchemaRegistryClient]:
    sr = SchemaRegistryClient({"url": registry_url})
    yield sr
    sr.close()


@pytest.fixture
def rname() -> str:
    return f"R{uuid.uuid4().hex[:12]}"


def avro(name: str, *fields: tuple[str, object] | tuple[str, object, object]) -> Schema:
    out = []
    for f in fields:
        item = {"name": f[0], "type": f[1]}
        if len(f) == 3:
            item["default"] = f[2]
        out.append(item)
    return Schema(json.dumps({"type": "record", "name": name, "fields": out}), "AVRO")


def same(a: str, b: str) -> bool:
    return json.loads(a) == json.loads(b)


def test_register_lookup_and_get(client, subject, rname):
    v1 = avro(rname, ("a", "int"))
    v2 = avro(rname, ("a", "int"), ("b", "string", ""))
    id1 = client.register_schema(subject, v1)
    assert isinstance(id1, int) and id1 > 0
    full = client.register_schema_full_response(subject, v2)
    id2 = full.schema_id
    assert id2 != id1

    found = client.lookup_schema(subject, v1)
    assert (found.schema_id, found.subject, found.version) == (id1, subject, 1)

    fetched = client.get_schema(id1)
    assert same(fetched.schema_str, v1.schema_str) and fetched.schema_type == "AVRO"

    assert client.get_versions(subject) == [1, 2]
    one = client.get_version(subject, 1)
    assert (one.schema_id, one.version, one.subject) == (id1, 1, subject)
    assert same(one.schema.schema_str, v1.schema_str)
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version) == (id2, 2)
    assert subject in client.get_subjects()
    assert client.get_subjects(subject_prefix=subject) == [subject]
    assert client.get_subjects_by_schema_id(id1) == [subject]
    assert [(v.subject, v.version) for v in client.get_schema_versions(id2)] == [(subject, 2)]
    assert sorted(client.get_schema_types()) == ["AVRO", "JSON", "PROTOBUF"]
    assert "." in client.get_contexts()


def test_register_is_idempotent_and_shares_ids_across_subjects(registry_url, subject, rname):
    schema = avro(rname, ("a", "int"))
    with SchemaRegistryClient({"url": registry_url}) as first:
        schema_id = first.register_schema(subject + "-1", schema)
    with SchemaRegistryClient({"url": registry_url}) as second:  # no cache: the server answers
        assert second.register_schema(subject + "-1", schema) == schema_id
        assert second.register_schema(subject + "-2", schema) == schema_id
        assert second.get_versions(subject + "-1") == [1]


def test_errors_carry_confluent_codes(client, subject, rname):
    with pytest.raises(SchemaRegistryError) as missing:
        client.get_versions(subject)
    assert (missing.value.http_status_code, missing.value.error_code) == (404, 40401)
    client.register_schema(subject, avro(rname, ("a", "int")))
    with pytest.raises(SchemaRegistryError) as no_version:
        client.get_version(subject, 42)
    assert no_version.value.error_code == 40402
    with pytest.raises(SchemaRegistryError) as not_found:
        client.lookup_schema(subject, avro(rname, ("zz", "int")))
    assert not_found.value.error_code == 40403
    with pytest.raises(SchemaRegistryError) as no_id:
        client.get_schema(2_000_000_001)
    assert no_id.value.error_code == 40403
    with pytest.raises(SchemaRegistryError) as invalid:
        client.register_schema(subject, Schema('{"type": "record"}', "AVRO"))
    assert (invalid.value.http_status_code, invalid.value.error_code) == (422, 42201)
    with pytest.raises(SchemaRegistryError) as incompatible:
        client.register_schema(subject, avro(rname, ("a", "int"), ("b", "string")))
    assert incompatible.value.http_status_code == 409
    assert incompatible.value.error_code in (409, 40901)


def test_delete_version_and_subject_soft_and_permanent(client, subject, rname):
    client.set_compatibility(subject, "NONE")
    for name in ("a", "b", "c"):
        client.register_schema(subject, avro(rname, (name, "int")))
    assert client.delete_version(subject, 3) == 3
    assert client.get_versions(subject) == [1, 2]
    assert client.get_versions(subject, deleted=True) == [1, 2, 3]
    assert client.get_version(subject, 3, deleted=True).version == 3
    assert client.delete_version(subject, 3, permanent=True) == 3
    assert client.get_versions(subject, deleted=True) == [1, 2]

    with pytest.raises(SchemaRegistryError) as not_soft:
        client.delete_subject(subject, permanent=True)
    assert not_soft.value.error_code == 40405
    assert client.delete_subject(subject) == [1, 2]
    assert subject not in client.get_subjects()
    assert subject in client.get_subjects(deleted=True)
    assert client.delete_subject(subject, permanent=True) == [1, 2]
    assert subject not in client.get_subjects(deleted=True)
    with pytest.raises(SchemaRegistryError) as gone:
        client.get_versions(subject)
    assert gone.value.error_code == 40401


def test_config_and_compatibility_level(client, subject):
    answer = client.set_config(subject, ServerConfig(compatibility=ConfigCompatibilityLevel.FULL))
    assert answer == {"compatibility": "FULL"}
    got = client.get_config(subject)
    assert got.compatibility_level == ConfigCompatibilityLevel.FULL
    assert client.get_compatibility(subject) == "FULL"
    client.set_compatibility(subject, "forward_transitive")
    assert client.get_compatibility(subject) == "FORWARD_TRANSITIVE"
    deleted = client.delete_config(subject)
    assert deleted.compatibility_level == ConfigCompatibilityLevel.FORWARD_TRANSITIVE
    with pytest.raises(SchemaRegistryError) as none_left:
        client.get_config(subject)
    assert none_left.value.error_code == 40408
    assert client.get_config().compatibility_level is not None  # global


def test_global_config_round_trip(client):
    before = client.get_config().compatibility_level
    try:
        client.set_config(config=ServerConfig(compatibility=ConfigCompatibilityLevel.BACKWARD_TRANSITIVE))
        assert client.get_compatibility() == "BACKWARD_TRANSITIVE"
    finally:
        client.delete_config()
    assert client.get_config().compatibility_level == before == ConfigCompatibilityLevel.BACKWARD


def test_config_fields_round_trip(client, subject, rname):
    """compatibility_group, default_metadata and override_rule_set: set, read back, and applied."""
    rule = Rule(name="checked", doc=None, kind=RuleKind.CONDITION, mode=RuleMode.WRITE, type="CEL", tags=None,
                params=None, expr="message.a > 0", on_success=None, on_failure=None, disabled=None)
    config = ServerConfig(
        compatibility=ConfigCompatibilityLevel.BACKWARD,
        compatibility_group="major",
        default_metadata=Metadata(tags=None, properties=MetadataProperties({"owner": "team-a"}), sensitive=None),
        override_rule_set=RuleSet(migration_rules=None, domain_rules=[rule]),
    )
    answer = client.set_config(subject, config)
    assert answer["compatibilityGroup"] == "major" and answer["defaultMetadata"]["properties"] == {"owner": "team-a"}
    got = client.get_config(subject)
    assert got.compatibility_level == ConfigCompatibilityLevel.BACKWARD
    assert got.compatibility_group == "major"
    assert got.default_metadata.properties.properties == {"owner": "team-a"}
    assert [r.name for r in got.override_rule_set.domain_rules] == ["checked"]
    assert got.override_rule_set.domain_rules[0].expr == "message.a > 0"

    client.register_schema(subject, avro(rname, ("a", "int")))
    latest = client.get_latest_version(subject)
    assert latest.schema.metadata.properties.properties == {"owner": "team-a"}
    assert [r.name for r in latest.schema.rule_set.domain_rules] == ["checked"]
    deleted = client.delete_config(subject)
    assert deleted.compatibility_group == "major"


def test_test_compatibility(client, subject, rname):
    client.register_schema(subject, avro(rname, ("a", "int")))
    good = avro(rname, ("a", "int"), ("b", "string", ""))
    bad = avro(rname, ("a", "int"), ("b", "string"))
    assert client.test_compatibility(subject, good) is True
    assert client.test_compatibility(subject, bad) is False
    assert client.test_compatibility(subject, bad, version=1) is False
    assert client.test_compatibility(subject, bad, verbose=True) is False
    assert client.test_compatibility(subject, good, verbose=True) is True
    assert client.test_compatibility_all_versions(subject, good) is True
    assert client.test_compatibility_all_versions(subject, bad, verbose=True) is False
    assert client.test_compatibility(subject + "-unknown", bad) is True  # latest of an unknown subject
    with pytest.raises(SchemaRegistryError) as missing:
        client.test_compatibility(subject, good, version=9)
    assert missing.value.error_code == 40402


def test_references(client, subject):
    ns = f"com.t{uuid.uuid4().hex[:10]}"
    address = Schema(json.dumps({"type": "record", "name": "Address", "namespace": ns,
                                 "fields": [{"name": "street", "type": "string"}]}), "AVRO")
    client.register_schema(subject + "-addr", address)
    user = Schema(
        json.dumps({"type": "record", "name": "User", "namespace": ns,
                    "fields": [{"name": "addr", "type": f"{ns}.Address"}]}),
        "AVRO",
        [SchemaReference(f"{ns}.Address", subject + "-addr", 1)],
    )
    user_id = client.register_schema(subject + "-user", user)
    assert client.get_referenced_by(subject + "-addr", 1) == [user_id]
    version = client.get_version(subject + "-user", 1)
    refs = version.schema.references
    assert [(r.name, r.subject, r.version) for r in refs] == [(f"{ns}.Address", subject + "-addr", 1)]
    with pytest.raises(SchemaRegistryError) as referenced:
        client.delete_subject(subject + "-addr")
    assert referenced.value.error_code == 42206
    assert client.lookup_schema(subject + "-user", user).schema_id == user_id


def test_subject_mode(client, subject, rname):
    client.register_schema(subject, avro(rname, ("a", "int")))
    assert client.update_mode(subject, "READONLY") == "READONLY"
    assert client.get_mode(subject) == "READONLY"
    with pytest.raises(SchemaRegistryError) as readonly:
        client.register_schema(subject, avro(rname, ("a", "int"), ("b", "int", 0)))
    assert readonly.value.error_code == 42205
    assert client.delete_mode(subject) == "READONLY"
    assert client.get_global_mode() == "READWRITE"
    client.register_schema(subject, avro(rname, ("a", "int"), ("b", "int", 0)))


def test_avro_serializer_round_trip(registry_url, subject, rname):
    topic = subject
    schema_str = avro(rname, ("id", "long"), ("name", "string")).schema_str
    with SchemaRegistryClient({"url": registry_url}) as writer_client:
        serializer = AvroSerializer(writer_client, schema_str)
        payload = serializer({"id": 7, "name": "seven"}, SerializationContext(topic, MessageField.VALUE))
    assert payload[0] == 0  # magic byte, then the 4-byte schema id
    schema_id = int.from_bytes(payload[1:5], "big")
    with SchemaRegistryClient({"url": registry_url}) as reader_client:
        assert reader_client.get_latest_version(f"{topic}-value").schema_id == schema_id
        deserializer = AvroDeserializer(reader_client)
        assert deserializer(payload, SerializationContext(topic, MessageField.VALUE)) == {"id": 7, "name": "seven"}


def test_avro_serializer_with_the_schema_guid_in_a_header(registry_url, subject, rname):
    """confluent-kafka's GUID-in-header mode needs the registry's `guid` (else "Schema GUID is not set")."""
    schema_str = avro(rname, ("id", "long"), ("name", "string")).schema_str
    value = {"id": 7, "name": "seven, long enough for the deserializer's framing check"}
    headers: list[tuple[str, bytes]] = []
    with SchemaRegistryClient({"url": registry_url}) as writer_client:
        conf = {"schema.id.serializer": header_schema_id_serializer}
        serializer = AvroSerializer(writer_client, schema_str, conf=conf)
        payload = serializer(value, SerializationContext(subject, MessageField.VALUE, headers))
    assert headers and payload[:1] != b"\x00"  # the id travels in the header, not in the payload
    with SchemaRegistryClient({"url": registry_url}) as reader_client:
        deserializer = AvroDeserializer(reader_client, conf={"schema.id.deserializer": dual_schema_id_deserializer})
        assert deserializer(payload, SerializationContext(subject, MessageField.VALUE, headers)) == value
