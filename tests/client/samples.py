"""Schemas and records shared by the client tests: nested types, unions, enums, maps and logical types."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

AVRO_ORDER: dict[str, Any] = {
    "type": "record", "name": "Order", "namespace": "shop",
    "fields": [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
        {"name": "placed", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
        {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["PLACED", "SHIPPED", "DELIVERED"]}},
        {"name": "customer", "type": {"type": "record", "name": "Customer", "fields": [
            {"name": "name", "type": "string"},
            {"name": "email", "type": ["null", "string"], "default": None},
        ]}},
        {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line", "fields": [
            {"name": "sku", "type": "string"},
            {"name": "qty", "type": "int"},
            {"name": "price", "type": "double"},
        ]}}},
        {"name": "labels", "type": {"type": "map", "values": "string"}},
        {"name": "discount", "type": ["null", "float", "string"], "default": None},
        {"name": "billing", "type": ["null", "Customer"], "default": None},
        {"name": "stock", "type": {"type": "map", "values": {"type": "array", "items": "long"}}},
    ],
}
AVRO_ORDER_TEXT = json.dumps(AVRO_ORDER)


def avro_order(n: int = 1) -> dict[str, Any]:
    """An order that uses every part of AVRO_ORDER, in the Python types fastavro reads back."""
    return {
        "id": uuid.UUID(int=n),
        "placed": dt.datetime(2024, 5, 17, 12, 30, 45, 123000, tzinfo=dt.UTC),
        "day": dt.date(2024, 5, 17),
        "total": Decimal("1234.56"),
        "status": "SHIPPED",
        "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "lines": [{"sku": f"SKU-{i}", "qty": i, "price": 9.99 * i} for i in range(1, 4)],
        "labels": {"channel": "web", "priority": "high"},
        "discount": "SUMMER",
        "billing": {"name": "Charles Babbage", "email": None},
        "stock": {"north": [1, 2, 3], "south": []},
    }


JSON_ORDER: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "shop.Order",
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "placed": {"type": "string", "format": "date-time"},
        "total": {"type": "number", "minimum": 0},
        "status": {"enum": ["PLACED", "SHIPPED", "DELIVERED"]},
        "customer": {"$ref": "#/definitions/Customer"},
        "billing": {"oneOf": [{"type": "null"}, {"$ref": "#/definitions/Customer"}]},
        "lines": {"type": "array", "items": {
            "type": "object",
            "properties": {"sku": {"type": "string"}, "qty": {"type": "integer", "minimum": 1},
                           "price": {"type": "number"}},
            "required": ["sku", "qty", "price"],
        }},
        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "discount": {"type": ["null", "number", "string"]},
    },
    "required": ["id", "placed", "total", "status", "customer", "lines"],
    "definitions": {
        "Customer": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "email": {"type": ["null", "string"]}},
            "required": ["name"],
        },
    },
}
JSON_ORDER_TEXT = json.dumps(JSON_ORDER)


def json_order(n: int = 1) -> dict[str, Any]:
    return {
        "id": str(uuid.UUID(int=n)),
        "placed": "2024-05-17T12:30:45.123Z",
        "total": 1234.56,
        "status": "SHIPPED",
        "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
        "billing": None,
        "lines": [{"sku": f"SKU-{i}", "qty": i, "price": 9.99 * i} for i in range(1, 4)],
        "labels": {"channel": "web", "priority": "high"},
        "discount": 0.15,
    }


def proto_payment(pb2: Any, n: int = 1) -> Any:
    """A payments_pb2.Payment: nested messages, an enum, a map, a oneof, a repeated message, a Timestamp."""
    payment = pb2.payments.Payment(id=f"p-{n}", method=pb2.payments.Payment.CARD, iban="NL91ABNA0417164300",
                                   amount=12.5 * n)
    payment.card.holder, payment.card.last4 = "Ada Lovelace", "4242"
    payment.fees.update({"network": 30, "fx": 12 * n})
    payment.at.FromDatetime(dt.datetime(2024, 5, 17, 12, 30, 45))
    payment.history.add(holder="Ada", last4="0001")
    return payment


def proto_order(pb2: Any, n: int = 1) -> Any:
    """An orders_pb2.Order with nested messages, an enum, a map, a oneof, a Timestamp and an import."""
    order = pb2.orders.Order(id=str(uuid.UUID(int=n)), status=pb2.orders.Order.SHIPPED, email="ada@example.com")
    for i in range(1, 4):
        order.lines.add(sku=f"SKU-{i}", quantity=i, price=9.99 * i)
    order.labels.update({"channel": "web", "priority": "high"})
    order.created.FromDatetime(dt.datetime(2024, 5, 17, 12, 30, 45))
    order.total.CopyFrom(pb2.common.Money(currency="EUR", units=1234, nanos=560_000_000))
    return order
