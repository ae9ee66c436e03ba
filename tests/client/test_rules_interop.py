"""Data-contract rules, ours against confluent-kafka's rule executors on the same live registry, both ways:
a CEL condition fails on both sides for the same record, a CEL_FIELD transform masks tagged fields into the
same bytes, and a JSONata UPGRADE rule lets a v2 reader read a v1 event whoever wrote and read it.
Avro, JSON Schema and Protobuf (field rules by inline `(confluent.field_meta).tags` and metadata tags, and
migrations on protobuf's JSON mapping)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from confluent_kafka.schema_registry import SchemaRegistryClient as TheirClient
from confluent_kafka.schema_registry import topic_subject_name_strategy as their_topic_strategy
from confluent_kafka.schema_registry.avro import AvroDeserializer as TheirAvroDeserializer
from confluent_kafka.schema_registry.avro import AvroSerializer as TheirAvroSerializer
from confluent_kafka.schema_registry.json_schema import JSONDeserializer as TheirJSONDeserializer
from confluent_kafka.schema_registry.json_schema import JSONSerializer as TheirJSONSerializer
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer as TheirProtobufDeserializer
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer as TheirProtobufSerializer
from confluent_kafka.schema_registry.rules.cel.cel_executor import CelExecutor
from confluent_kafka.schema_registry.rules.cel.cel_field_executor import CelFieldExecutor
from confluent_kafka.schema_registry.rules.jsonata.jsonata_executor import JsonataExecutor
from confluent_kafka.serialization import MessageField as TheirField
from confluent_kafka.serialization import SerializationContext as TheirContext
from confluent_kafka.serialization import SerializationError as TheirSerializationError
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass

from schemata.compat import parse_schema
from schemata.registry.client import (
    AvroDeserializer,
    AvroSerializer,
    JSONDeserializer,
    JSONSerializer,
    MessageField,
    ProtobufDeserializer,
    ProtobufSerializer,
    RuleError,
    Schema,
    SchemaRegistryClient,
    SerializationContext,
    ServerConfig,
)
from tests.client.samples import proto_payment

CelExecutor.register()
CelFieldExecutor.register()
JsonataExecutor.register()

THEIR_CONF: dict[str, Any] = {"subject.name.strategy": their_topic_strategy}
LATEST: dict[str, Any] = {"auto.register.schemas": False, "use.latest.version": True}

ACCOUNT = {
    "type": "record", "name": "Account", "namespace": "bank",
    "fields": [
        {"name": "id", "type": "int"},
        {"name": "owner", "type": "string"},
        {"name": "email", "type": ["null", "string"], "default": None, "confluent:tags": ["PII"]},
        {"name": "notes", "type": {"type": "array", "items": "string"}},
    ],
}


def account(n: int, **overrides: Any) -> dict[str, Any]:
    return {"id": n, "owner": f"owner-{n}", "email": f"user{n}@example.com", "notes": [f"note-{n}"], **overrides}


@pytest.fixture
def their_client(sqlite_registry_url: str) -> Iterator[TheirClient]:
    with TheirClient({"url": sqlite_registry_url}) as client:
        yield client


@pytest.fixture
def reader_client(sqlite_registry_url: str) -> Iterator[SchemaRegistryClient]:
    """A client of our own for the reading side, whose caches know nothing of the registrations."""
    with SchemaRegistryClient({"url": sqlite_registry_url}) as client:
        yield client


def register(client: SchemaRegistryClient, subject: str, schema: dict[str, Any], rule_set: dict[str, Any],
             metadata: dict[str, Any] | None = None) -> int:
    return client.register_schema(subject, Schema(json.dumps(schema), "AVRO", metadata=metadata, rule_set=rule_set))


def contexts(topic: str) -> tuple[SerializationContext, TheirContext]:
    return SerializationContext(topic, MessageField.VALUE), TheirContext(topic, TheirField.VALUE)


def test_a_cel_condition_fails_on_both_sides_for_the_same_record(
    client: SchemaRegistryClient, their_client: TheirClient, topic: str
) -> None:
    register(client, f"{topic}-value", ACCOUNT, {"domainRules": [
        {"name": "positiveId", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "message.id > 0"},
        {"name": "knownOwner", "kind": "CONDITION", "mode": "READ", "type": "CEL",
         "expr": "message.owner.startsWith('owner-')", "doc": "owners are named owner-N"},
    ]})
    ours, theirs = contexts(topic)
    our_writer = AvroSerializer(client, conf=LATEST)
    their_writer = TheirAvroSerializer(their_client, json.dumps(ACCOUNT), conf={**THEIR_CONF, **LATEST})

    with pytest.raises(RuleError) as refused:
        our_writer(account(-1), ours)
    assert (refused.value.rule, refused.value.subject, refused.value.version) == ("positiveId", f"{topic}-value", 1)
    assert "'message.id > 0' is false" in str(refused.value)
    with pytest.raises(TheirSerializationError):
        their_writer(account(-1), theirs)

    assert our_writer(account(7), ours) == their_writer(account(7), theirs)

    # A READ condition: the record each side writes is refused by the other side's reader.
    stranger = account(8, owner="mallory")
    our_bytes, their_bytes = our_writer(stranger, ours), their_writer(stranger, theirs)
    with pytest.raises(RuleError, match="owners are named owner-N"):
        AvroDeserializer(client)(their_bytes, ours)
    with pytest.raises(TheirSerializationError):
        TheirAvroDeserializer(their_client, conf=THEIR_CONF)(our_bytes, theirs)
    assert AvroDeserializer(client)(their_writer(account(9), theirs), ours) == account(9)


def test_a_cel_field_transform_masks_tagged_fields_identically(
    client: SchemaRegistryClient, their_client: TheirClient, topic: str
) -> None:
    mask = {"name": "maskPii", "kind": "TRANSFORM", "mode": "WRITE", "type": "CEL_FIELD", "tags": ["PII"],
            "expr": "typeName == 'STRING' ; 'xxx-' + string(size(value))"}
    # `email` is tagged inline, `notes` (an array of strings) through the metadata; `owner` is left alone.
    register(client, f"{topic}-value", ACCOUNT, {"domainRules": [mask]}, {"tags": {"bank.Account.notes": ["PII"]}})
    ours, theirs = contexts(topic)
    record = account(3, notes=["first", "second note"])
    original = json.loads(json.dumps(record))
    our_bytes = AvroSerializer(client, conf=LATEST)(record, ours)
    their_bytes = TheirAvroSerializer(their_client, json.dumps(ACCOUNT), conf={**THEIR_CONF, **LATEST})(
        json.loads(json.dumps(record)), theirs)
    assert our_bytes == their_bytes
    assert record == original  # ours masks a copy, not the caller's record
    masked = account(3, email="xxx-17", notes=["xxx-5", "xxx-11"])
    assert AvroDeserializer(client)(their_bytes, ours) == masked
    assert TheirAvroDeserializer(their_client, conf=THEIR_CONF)(our_bytes, theirs) == masked
    # A null email takes the union's null branch: the guard is false and the value stays null on both sides.
    assert AvroSerializer(client, conf=LATEST)(account(4, email=None), ours) == TheirAvroSerializer(
        their_client, json.dumps(ACCOUNT), conf={**THEIR_CONF, **LATEST})(account(4, email=None), theirs)


SHIPMENT_V1 = {"type": "record", "name": "Shipment", "fields": [
    {"name": "id", "type": "string"}, {"name": "weight", "type": "double"}]}
SHIPMENT_V2 = {"type": "record", "name": "Shipment", "fields": [
    {"name": "id", "type": "string"}, {"name": "grams", "type": "long"}]}
MIGRATIONS = {"migrationRules": [
    {"name": "kilosToGrams", "kind": "TRANSFORM", "mode": "UPGRADE", "type": "JSONATA",
     "expr": "$merge([$sift($, function($v, $k) {$k != 'weight'}), {'grams': $round(weight * 1000)}])"},
    {"name": "gramsToKilos", "kind": "TRANSFORM", "mode": "DOWNGRADE", "type": "JSONATA",
     "expr": "$merge([$sift($, function($v, $k) {$k != 'grams'}), {'weight': grams / 1000}])"},
]}


def major(version: str) -> dict[str, Any]:
    """The settings of a reader pinned to a major version."""
    return {"use.latest.with.metadata": {"major": version}}


def writing(version: str) -> dict[str, Any]:
    return {"auto.register.schemas": False, **major(version)}


@pytest.fixture
def shipments(client: SchemaRegistryClient, topic: str) -> str:
    """A subject with two major versions, v2 carrying the migrations between them.

    (NONE rather than compatibilityGroup "major": the registry does not scope its checks by group yet.)
    """
    subject = f"{topic}-value"
    client.set_config(subject, ServerConfig(compatibility_level="NONE"))
    register(client, subject, SHIPMENT_V1, {}, {"properties": {"major": "1"}})
    register(client, subject, SHIPMENT_V2, MIGRATIONS, {"properties": {"major": "2"}})
    return subject


def test_a_jsonata_upgrade_lets_a_v2_reader_read_a_v1_event_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str,
    shipments: str,
) -> None:
    ours, theirs = contexts(topic)
    event = {"id": "s-1", "weight": 1.25}
    upgraded = {"id": "s-1", "grams": 1250}
    their_v1 = TheirAvroSerializer(their_client, json.dumps(SHIPMENT_V1), conf={**THEIR_CONF, **writing("1")})
    our_v1 = AvroSerializer(client, json.dumps(SHIPMENT_V1), conf=writing("1"))
    their_bytes, our_bytes = their_v1(event, theirs), our_v1(event, ours)
    assert their_bytes == our_bytes

    assert AvroDeserializer(reader_client, conf=major("2"))(their_bytes, ours) == upgraded
    assert TheirAvroDeserializer(their_client, conf={**THEIR_CONF, **major("2")})(our_bytes, theirs) == upgraded
    # Without the metadata pin both read the event as written.
    assert AvroDeserializer(reader_client)(their_bytes, ours) == event


def test_a_jsonata_downgrade_lets_a_v1_reader_read_a_v2_event_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str,
    shipments: str,
) -> None:
    ours, theirs = contexts(topic)
    event = {"id": "s-2", "grams": 500}
    their_bytes = TheirAvroSerializer(their_client, json.dumps(SHIPMENT_V2), conf={**THEIR_CONF, **writing("2")})(
        event, theirs)
    our_bytes = AvroSerializer(client, json.dumps(SHIPMENT_V2), conf=writing("2"))(event, ours)
    assert their_bytes == our_bytes
    downgraded = {"id": "s-2", "weight": 0.5}
    assert AvroDeserializer(reader_client, conf=major("1"))(their_bytes, ours) == downgraded
    assert TheirAvroDeserializer(their_client, conf={**THEIR_CONF, **major("1")})(our_bytes, theirs) == downgraded


PARCEL = {
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "Parcel", "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "recipient": {"type": "object", "properties": {
            "name": {"type": "string", "confluent:tags": ["PII"]},
            "phone": {"type": "string"},
        }},
        "weight": {"type": "number"},
    },
}


def register_json(client: SchemaRegistryClient, subject: str, schema: dict[str, Any], rule_set: dict[str, Any],
                  metadata: dict[str, Any] | None = None) -> int:
    return client.register_schema(subject, Schema(json.dumps(schema), "JSON", metadata=metadata, rule_set=rule_set))


def parcel(n: int, weight: float = 1.5) -> dict[str, Any]:
    return {"id": n, "recipient": {"name": f"Ada {n}", "phone": f"555-{n:04d}"}, "weight": weight}


def test_json_schema_rules_agree_with_theirs(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str
) -> None:
    """JSON Schema: a condition refused on both sides, and a field mask (inline and metadata tags) byte-equal."""
    register_json(client, f"{topic}-value", PARCEL, {"domainRules": [
        {"name": "light", "kind": "CONDITION", "mode": "WRITEREAD", "type": "CEL", "expr": "message.weight < 30.0"},
        {"name": "maskPii", "kind": "TRANSFORM", "mode": "WRITE", "type": "CEL_FIELD", "tags": ["PII"],
         "expr": "typeName == 'STRING' ; 'xxx'"},
    ]}, {"tags": {"$.recipient.phone": ["PII"]}})
    ours, theirs = contexts(topic)
    our_writer = JSONSerializer(None, client, conf=LATEST)
    their_writer = TheirJSONSerializer(json.dumps(PARCEL), their_client, conf={**THEIR_CONF, **LATEST})
    with pytest.raises(RuleError, match="'light'"):
        our_writer(parcel(1, weight=31.0), ours)
    with pytest.raises(TheirSerializationError):
        their_writer(parcel(1, weight=31.0), theirs)
    our_bytes, their_bytes = our_writer(parcel(2), ours), their_writer(parcel(2), theirs)
    assert our_bytes == their_bytes
    masked = {"id": 2, "recipient": {"name": "xxx", "phone": "xxx"}, "weight": 1.5}
    assert JSONDeserializer(None, schema_registry_client=reader_client)(their_bytes, ours) == masked
    assert TheirJSONDeserializer(None, schema_registry_client=their_client, conf=THEIR_CONF)(
        our_bytes, theirs) == masked


def test_json_schema_upgrade_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str
) -> None:
    subject = f"{topic}-value"
    client.set_config(subject, ServerConfig(compatibility_level="NONE"))
    v1 = {"title": "Parcel", "type": "object", "properties": {"id": {"type": "integer"}, "weight": {"type": "number"}}}
    v2 = {"title": "Parcel", "type": "object", "properties": {"id": {"type": "integer"}, "grams": {"type": "integer"}},
          "required": ["grams"]}
    register_json(client, subject, v1, {}, {"properties": {"major": "1"}})
    register_json(client, subject, v2, MIGRATIONS, {"properties": {"major": "2"}})
    ours, theirs = contexts(topic)
    event, upgraded = {"id": 5, "weight": 0.25}, {"id": 5, "grams": 250}
    their_bytes = TheirJSONSerializer(json.dumps(v1), their_client, conf={**THEIR_CONF, **writing("1")})(event, theirs)
    our_bytes = JSONSerializer(json.dumps(v1), client, conf=writing("1"))(event, ours)
    assert our_bytes == their_bytes
    assert JSONDeserializer(None, schema_registry_client=reader_client, conf=major("2"))(their_bytes, ours) == upgraded
    assert TheirJSONDeserializer(None, schema_registry_client=their_client, conf={**THEIR_CONF, **major("2")})(
        our_bytes, theirs) == upgraded


def test_protobuf_condition_fails_on_both_sides(
    client: SchemaRegistryClient, their_client: TheirClient, sqlite_registry_url: str, topic: str,
    pb2: SimpleNamespace,
) -> None:
    """Protobuf: a condition on the whole message, same verdicts."""
    subject = f"{topic}-value"
    ours, theirs = contexts(topic)
    ProtobufSerializer(pb2.payments.Payment, client)(proto_payment(pb2), ours)
    registered = client.get_latest_version(subject).schema
    client.register_schema(subject, Schema(registered.schema_str, "PROTOBUF", registered.references, rule_set={
        "domainRules": [{"name": "carded", "kind": "CONDITION", "mode": "WRITEREAD", "type": "CEL",
                         "expr": "message.method == 1 && message.card.last4.size() == 4 && message.amount > 10.0"}]}))
    client.clear_latest_caches()
    our_writer = ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)
    their_writer = TheirProtobufSerializer(pb2.payments.Payment, their_client, {**THEIR_CONF, **LATEST})
    cheap = proto_payment(pb2)
    cheap.amount = 5.0
    with pytest.raises(RuleError, match="'carded'"):
        our_writer(cheap, ours)
    with pytest.raises(TheirSerializationError):
        their_writer(cheap, theirs)
    our_bytes, their_bytes = our_writer(proto_payment(pb2), ours), their_writer(proto_payment(pb2), theirs)
    assert our_bytes == their_bytes
    with TheirClient({"url": sqlite_registry_url}) as their_reader:
        read = TheirProtobufDeserializer(pb2.payments.Payment, THEIR_CONF, their_reader)(our_bytes, theirs)
    assert read == proto_payment(pb2)
    assert ProtobufDeserializer(pb2.payments.Payment, schema_registry_client=client)(their_bytes, ours) == read


CUSTOMER = """syntax = "proto3";
package bank;

import "confluent/meta.proto";
import "confluent/type/decimal.proto";
import "google/protobuf/timestamp.proto";
import "google/protobuf/wrappers.proto";

message Customer {
  message Address {
    string street = 1 [(confluent.field_meta).tags = "PII"];
    string city = 2;
  }
  int32 id = 1;
  string name = 2;
  string email = 3 [(confluent.field_meta).tags = "PII"];
  repeated string phones = 4;
  Address home = 5;
  repeated Address previous = 6;
  map<string, Address> by_label = 7;
  map<string, string> notes = 8 [(confluent.field_meta).tags = "PII"];
  oneof contact {
    string sms = 9 [(confluent.field_meta).tags = "PII"];
    string fax = 10 [(confluent.field_meta).tags = "PII"];
  }
  optional string nickname = 11 [(confluent.field_meta).tags = "PII"];
  uint32 visits = 12;
  google.protobuf.Timestamp since = 13;
  bytes secret = 14 [(confluent.field_meta).tags = "PII"];
  google.protobuf.StringValue alias = 15 [(confluent.field_meta).tags = "PII"];
  repeated google.protobuf.Timestamp seen = 16;
  confluent.type.Decimal balance = 17;
}
"""
#: `phones` is tagged through the metadata, the rest inline (`notes`, a map of strings, is never visited).
PHONES_PII = {"tags": {"bank.Customer.phones": ["PII"]}}


def message_class(text: str, name: str) -> type[Message]:
    """A dynamic class of message `name` of a .proto text (the registered schema's descriptor on both sides)."""
    return GetMessageClass(parse_schema("PROTOBUF", text, ()).message_descriptor(name))


@pytest.fixture(scope="module")
def customer_class() -> type[Message]:
    return message_class(CUSTOMER, "bank.Customer")


def customer(cls: type[Message], email: str = "ada@example.com") -> Any:
    """A customer using every kind of field: nested, repeated, map, oneof, optional (unset), uint, well-known."""
    made: Any = cls(id=1, name="Ada", email=email, phones=["123", "4567"], sms="555", visits=3, secret=b"s")
    made.home.street, made.home.city = "Main St 1", "Paris"
    made.previous.add(street="Old Road 2", city="Lyon")
    made.by_label["work"].street = "Office 3"
    made.notes["kept"] = "as is"
    made.since.FromSeconds(1000)
    made.alias.value = "al"
    made.seen.add(seconds=5)
    made.balance.value, made.balance.precision, made.balance.scale = b"\x04\xd2", 4, 2
    return made


def register_proto(client: SchemaRegistryClient, subject: str, text: str, rule_set: dict[str, Any],
                   metadata: dict[str, Any] | None = None) -> int:
    return client.register_schema(subject, Schema(text, "PROTOBUF", metadata=metadata, rule_set=rule_set))


def field_rule(kind: str, expr: str, tags: tuple[str, ...] = (), mode: str = "WRITE") -> dict[str, Any]:
    return {"name": "fieldRule", "kind": kind, "mode": mode, "type": "CEL_FIELD", "tags": list(tags), "expr": expr}


def test_protobuf_field_condition_fails_on_both_sides_for_the_same_record(
    client: SchemaRegistryClient, their_client: TheirClient, topic: str, customer_class: type[Message]
) -> None:
    register_proto(client, f"{topic}-value", CUSTOMER, {"domainRules": [
        field_rule("CONDITION", "name != 'email' || value.endsWith('.com')", ("PII",))]}, PHONES_PII)
    ours, theirs = contexts(topic)
    our_writer = ProtobufSerializer(customer_class, client, conf=LATEST)
    their_writer = TheirProtobufSerializer(customer_class, their_client, {**THEIR_CONF, **LATEST})
    stranger = customer(customer_class, email="eve@example.org")
    with pytest.raises(RuleError) as refused:
        our_writer(stranger, ours)
    assert (refused.value.rule, refused.value.field, refused.value.subject, refused.value.version) == (
        "fieldRule", "bank.Customer.email", f"{topic}-value", 1)
    assert "on field bank.Customer.email" in str(refused.value)
    with pytest.raises(TheirSerializationError):
        their_writer(stranger, theirs)
    assert our_writer(customer(customer_class), ours) == their_writer(customer(customer_class), theirs)


def test_protobuf_cel_field_transforms_mask_tagged_fields_identically_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str,
    customer_class: type[Message],
) -> None:
    """A WRITE mask of PII strings (inline and metadata tags, nested, repeated, map of messages, oneof) and a
    READ transform of the INTERNAL-tagged city: same bytes written, same message read, whoever does which."""
    register_proto(client, f"{topic}-value", CUSTOMER, {"domainRules": [
        field_rule("TRANSFORM", "typeName == 'STRING' ; 'xxx-' + string(size(value))", ("PII",)),
        field_rule("TRANSFORM", "'(' + value + ')'", ("INTERNAL",), mode="READ") | {"name": "hideCity"},
    ]}, {"tags": {**PHONES_PII["tags"], "bank.Customer.Address.city": ["INTERNAL"]}})
    ours, theirs = contexts(topic)
    record = customer(customer_class)
    original = record.SerializeToString()
    our_bytes = ProtobufSerializer(customer_class, client, conf=LATEST)(record, ours)
    their_bytes = TheirProtobufSerializer(customer_class, their_client, {**THEIR_CONF, **LATEST})(
        customer_class.FromString(original), theirs)
    assert our_bytes == their_bytes
    assert record.SerializeToString() == original  # ours masks a copy, not the caller's message

    masked: Any = customer_class.FromString(original)
    masked.email, masked.sms, masked.home.street = "xxx-15", "xxx-3", "xxx-9"
    masked.phones[:] = ["xxx-3", "xxx-4"]
    masked.previous[0].street, masked.by_label["work"].street = "xxx-10", "xxx-8"
    assert customer_class.FromString(our_bytes[6:]) == masked  # untagged, map of strings, bytes, wrapper: kept
    assert not masked.HasField("nickname")

    read = customer_class.FromString(masked.SerializeToString())
    read.home.city, read.previous[0].city, read.by_label["work"].city = "(Paris)", "(Lyon)", "()"
    assert ProtobufDeserializer(customer_class, schema_registry_client=reader_client)(their_bytes, ours) == read
    with TheirClient({"url": client.url}) as their_reader:
        assert TheirProtobufDeserializer(customer_class, THEIR_CONF, their_reader)(our_bytes, theirs) == read
    dynamic = ProtobufDeserializer(schema_registry_client=reader_client)(their_bytes, ours)
    assert dynamic is not None and dynamic.SerializeToString() == read.SerializeToString()


REFUSED_BY_BOTH = frozenset({
    "fullName + ':' + typeName", "name == 'balance' ; b'zz'", "name == 'visits' ; value < 2u"})


@pytest.mark.parametrize(("kind", "tags", "expr"), [
    ("TRANSFORM", (), "typeName == 'STRING' ; value + '!'"),  # every string, the wrapper's too
    ("TRANSFORM", (), "typeName == 'INT' ; value + 1"),  # int32 and uint32
    ("TRANSFORM", (), "typeName == 'LONG' ; value"),  # Timestamps are single values, kept as they were
    ("TRANSFORM", (), "name == 'since' ; timestamp('2024-01-01T00:00:00Z')"),
    ("TRANSFORM", (), "name == 'seen' ; value + duration('10s')"),
    ("TRANSFORM", ("PII",), "typeName == 'BYTES' ; b'zz'"),
    ("TRANSFORM", (), "typeName == 'BYTES' ; value"),  # a Decimal is one BYTES value, given back as it was
    ("TRANSFORM", (), "name == 'balance' ; b'zz'"),  # and cannot take bytes: refused on both sides
    ("TRANSFORM", (), "name == 'city' ; message.street"),
    ("TRANSFORM", (), "fullName + ':' + typeName"),  # a string into an int field: refused on both sides
    ("CONDITION", (), "name == 'visits' ; value < 2u"),  # uint32 is a CEL uint on both sides
    ("CONDITION", (), "name == 'visits' ; value < 5u"),
    ("CONDITION", ("PII",), "value != 'al'"),  # the wrapper's inner field carries no tag
])
def test_protobuf_field_rules_see_the_same_fields_as_theirs(
    client: SchemaRegistryClient, their_client: TheirClient, topic: str, customer_class: type[Message],
    kind: str, tags: tuple[str, ...], expr: str,
) -> None:
    register_proto(client, f"{topic}-value", CUSTOMER, {"domainRules": [field_rule(kind, expr, tags)]})
    ours, theirs = contexts(topic)

    def outcome(write: Any) -> Any:
        try:
            return write()
        except (RuleError, TheirSerializationError):
            return "refused"

    record = customer(customer_class)
    our_result = outcome(lambda: ProtobufSerializer(customer_class, client, conf=LATEST)(record, ours))
    their_result = outcome(lambda: TheirProtobufSerializer(customer_class, their_client, {**THEIR_CONF, **LATEST})(
        customer_class.FromString(record.SerializeToString()), theirs))
    assert our_result == their_result
    assert (our_result == "refused") == (expr in REFUSED_BY_BOTH)


SHIP_V1 = """syntax = "proto3";
package ship;

message Shipment {
  string order_id = 1;
  double weight_kg = 2;
  int64 count = 4;
}
"""
SHIP_V2 = """syntax = "proto3";
package ship;

message Shipment {
  string order_id = 1;
  int64 grams = 3;
  int64 count = 4;
}
"""
#: Migration rules read protobuf's JSON mapping: lowerCamelCase names, 64-bit integers as strings.
PROTO_MIGRATIONS = {"migrationRules": [
    {"name": "kilosToGrams", "kind": "TRANSFORM", "mode": "UPGRADE", "type": "JSONATA",
     "expr": "$merge([$sift($, function($v, $k) {$k != 'weightKg'}), {'grams': $round(weightKg * 1000)}])"},
    {"name": "gramsToKilos", "kind": "TRANSFORM", "mode": "DOWNGRADE", "type": "JSONATA",
     "expr": "$merge([$sift($, function($v, $k) {$k != 'grams'}), {'weightKg': $number(grams) / 1000}])"},
]}


@pytest.fixture
def proto_shipments(client: SchemaRegistryClient, topic: str) -> tuple[type[Message], type[Message]]:
    subject = f"{topic}-value"
    client.set_config(subject, ServerConfig(compatibility_level="NONE"))
    register_proto(client, subject, SHIP_V1, {}, {"properties": {"major": "1"}})
    register_proto(client, subject, SHIP_V2, PROTO_MIGRATIONS, {"properties": {"major": "2"}})
    return message_class(SHIP_V1, "ship.Shipment"), message_class(SHIP_V2, "ship.Shipment")


def test_protobuf_jsonata_upgrade_lets_a_v2_reader_read_a_v1_event_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str,
    proto_shipments: tuple[type[Message], type[Message]],
) -> None:
    v1, v2 = proto_shipments
    ours, theirs = contexts(topic)
    event: Any = v1(order_id="o-1", weight_kg=1.25, count=3)
    their_bytes = TheirProtobufSerializer(v1, their_client, {**THEIR_CONF, **writing("1")})(event, theirs)
    our_bytes = ProtobufSerializer(v1, client, conf=writing("1"))(event, ours)
    assert our_bytes == their_bytes

    upgraded = v2(order_id="o-1", grams=1250, count=3)
    assert ProtobufDeserializer(v2, major("2"), reader_client)(their_bytes, ours) == upgraded
    read = ProtobufDeserializer(None, major("2"), reader_client)(their_bytes, ours)  # the latest's dynamic class
    assert read is not None and read.SerializeToString() == upgraded.SerializeToString()
    their_read = TheirProtobufDeserializer(v2, {**THEIR_CONF, **major("2")}, their_client)(our_bytes, theirs)
    assert their_read.SerializeToString() == upgraded.SerializeToString()


def test_protobuf_jsonata_downgrade_lets_a_v1_reader_read_a_v2_event_both_ways(
    client: SchemaRegistryClient, reader_client: SchemaRegistryClient, their_client: TheirClient, topic: str,
    proto_shipments: tuple[type[Message], type[Message]],
) -> None:
    v1, v2 = proto_shipments
    ours, theirs = contexts(topic)
    event: Any = v2(order_id="o-2", grams=500, count=1)
    their_bytes = TheirProtobufSerializer(v2, their_client, {**THEIR_CONF, **writing("2")})(event, theirs)
    our_bytes = ProtobufSerializer(v2, client, conf=writing("2"))(event, ours)
    assert our_bytes == their_bytes
    downgraded = v1(order_id="o-2", weight_kg=0.5, count=1)
    assert ProtobufDeserializer(v1, major("1"), reader_client)(their_bytes, ours) == downgraded
    their_read = TheirProtobufDeserializer(v1, {**THEIR_CONF, **major("1")}, their_client)(our_bytes, theirs)
    assert their_read.SerializeToString() == downgraded.SerializeToString()
