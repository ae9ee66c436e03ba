"""Produce and consume Avro records through Kafka with Schemata's serializers and confluent-kafka's clients.

    python examples/kafka_avro.py --registry http://localhost:8081 --bootstrap localhost:9092

Without --bootstrap, librdkafka's built-in mock cluster (`test.mock.num.brokers`) stands in for Kafka.
Switching from confluent-kafka's serializers is the import below; everything else is confluent-kafka's API.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

from schemata.registry.client import (
    AvroDeserializer,
    AvroSerializer,
    MessageField,
    SchemaRegistryClient,
    SerializationContext,
)

ORDER_SCHEMA = """
{"type": "record", "name": "Order", "namespace": "shop", "fields": [
  {"name": "id", "type": "string"},
  {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
  {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PLACED", "SHIPPED"]}},
  {"name": "note", "type": ["null", "string"], "default": null}
]}
"""


def produce(producer: Producer, serializer: AvroSerializer, topic: str, orders: list[dict[str, Any]]) -> None:
    """Send each order keyed by its id; wait until all are delivered."""
    context = SerializationContext(topic, MessageField.VALUE)
    for order in orders:
        producer.produce(topic, key=order["id"].encode(), value=serializer(order, context))
    if producer.flush(30) != 0:
        raise RuntimeError("some messages were not delivered")


def consume(consumer: Consumer, deserializer: AvroDeserializer, topic: str, count: int) -> list[dict[str, Any]]:
    """Read `count` orders from the start of every partition (assigned directly: no group rebalance to wait for).

    Kafka keeps order within a partition only: orders with different keys may come back in another order.
    """
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, partition, OFFSET_BEGINNING) for partition in partitions])
    context = SerializationContext(topic, MessageField.VALUE)
    orders: list[dict[str, Any]] = []
    deadline = time.monotonic() + 30
    while len(orders) < count and time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is None:
            continue
        if message.error():
            raise RuntimeError(str(message.error()))
        orders.append(deserializer(message.value(), context))
    return orders


def run(registry_url: str, orders: list[dict[str, Any]], topic: str = "orders", bootstrap: str | None = None
        ) -> list[dict[str, Any]]:
    """Produce `orders` to `topic` and read them back; the orders as the consumer decoded them."""
    registry = SchemaRegistryClient({"url": registry_url})
    producer = Producer({"bootstrap.servers": bootstrap} if bootstrap else {"test.mock.num.brokers": 1})
    if bootstrap is None:  # the mock cluster lives in the producer: point the consumer at its broker
        brokers = producer.list_topics(timeout=10).brokers.values()
        bootstrap = ",".join(f"{broker.host}:{broker.port}" for broker in brokers)
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "schemata-example", "enable.auto.commit": False})
    try:
        produce(producer, AvroSerializer(registry, ORDER_SCHEMA), topic, orders)
        return consume(consumer, AvroDeserializer(registry), topic, len(orders))
    finally:
        consumer.close()
        registry.close()


def main() -> None:
    from decimal import Decimal

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", default="http://localhost:8081", help="schema registry URL")
    parser.add_argument("--bootstrap", help="Kafka bootstrap servers (default: a librdkafka mock cluster)")
    parser.add_argument("--topic", default="orders")
    args = parser.parse_args()
    orders = [{"id": f"order-{n}", "amount": Decimal(f"{n}.99"), "status": "PLACED", "note": None} for n in range(5)]
    for order in run(args.registry, orders, args.topic, args.bootstrap):
        print(order)


if __name__ == "__main__":
    main()
