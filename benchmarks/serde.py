"""Serializer throughput: Schemata's client against confluent-kafka's, same records, same machine, same registry.

    .venv/bin/python -m benchmarks.serde                 # starts a registry on a temporary SQLite file
    .venv/bin/python -m benchmarks.serde --registry URL  # or uses a running one

Prints messages per second for serialize and deserialize per format, ours and theirs, and the ratio.
Each measurement is the best of --rounds timed runs, ours and theirs alternating, after a warm-up.
Both sides first write the same records and the bytes are compared: the figures are of byte-identical work.

Then the cost of one data-contract rule per message, through use.latest.version on a subject whose version
has the rule, against the same on one without, for ours and for confluent-kafka's own executors: a CEL
condition (WRITEREAD) on Avro records, and a CEL_FIELD transform (WRITEREAD, masking the one field its tag
selects) on Protobuf messages; microseconds per message added by the rule.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import json
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from confluent_kafka.schema_registry import SchemaRegistryClient as TheirClient
from confluent_kafka.schema_registry import avro as their_avro
from confluent_kafka.schema_registry import json_schema as their_json
from confluent_kafka.schema_registry import protobuf as their_protobuf
from confluent_kafka.schema_registry import topic_subject_name_strategy as their_topic_strategy
from confluent_kafka.schema_registry.rules.cel.cel_executor import CelExecutor
from confluent_kafka.schema_registry.rules.cel.cel_field_executor import CelFieldExecutor
from confluent_kafka.serialization import MessageField as TheirField
from confluent_kafka.serialization import SerializationContext as TheirContext
from grpc_tools import protoc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.harness import running_registry
from schemata.registry import client as ours

AVRO_SCHEMA = json.dumps({
    "type": "record", "name": "Order", "namespace": "bench",
    "fields": [
        {"name": "id", "type": "string"},
        {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PLACED", "SHIPPED"]}},
        {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
            {"name": "name", "type": "string"}, {"name": "email", "type": ["null", "string"], "default": None}]}},
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}, {"name": "price", "type": "double"}]}}},
        {"name": "labels", "type": {"type": "map", "values": "string"}},
    ],
})

JSON_SCHEMA = json.dumps({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "bench.Order", "type": "object",
    "properties": {
        "id": {"type": "string"},
        "placed": {"type": "string"},
        "total": {"type": "number", "minimum": 0},
        "status": {"enum": ["PLACED", "SHIPPED"]},
        "customer": {"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string"}, "email": {"type": ["null", "string"]}}},
        "lines": {"type": "array", "items": {"type": "object", "required": ["sku", "qty", "price"], "properties": {
            "sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1}, "price": {"type": "number"}}}},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "required": ["id", "placed", "total", "status", "customer", "lines"],
})

PROTO = """
syntax = "proto3";
package bench;
import "google/protobuf/timestamp.proto";
message Order {
  enum Status { PLACED = 0; SHIPPED = 1; }
  message Customer { string name = 1; string email = 2; }
  message Line { string sku = 1; int32 qty = 2; double price = 3; }
  string id = 1;
  google.protobuf.Timestamp placed = 2;
  double total = 3;
  Status status = 4;
  Customer customer = 5;
  repeated Line lines = 6;
  map<string, string> labels = 7;
}
"""


def avro_record(n: int) -> dict[str, Any]:
    return {
        "id": f"order-{n}", "placed": dt.datetime(2024, 5, 17, 12, 30, tzinfo=dt.UTC), "total": Decimal("1234.56"),
        "status": "SHIPPED", "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "lines": [{"sku": f"SKU-{i}", "qty": i, "price": 9.99 * i} for i in range(1, 4)],
        "labels": {"channel": "web", "priority": "high"},
    }


def json_record(n: int) -> dict[str, Any]:
    return {**avro_record(n), "placed": "2024-05-17T12:30:00Z", "total": 1234.56}


def proto_record(module: Any, n: int) -> Any:
    order = module.Order(id=f"order-{n}", total=1234.56, status=module.Order.SHIPPED)
    order.placed.FromDatetime(dt.datetime(2024, 5, 17, 12, 30))
    order.customer.name, order.customer.email = "Ada Lovelace", "ada@example.com"
    for i in range(1, 4):
        order.lines.add(sku=f"SKU-{i}", qty=i, price=9.99 * i)
    order.labels.update({"channel": "web", "priority": "high"})
    return order


def generated_proto_module(workdir: Path) -> Any:
    (workdir / "bench_order.proto").write_text(PROTO)
    include = Path(protoc.__file__).parent / "_proto"
    if protoc.main(["protoc", f"-I{workdir}", f"-I{include}", f"--python_out={workdir}", "bench_order.proto"]):
        raise RuntimeError("protoc failed")
    sys.path.insert(0, str(workdir))
    return importlib.import_module("bench_order_pb2")


@dataclass
class Case:
    """One format and direction: a call per implementation, each taking a record (or message bytes)."""

    name: str
    ours: Callable[[Any], Any]
    theirs: Callable[[Any], Any]
    inputs: list[Any]


def throughput(fn: Callable[[Any], Any], inputs: list[Any], seconds: float) -> float:
    """Messages per second of `fn` over `inputs`, repeated for about `seconds`."""
    count, start = 0, time.perf_counter()
    while True:
        for item in inputs:
            fn(item)
        count += len(inputs)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


#: confluent-kafka 2.16 defaults to the ASSOCIATED strategy (a Confluent Cloud API); name the topic one.
THEIR_CONF: dict[str, Any] = {"subject.name.strategy": their_topic_strategy}


def contexts(topic: str) -> tuple[ours.SerializationContext, TheirContext]:
    return ours.SerializationContext(topic, ours.MessageField.VALUE), TheirContext(topic, TheirField.VALUE)


def avro_cases(client: ours.SchemaRegistryClient, their_client: TheirClient, topic: str) -> list[Case]:
    ctx, their_ctx = contexts(topic)
    records = [avro_record(n) for n in range(100)]
    ser = ours.AvroSerializer(client, AVRO_SCHEMA)
    their_ser = their_avro.AvroSerializer(their_client, AVRO_SCHEMA, conf=THEIR_CONF)
    data = [ser(record, ctx) for record in records]
    assert data == [their_ser(record, their_ctx) for record in records], "Avro bytes differ"
    de, their_de = ours.AvroDeserializer(client), their_avro.AvroDeserializer(their_client)
    return [Case("Avro serialize", lambda r: ser(r, ctx), lambda r: their_ser(r, their_ctx), records),
            Case("Avro deserialize", lambda b: de(b, ctx), lambda b: their_de(b, their_ctx), data)]


def json_cases(client: ours.SchemaRegistryClient, their_client: TheirClient, topic: str) -> list[Case]:
    ctx, their_ctx = contexts(topic)
    records = [json_record(n) for n in range(100)]
    ser = ours.JSONSerializer(JSON_SCHEMA, client)
    their_ser = their_json.JSONSerializer(JSON_SCHEMA, their_client, conf=THEIR_CONF)
    data = [ser(record, ctx) for record in records]
    assert data == [their_ser(record, their_ctx) for record in records], "JSON bytes differ"
    de = ours.JSONDeserializer(None, schema_registry_client=client)
    their_de = their_json.JSONDeserializer(None, schema_registry_client=their_client)
    return [Case("JSON serialize", lambda r: ser(r, ctx), lambda r: their_ser(r, their_ctx), records),
            Case("JSON deserialize", lambda b: de(b, ctx), lambda b: their_de(b, their_ctx), data)]


def protobuf_cases(
    client: ours.SchemaRegistryClient, their_client: TheirClient, their_reader: TheirClient, topic: str, module: Any
) -> list[Case]:
    """`their_reader`: a client of theirs that did not register the schema (their cache keeps the text they
    registered, and their deserializer, given it back instead of `format=serialized`, cannot parse it)."""
    ctx, their_ctx = contexts(topic)
    records = [proto_record(module, n) for n in range(100)]
    ser = ours.ProtobufSerializer(module.Order, client)
    their_ser = their_protobuf.ProtobufSerializer(module.Order, their_client, THEIR_CONF)
    data = [ser(record, ctx) for record in records]
    assert data == [their_ser(record, their_ctx) for record in records], "Protobuf bytes differ"
    de = ours.ProtobufDeserializer(module.Order, schema_registry_client=client)
    their_de = their_protobuf.ProtobufDeserializer(module.Order, schema_registry_client=their_reader)
    return [Case("Protobuf serialize", lambda r: ser(r, ctx), lambda r: their_ser(r, their_ctx), records),
            Case("Protobuf deserialize", lambda b: de(b, ctx), lambda b: their_de(b, their_ctx), data)]


#: The rule whose cost is measured, and the serializer settings that make both sides run it.
CONDITION = {"name": "named", "kind": "CONDITION", "mode": "WRITEREAD", "type": "CEL",
             "expr": "message.customer.name != '' && size(message.lines) > 0"}
LATEST: dict[str, Any] = {"auto.register.schemas": False, "use.latest.version": True}


def rule_cases(client: ours.SchemaRegistryClient, their_client: TheirClient, topic: str, rules: bool) -> list[Case]:
    """Avro through use.latest.version, the subject's version carrying CONDITION or nothing."""
    rule_set = {"domainRules": [CONDITION]} if rules else {}
    client.register_schema(f"{topic}-value", ours.Schema(AVRO_SCHEMA, "AVRO", rule_set=rule_set))
    ctx, their_ctx = contexts(topic)
    records = [avro_record(n) for n in range(100)]
    ser = ours.AvroSerializer(client, AVRO_SCHEMA, conf=LATEST)
    their_ser = their_avro.AvroSerializer(their_client, AVRO_SCHEMA, conf={**THEIR_CONF, **LATEST})
    data = [ser(record, ctx) for record in records]
    assert data == [their_ser(record, their_ctx) for record in records], "Avro bytes differ"
    de, their_de = ours.AvroDeserializer(client), their_avro.AvroDeserializer(their_client, conf=THEIR_CONF)
    label = "1 rule" if rules else "no rule"
    return [Case(f"serialize, {label}", lambda r: ser(r, ctx), lambda r: their_ser(r, their_ctx), records),
            Case(f"deserialize, {label}", lambda b: de(b, ctx), lambda b: their_de(b, their_ctx), data)]


#: The Protobuf field rule whose cost is measured: it masks the customer's email (tagged in the metadata).
FIELD_TRANSFORM = {"name": "maskEmail", "kind": "TRANSFORM", "mode": "WRITEREAD", "type": "CEL_FIELD",
                   "tags": ["PII"], "expr": "typeName == 'STRING' ; 'xxx'"}
EMAIL_PII = {"tags": {"bench.Order.Customer.email": ["PII"]}}


def proto_rule_cases(client: ours.SchemaRegistryClient, their_client: TheirClient, their_reader: TheirClient,
                     topic: str, module: Any, rules: bool) -> list[Case]:
    """Protobuf through use.latest.version, the subject's latest version carrying FIELD_TRANSFORM or nothing."""
    ctx, their_ctx = contexts(topic)
    records = [proto_record(module, n) for n in range(100)]
    ours.ProtobufSerializer(module.Order, client)(records[0], ctx)
    if rules:
        registered = client.get_latest_version(f"{topic}-value").schema
        client.register_schema(f"{topic}-value", ours.Schema(
            registered.schema_str, "PROTOBUF", registered.references, metadata=EMAIL_PII,
            rule_set={"domainRules": [FIELD_TRANSFORM]}))
        client.clear_latest_caches()
    ser = ours.ProtobufSerializer(module.Order, client, conf=LATEST)
    their_ser = their_protobuf.ProtobufSerializer(module.Order, their_client, {**THEIR_CONF, **LATEST})
    data = [ser(record, ctx) for record in records]
    assert data == [their_ser(record, their_ctx) for record in records], "Protobuf bytes differ"
    assert (module.Order.FromString(data[0][6:]).customer.email == "xxx") == rules
    de = ours.ProtobufDeserializer(module.Order, schema_registry_client=client)
    their_de = their_protobuf.ProtobufDeserializer(module.Order, THEIR_CONF, their_reader)
    label = "1 rule" if rules else "no rule"
    return [Case(f"serialize, {label}", lambda r: ser(r, ctx), lambda r: their_ser(r, their_ctx), records),
            Case(f"deserialize, {label}", lambda b: de(b, ctx), lambda b: their_de(b, their_ctx), data)]


def rule_costs(bare: list[Case], ruled: list[Case], rounds: int, seconds: float) -> None:
    """Prints each case's rates with and without the rule, then the microseconds per message the rule adds."""
    print(f"{'':22}{'ours msg/s':>12}{'theirs msg/s':>14}{'ratio':>8}")
    costs = []
    for without, with_rule in zip(bare, ruled, strict=True):
        rates = [measure(case, rounds, seconds) for case in (without, with_rule)]
        for case, (mine, theirs) in zip((without, with_rule), rates, strict=True):
            print(f"{case.name:22}{mine:12,.0f}{theirs:14,.0f}{mine / theirs:7.2f}x", flush=True)
        (mine_bare, theirs_bare), (mine_ruled, theirs_ruled) = rates
        costs.append((with_rule.name.split(",")[0], 1e6 / mine_ruled - 1e6 / mine_bare,
                      1e6 / theirs_ruled - 1e6 / theirs_bare))
    for name, mine_cost, their_cost in costs:
        print(f"rule cost, {name:11} ours {mine_cost:6.1f} us/msg, theirs {their_cost:6.1f} us/msg,"
              f" {their_cost / mine_cost:.1f}x less")


def measure(case: Case, rounds: int, seconds: float) -> tuple[float, float]:
    """(ours, theirs) messages per second: the best of `rounds`, alternating, after a warm-up."""
    throughput(case.ours, case.inputs, 0.2)
    throughput(case.theirs, case.inputs, 0.2)
    mine, theirs = 0.0, 0.0
    for _ in range(rounds):
        mine = max(mine, throughput(case.ours, case.inputs, seconds))
        theirs = max(theirs, throughput(case.theirs, case.inputs, seconds))
    return mine, theirs


def main() -> None:
    parser = argparse.ArgumentParser(description="Schemata's serializers against confluent-kafka's.")
    parser.add_argument("--registry", help="a running registry's URL (default: start one on a temporary SQLite file)")
    parser.add_argument("--seconds", type=float, default=1.0, help="length of one timed run")
    parser.add_argument("--rounds", type=int, default=3, help="timed runs per implementation; the best counts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="schemata-bench-") as tmp:
        workdir = Path(tmp)
        proto_module = generated_proto_module(workdir)
        with contextlib.ExitStack() as stack:
            registry = args.registry or stack.enter_context(running_registry())
            print(f"registry {registry}; Python {sys.version.split()[0]}; best of {args.rounds} x {args.seconds}s")
            print(f"{'':22}{'ours msg/s':>12}{'theirs msg/s':>14}{'ratio':>8}")
            client, their_client = ours.SchemaRegistryClient({"url": registry}), TheirClient({"url": registry})
            run = uuid.uuid4().hex[:8]
            all_cases = [
                *avro_cases(client, their_client, f"bench-avro-{run}"),
                *json_cases(client, their_client, f"bench-json-{run}"),
                *protobuf_cases(
                    client, their_client, TheirClient({"url": registry}), f"bench-protobuf-{run}", proto_module
                ),
            ]
            for case in all_cases:
                mine, theirs = measure(case, args.rounds, args.seconds)
                print(f"{case.name:22}{mine:12,.0f}{theirs:14,.0f}{mine / theirs:7.2f}x", flush=True)

            CelExecutor.register()
            CelFieldExecutor.register()
            print("\nAvro, one CEL condition per message")
            rule_costs(rule_cases(client, their_client, f"bench-bare-{run}", rules=False),
                       rule_cases(client, their_client, f"bench-rule-{run}", rules=True), args.rounds, args.seconds)
            print("\nProtobuf, one CEL_FIELD transform per message")
            rule_costs(*(proto_rule_cases(client, their_client, TheirClient({"url": registry}),
                                          f"bench-proto-{label}-{run}", proto_module, rules=label == "rule")
                         for label in ("bare", "rule")), args.rounds, args.seconds)


if __name__ == "__main__":
    main()
