"""The framing and the subject name strategies, without a registry."""

from __future__ import annotations

import pytest
from confluent_kafka.serialization import MessageField as TheirField
from confluent_kafka.serialization import SerializationContext as TheirContext

from schemata.registry.client import (
    MessageField,
    SerializationContext,
    UnknownMagicByteError,
    record_subject_name_strategy,
    topic_record_subject_name_strategy,
    topic_subject_name_strategy,
)
from schemata.registry.client._wire import read_schema_id, schema_header


@pytest.mark.parametrize("schema_id", [0, 1, 255, 256, 65_537, 2**31 - 1, -1])
def test_header_round_trip(schema_id: int) -> None:
    header = schema_header(schema_id)
    assert header == b"\x00" + schema_id.to_bytes(4, "big", signed=True)
    assert read_schema_id(header + b"payload") == schema_id


@pytest.mark.parametrize(("data", "message"), [
    (b"", "0 bytes is too short"),
    (b"\x00\x00\x01", "3 bytes is too short"),
    (b"\x01" + bytes(16), "GUID"),
    (b"\x7b\x22a\x22:1}", "0x7b"),
])
def test_unframed_data_is_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(UnknownMagicByteError, match=message):
        read_schema_id(data)


def test_strategies() -> None:
    ctx = SerializationContext("orders", MessageField.VALUE)
    assert topic_subject_name_strategy(ctx, "shop.Order") == "orders-value"
    assert topic_subject_name_strategy(SerializationContext("orders", MessageField.KEY), None) == "orders-key"
    assert record_subject_name_strategy(None, "shop.Order") == "shop.Order"
    assert topic_record_subject_name_strategy(ctx, "shop.Order") == "orders-shop.Order"
    assert topic_record_subject_name_strategy(ctx, None) is None
    with pytest.raises(ValueError, match="SerializationContext"):
        topic_subject_name_strategy(None, "shop.Order")


def test_confluent_kafka_contexts_work_too() -> None:
    assert topic_subject_name_strategy(TheirContext("orders", TheirField.KEY), None) == "orders-key"  # type: ignore[arg-type]
    assert str(MessageField.VALUE) == "value" == MessageField.VALUE
