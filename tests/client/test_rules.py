"""Rule execution in our serializers on the live registry: actions (ERROR, NONE, DLQ through a real producer on
librdkafka's mock cluster), disabled rules, params, refusals (ENCRYPT, Protobuf whole-message transforms, a missing
extra), the errors' words, and latest.compatibility.strict."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from confluent_kafka import Consumer, Producer

from schemata.registry.client import (
    AvroDeserializer,
    AvroSerializer,
    MessageField,
    ProtobufDeserializer,
    ProtobufSerializer,
    RuleError,
    Schema,
    SchemaRegistryClient,
    SerializationContext,
    SerializationError,
)
from tests.client.samples import proto_order, proto_payment

LATEST: dict[str, Any] = {"auto.register.schemas": False, "use.latest.version": True}
USER = {"type": "record", "name": "User", "namespace": "app", "fields": [
    {"name": "id", "type": "int"},
    {"name": "name", "type": "string"},
    {"name": "ssn", "type": "string", "confluent:tags": ["PII"]},
]}


def user(n: int, **overrides: Any) -> dict[str, Any]:
    return {"id": n, "name": f"user-{n}", "ssn": f"000-00-{n:04d}", **overrides}


def rule(name: str, expr: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": expr, **extra}


def register(client: SchemaRegistryClient, subject: str, *rules: dict[str, Any], schema: Any = USER,
             metadata: dict[str, Any] | None = None) -> int:
    return client.register_schema(
        subject, Schema(json.dumps(schema), "AVRO", metadata=metadata, rule_set={"domainRules": list(rules)}))


def ctx(topic: str, headers: Any = None) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE, headers)


def test_on_failure_none_writes_the_record_anyway(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("positive", "message.id > 0", onFailure="NONE"))
    data = AvroSerializer(client, conf=LATEST)(user(-1), ctx(topic))
    assert AvroDeserializer(client)(data, ctx(topic)) == user(-1)


def test_disabled_rules_and_other_modes_do_not_run(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("off", "false", disabled=True), rule("onRead", "false", mode="READ"))
    data = AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))
    with pytest.raises(RuleError, match="'onRead'"):
        AvroDeserializer(client)(data, ctx(topic))
    assert AvroDeserializer(client)(data) == user(1)  # without a context, as confluent-kafka: no rules


def test_a_field_condition_names_the_field_subject_and_version(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", {"name": "ssnShape", "kind": "CONDITION", "mode": "WRITE",
                                        "type": "CEL_FIELD", "tags": ["PII"], "expr": "value.matches('^[0-9-]+$')"})
    with pytest.raises(RuleError) as failed:
        AvroSerializer(client, conf=LATEST)(user(1, ssn="n/a"), ctx(topic))
    assert failed.value.field == "app.User.ssn"
    assert str(failed.value) == (
        f"Rule 'ssnShape' (CEL_FIELD CONDITION) of subject '{topic}-value' version 1 failed on field app.User.ssn"
        " during WRITE: the condition \"value.matches('^[0-9-]+$')\" is false")


def test_an_expression_that_cannot_run_is_a_failure_of_its_rule(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("typo", "message.nmae == 'x'"))
    with pytest.raises(RuleError, match=r"'typo'.*cannot evaluate: no such member in mapping: 'nmae'"):
        AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))


def test_an_expression_that_does_not_parse_is_refused_on_first_use(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("broken", "message.id >"))
    with pytest.raises(RuleError, match=r"'broken'.*invalid CEL expression 'message.id >'"):
        AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))


def test_transforms_run_in_order_and_read_rules_last_to_first(client: SchemaRegistryClient, topic: str) -> None:
    steps = [
        {"name": "first", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "JSONATA",
         "expr": "$merge([$, {'name': name & '1'}])"},
        {"name": "second", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "CEL",
         "expr": "{'id': message.id, 'name': message.name + '2', 'ssn': message.ssn}"},
    ]
    register(client, f"{topic}-value", *steps)
    data = AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))
    assert AvroDeserializer(client)(data)["name"] == "user-112"
    assert AvroDeserializer(client)(data, ctx(topic))["name"] == "user-11221"


def test_encryption_rules_are_refused(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", {"name": "encryptPii", "kind": "TRANSFORM", "mode": "WRITEREAD",
                                        "type": "ENCRYPT", "tags": ["PII"], "params": {"encrypt.kek.name": "k"}})
    with pytest.raises(RuleError, match=r"'encryptPii'.*ENCRYPT rules .* are not supported"):
        AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))


def test_encoding_rules_are_refused(client: SchemaRegistryClient, topic: str) -> None:
    client.register_schema(f"{topic}-value", Schema(json.dumps(USER), "AVRO", rule_set={"encodingRules": [
        {"name": "sealPayload", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "ENCRYPT_PAYLOAD"}]}))
    with pytest.raises(RuleError, match=r"'sealPayload'.*encodingRules .* are not supported"):
        AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))


def test_an_unknown_rule_type_fails_unless_its_failure_is_ignored(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("custom", "x", type="MY_EXECUTOR"))
    with pytest.raises(RuleError, match="no executor for rule type MY_EXECUTOR"):
        AvroSerializer(client, conf=LATEST)(user(1), ctx(topic))
    other = f"{topic}-ignored"
    register(client, f"{other}-value", rule("custom", "x", type="MY_EXECUTOR", onFailure="NONE"))
    assert AvroSerializer(client, conf=LATEST)(user(1), ctx(other))


def test_protobuf_runs_conditions_and_refuses_transforms(client: SchemaRegistryClient, topic: str,
                                                         pb2: SimpleNamespace) -> None:
    subject = f"{topic}-value"
    ProtobufSerializer(pb2.payments.Payment, client)(proto_payment(pb2), ctx(topic))
    registered = client.get_latest_version(subject).schema

    def with_rules(*rules: dict[str, Any]) -> None:
        client.register_schema(subject, Schema(registered.schema_str, "PROTOBUF", registered.references,
                                               rule_set={"domainRules": list(rules)}))
        client.clear_latest_caches()

    expr = "message.card.last4.size() == 4 && message.fees['fx'] > 0 && message.method == 1 && message.at != null"
    with_rules(rule("paid", expr, mode="WRITEREAD"))
    serialize = ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)
    data = serialize(proto_payment(pb2), ctx(topic))
    assert ProtobufDeserializer(pb2.payments.Payment, schema_registry_client=client)(data, ctx(topic)) == (
        proto_payment(pb2))
    unpaid = proto_payment(pb2)
    unpaid.ClearField("at")
    with pytest.raises(RuleError, match="'paid'"):
        serialize(unpaid, ctx(topic))
    with_rules({"name": "rename", "kind": "TRANSFORM", "mode": "WRITE", "type": "JSONATA", "expr": "$"})
    with pytest.raises(RuleError, match=r"'rename'.*JSONATA transforms of the whole message on PROTOBUF"):
        ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)(proto_payment(pb2), ctx(topic))


def with_proto_rules(client: SchemaRegistryClient, subject: str, rule_set: dict[str, Any],
                     metadata: dict[str, Any] | None = None) -> None:
    """A new version of `subject`'s latest Protobuf schema carrying `rule_set`."""
    registered = client.get_latest_version(subject).schema
    client.register_schema(subject, Schema(registered.schema_str, "PROTOBUF", registered.references,
                                           metadata=metadata, rule_set=rule_set))
    client.clear_latest_caches()


def test_protobuf_field_rules_on_a_generated_class(client: SchemaRegistryClient, topic: str,
                                                    pb2: SimpleNamespace) -> None:
    """Metadata tags on a nested message's field select it wherever the message is used (a field, a repeated
    field); a field condition is checked on each element of a repeated field (Confluent's clients compare the
    whole list with false, so that an element's failure passes there)."""
    subject = f"{topic}-value"
    ProtobufSerializer(pb2.payments.Payment, client)(proto_payment(pb2), ctx(topic))
    mask = {"name": "maskHolder", "kind": "TRANSFORM", "mode": "WRITE", "type": "CEL_FIELD", "tags": ["PII"],
            "expr": "'***'"}
    with_proto_rules(client, subject, {"domainRules": [mask]}, {"tags": {"schemata.pay.Payment.Card.holder": ["PII"]}})
    payment = proto_payment(pb2)
    data = ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)(payment, ctx(topic))
    read = ProtobufDeserializer(pb2.payments.Payment, schema_registry_client=client)(data, ctx(topic))
    assert (read.card.holder, read.history[0].holder, read.card.last4) == ("***", "***", "4242")
    assert payment == proto_payment(pb2)

    shape = {"name": "last4Digits", "kind": "CONDITION", "mode": "WRITE", "type": "CEL_FIELD",
             "expr": "name != 'last4' || value.matches('^[0-9]{4}$')"}
    with_proto_rules(client, subject, {"domainRules": [shape]})
    bad = proto_payment(pb2)
    bad.history.add(holder="Eve", last4="12ab")
    with pytest.raises(RuleError) as failed:
        ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)(bad, ctx(topic))
    assert (failed.value.field, failed.value.version) == ("schemata.pay.Payment.Card.last4", 3)


def test_protobuf_field_rule_errors_name_the_rule_field_subject_and_version(
    client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace
) -> None:
    subject = f"{topic}-value"
    ProtobufSerializer(pb2.payments.Payment, client)(proto_payment(pb2), ctx(topic))

    def refusal(expr: str) -> RuleError:
        with_proto_rules(client, subject, {"domainRules": [
            {"name": "bad", "kind": "TRANSFORM", "mode": "WRITE", "type": "CEL_FIELD", "expr": expr}]})
        with pytest.raises(RuleError) as failed:
            ProtobufSerializer(pb2.payments.Payment, client, conf=LATEST)(proto_payment(pb2), ctx(topic))
        return failed.value

    wrong_type = refusal("name == 'amount' ; 'lots'")
    assert str(wrong_type).startswith(
        f"Rule 'bad' (CEL_FIELD TRANSFORM) of subject '{subject}' version 2 failed on field"
        " schemata.pay.Payment.amount during WRITE: the rule's result cannot be written to the DOUBLE field:")
    cannot_run = refusal("typeName == 'STRING' ; value + 1")
    assert cannot_run.field == "schemata.pay.Payment.id" and cannot_run.version == 3
    assert "cannot evaluate:" in cannot_run.reason


def test_protobuf_migrations_refuse_what_they_cannot_run(
    client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace
) -> None:
    """A migration whose result the reader's class cannot take names its rule; a CEL_FIELD migration (it would
    see protobuf's JSON, not the message) and a whole-message JSONATA transform are refused."""
    subject = f"{topic}-value"
    first = ProtobufSerializer(pb2.payments.Payment, client)(proto_payment(pb2), ctx(topic))
    upgrade = {"name": "addJunk", "kind": "TRANSFORM", "mode": "UPGRADE", "type": "JSONATA",
               "expr": "$merge([$, {'junk': 1}])"}
    with_proto_rules(client, subject, {"migrationRules": [upgrade]})
    latest = {"use.latest.version": True}
    with pytest.raises(RuleError) as failed:
        ProtobufDeserializer(pb2.payments.Payment, latest, client)(first, ctx(topic))
    assert (failed.value.rule, failed.value.version, failed.value.mode) == ("addJunk", 2, "UPGRADE")
    assert "does not fit schemata.pay.Payment of the reader's schema" in failed.value.reason
    assert "junk" in failed.value.reason

    with_proto_rules(client, subject, {"migrationRules": [
        {"name": "fieldMigration", "kind": "TRANSFORM", "mode": "UPGRADE", "type": "CEL_FIELD", "expr": "value"}]})
    with pytest.raises(RuleError, match=r"'fieldMigration'.*CEL_FIELD\) on PROTOBUF migration rules are not run"):
        ProtobufDeserializer(pb2.payments.Payment, latest, client)(first, ctx(topic))


def test_latest_compatibility_strict(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("any", "true"))
    older = {**USER, "fields": USER["fields"][:2]}  # the latest version cannot read records without ssn
    with pytest.raises(SerializationError, match=r"cannot read records of the serializer's schema.*ssn"):
        AvroSerializer(client, json.dumps(older), conf=LATEST)({"id": 1, "name": "a"}, ctx(topic))
    loose = AvroSerializer(client, json.dumps(older), conf={**LATEST, "latest.compatibility.strict": False})
    assert loose(user(1), ctx(topic))  # writes with the latest version, as told
    assert AvroSerializer(client, json.dumps(USER), conf=LATEST)(user(1), ctx(topic))


def test_latest_compatibility_strict_checks_protobuf_with_imports(
    client: SchemaRegistryClient, topic: str, pb2: SimpleNamespace
) -> None:
    order = proto_order(pb2)
    written = ProtobufSerializer(pb2.orders.Order, client)(order, ctx(topic))
    assert ProtobufSerializer(pb2.orders.Order, client, conf=LATEST)(order, ctx(topic)) == written


def test_without_the_rules_extra_a_schema_with_rules_says_what_to_install(sqlite_registry_url: str, topic: str,
                                                                          client: SchemaRegistryClient) -> None:
    register(client, f"{topic}-value", rule("positive", "message.id > 0"))
    script = textwrap.dedent(f"""
        import sys

        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("celpy", "jsonata"):
                    raise ImportError(f"No module named {{name!r}}")
                return None

        sys.meta_path.insert(0, Refuse())
        from schemata.registry.client import AvroSerializer, MessageField, RuleError, SchemaRegistryClient
        from schemata.registry.client import SerializationContext
        client = SchemaRegistryClient({{"url": {sqlite_registry_url!r}}})
        serialize = AvroSerializer(client, conf={{"auto.register.schemas": False, "use.latest.version": True}})
        try:
            serialize({{"id": 1, "name": "a", "ssn": "1"}}, SerializationContext({topic!r}, MessageField.VALUE))
        except RuleError as error:
            print(error)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "CEL rules need the optional libraries of schemata[rules] (pip install 'schemata[rules]')" in result.stdout


@pytest.fixture
def cluster() -> Iterator[tuple[Producer, Callable[[str], Any]]]:
    """A producer on librdkafka's mock cluster, and a function reading the one message of a topic."""
    producer = Producer({"test.mock.num.brokers": 1})
    brokers = producer.list_topics(timeout=10).brokers.values()
    bootstrap = ",".join(f"{broker.host}:{broker.port}" for broker in brokers)
    consumers: list[Consumer] = []

    def read_one(dlq_topic: str) -> Any:
        producer.flush(10)
        consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "dlq-test", "auto.offset.reset": "earliest"})
        consumers.append(consumer)
        consumer.subscribe([dlq_topic])
        for _ in range(100):
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                return message
        raise AssertionError(f"nothing arrived on {dlq_topic}")

    yield producer, read_one
    for consumer in consumers:
        consumer.close()


def test_dlq_sends_the_failed_record_and_the_rule_to_a_topic(
    client: SchemaRegistryClient, topic: str, cluster: tuple[Producer, Callable[[str], Any]]
) -> None:
    producer, read_one = cluster
    register(client, f"{topic}-value", rule("positive", "message.id > 0", onFailure="DLQ",
                                             params={"dlq.topic": f"{topic}-dlq"}))
    serialize = AvroSerializer(client, conf=LATEST, rule_conf={"producer": producer})
    with pytest.raises(RuleError, match="'positive'"):
        serialize(user(-5), ctx(topic, [("trace", b"t-1")]))
    message = read_one(f"{topic}-dlq")
    assert json.loads(message.value()) == user(-5)
    headers = dict(message.headers())
    assert headers["trace"] == b"t-1"
    assert headers["__rule.name"] == b"positive"
    assert headers["__rule.mode"] == b"WRITE"
    assert headers["__rule.subject"] == f"{topic}-value".encode()
    assert headers["__rule.topic"] == topic.encode()
    assert b"'message.id > 0' is false" in headers["__rule.exception"]
    # Replayed from the DLQ (its __rule.name header), the record skips that rule.
    assert serialize(user(-5), ctx(topic, message.headers()))


def test_dlq_on_read_sends_the_message_bytes_as_they_came(
    client: SchemaRegistryClient, topic: str, cluster: tuple[Producer, Callable[[str], Any]]
) -> None:
    producer, read_one = cluster
    register(client, f"{topic}-value", rule("named", "message.name != ''", mode="WRITEREAD", onFailure="NONE,DLQ"))
    data = AvroSerializer(client, conf=LATEST)(user(1, name=""), ctx(topic))  # NONE on write
    reader = AvroDeserializer(client, rule_conf={"producer": producer, "dlq.topic": f"{topic}-dlq"})
    with pytest.raises(RuleError, match=r"'named'.*during READ"):
        reader(data, ctx(topic))
    assert read_one(f"{topic}-dlq").value() == data


def test_dlq_without_a_producer_says_so(client: SchemaRegistryClient, topic: str) -> None:
    register(client, f"{topic}-value", rule("positive", "message.id > 0", onFailure="DLQ"))
    with pytest.raises(RuleError, match="its DLQ action has no producer"):
        AvroSerializer(client, conf=LATEST)(user(-1), ctx(topic))
