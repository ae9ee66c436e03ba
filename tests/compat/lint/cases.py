"""One passing and one failing schema per lint rule and format, with the path (and the text of the line) the
failing one is reported at."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    rule: str
    schema_type: str
    good: str
    bad: str
    path: str
    #: The failing schema's line that the finding is located at holds this text (None: line 1).
    line_text: str | None
    previous: str | None = None
    topic: str | None = None
    subject: str | None = None
    good_target: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.schema_type}"


def avro(fields: list[dict[str, Any]], name: str = "OrderPlaced", **extra: Any) -> str:
    return json.dumps({"type": "record", "name": name, "namespace": "shop", **extra, "fields": fields}, indent=2)


def js(properties: dict[str, Any], title: str = "OrderPlaced", **extra: Any) -> str:
    document = {"title": title, "type": "object", "properties": properties, "additionalProperties": False, **extra}
    return json.dumps(document, indent=2)


def proto(body: str, package: str = "shop.orders.v1", imports: str = "") -> str:
    return f'syntax = "proto3";\npackage {package};\n{imports}\n{body}\n'


TS = 'import "google/protobuf/timestamp.proto";'
TIMESTAMP = {"type": "long", "logicalType": "timestamp-millis"}


def _field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def _envelope(rule: str, name: str) -> list[Case]:
    return [
        Case(rule, "AVRO", avro([_field(name, "string")]), avro([_field("other", "string")]), "/name",
             '"name": "OrderPlaced"'),
        Case(rule, "JSON", js({name: {"type": "string"}}, required=[name]), js({"other": {"type": "string"}}),
             "#/title", '"title": "OrderPlaced"'),
        Case(rule, "PROTOBUF", proto(f"message OrderPlaced {{ string {name} = 1; }}"),
             proto("message OrderPlaced { string other = 1; }"), "#/OrderPlaced", "message OrderPlaced"),
    ]


CASES: list[Case] = [
    *_envelope("EVENT_ID_FIELD", "event_id"),
    *_envelope("EVENT_TYPE_FIELD", "event_type"),
    *_envelope("CORRELATION_ID_FIELD", "correlation_id"),
    Case("EVENT_TIME_FIELD", "AVRO", avro([_field("occurred_at", TIMESTAMP)]), avro([_field("occurred_at", "long")]),
         "/fields/0", '"name": "occurred_at"'),
    Case("EVENT_TIME_FIELD", "JSON", js({"occurred_at": {"type": "string", "format": "date-time"}}),
         js({"occurred_at": {"type": "string"}}), "#/properties/occurred_at", '"occurred_at": {'),
    Case("EVENT_TIME_FIELD", "PROTOBUF",
         proto("message E {\n  google.protobuf.Timestamp occurred_at = 1;\n}", imports=TS),
         proto("message E {\n  int64 occurred_at = 1;\n}"), "#/E/1", "int64 occurred_at = 1;"),
    Case("RECORD_NAME_PASCAL_CASE", "AVRO", avro([]), avro([], name="order_placed"), "/name", '"order_placed"'),
    Case("RECORD_NAME_PASCAL_CASE", "JSON", js({}), js({}, title="order placed"), "#/title", '"order placed"'),
    Case("RECORD_NAME_PASCAL_CASE", "PROTOBUF", proto("message OrderPlaced {}"), proto("message order_placed {}"),
         "#/order_placed", "message order_placed"),
    Case("ENUM_NAME_PASCAL_CASE", "AVRO",
         avro([_field("status", {"type": "enum", "name": "Status", "symbols": ["OK"]})]),
         avro([_field("status", {"type": "enum", "name": "status_kind", "symbols": ["OK"]})]),
         "/fields/0/type/name", '"status_kind"'),
    Case("ENUM_NAME_PASCAL_CASE", "PROTOBUF", proto("enum Status { STATUS_UNSPECIFIED = 0; }"),
         proto("enum status_kind { STATUS_KIND_UNSPECIFIED = 0; }"), "#/status_kind", "enum status_kind"),
    Case("FIELD_NAME_CASE", "AVRO", avro([_field("order_id", "string")]), avro([_field("OrderId", "string")]),
         "/fields/0", '"OrderId"'),
    Case("FIELD_NAME_CASE", "JSON", js({"order_id": {"type": "string"}}), js({"OrderId": {"type": "string"}}),
         "#/properties/OrderId", '"OrderId"'),
    Case("FIELD_NAME_CASE", "PROTOBUF", proto("message M {\n  string order_id = 1;\n}"),
         proto("message M {\n  string OrderId = 1;\n}"), "#/M/1", "OrderId = 1"),
    Case("ENUM_SYMBOL_UPPER_SNAKE", "AVRO",
         avro([_field("status", {"type": "enum", "name": "Status", "symbols": ["OK"]})]),
         avro([_field("status", {"type": "enum", "name": "Status", "symbols": ["OK", "notFound"]})]),
         "/fields/0/type/symbols/1", '"notFound"'),
    Case("ENUM_SYMBOL_UPPER_SNAKE", "PROTOBUF", proto("enum Status {\n  STATUS_UNSPECIFIED = 0;\n}"),
         proto("enum Status {\n  STATUS_UNSPECIFIED = 0;\n  notFound = 1;\n}"), "#/Status/notFound", "notFound = 1"),
    Case("PROTOBUF_PACKAGE_VERSIONED", "PROTOBUF", proto("message M {}"),
         proto("message M {}", package="shop.orders"), "#/package", "package shop.orders;"),
    Case("TOPIC_NAME_PATTERN", "AVRO", avro([]), avro([]), "", None, topic="Orders!", good_target={"topic": "orders"}),
    Case("TOPIC_NAME_PATTERN", "JSON", js({}), js({}), "", None, topic="Orders!", good_target={"topic": "orders"}),
    Case("TOPIC_NAME_PATTERN", "PROTOBUF", proto("message M {}"), proto("message M {}"), "", None, topic="Orders!",
         good_target={"topic": "shop.orders"}),
    Case("SUBJECT_NAME_PATTERN", "AVRO", avro([]), avro([]), "", None, subject="1 orders",
         good_target={"subject": "orders-value"}),
    Case("SUBJECT_NAME_PATTERN", "JSON", js({}), js({}), "", None, subject="1 orders",
         good_target={"subject": "orders-value"}),
    Case("SUBJECT_NAME_PATTERN", "PROTOBUF", proto("message M {}"), proto("message M {}"), "", None,
         subject="1 orders", good_target={"subject": "shop.orders.v1.M"}),
    Case("RECORD_DOC", "AVRO", avro([], doc="An order was placed."), avro([]), "/name", '"name": "OrderPlaced"'),
    Case("RECORD_DOC", "JSON", js({}, description="An order was placed."), js({}), "#/title", '"title"'),
    Case("RECORD_DOC", "PROTOBUF", proto("// An order was placed.\nmessage M {}"), proto("message M {}"), "#/M",
         "message M"),
    Case("FIELD_DOC", "AVRO", avro([_field("a", "string", doc="The a.")]), avro([_field("a", "string")]),
         "/fields/0", '"name": "a"'),
    Case("FIELD_DOC", "JSON", js({"a": {"type": "string", "description": "The a."}}), js({"a": {"type": "string"}}),
         "#/properties/a", '"a": {'),
    Case("FIELD_DOC", "PROTOBUF", proto("message M {\n  // The a.\n  string a = 1;\n}"),
         proto("message M {\n  string a = 1;\n}"), "#/M/1", "string a = 1;"),
    Case("OPTIONAL_FIELD_NULL_DEFAULT", "AVRO", avro([_field("coupon", ["null", "string"], default=None)]),
         avro([_field("coupon", ["null", "string"])]), "/fields/0", '"name": "coupon"'),
    Case("ENUM_DEFAULT_SYMBOL", "AVRO",
         avro([_field("s", {"type": "enum", "name": "Status", "symbols": ["UNKNOWN", "OK"], "default": "UNKNOWN"})]),
         avro([_field("s", {"type": "enum", "name": "Status", "symbols": ["OK"]})]), "/fields/0/type/name",
         '"name": "Status"'),
    Case("ENUM_ZERO_VALUE_UNSPECIFIED", "PROTOBUF", proto("enum Status {\n  STATUS_UNSPECIFIED = 0;\n}"),
         proto("enum Status {\n  STATUS_OK = 0;\n}"), "#/Status/STATUS_OK", "STATUS_OK = 0;"),
    Case("PROTOBUF_REMOVED_FIELD_RESERVED", "PROTOBUF",
         proto('message M {\n  string a = 1;\n  reserved 2;\n  reserved "b";\n}'),
         proto("message M {\n  string a = 1;\n}"), "#/M", "message M",
         previous=proto("message M {\n  string a = 1;\n  string b = 2;\n}")),
    Case("JSON_ADDITIONAL_PROPERTIES_EXPLICIT", "JSON", js({}),
         json.dumps({"title": "OrderPlaced", "type": "object", "properties": {}}, indent=2), "#", None),
    Case("MONEY_AS_FLOAT", "AVRO", avro([_field("amount_cents", "long")]), avro([_field("amount", "double")]),
         "/fields/0", '"name": "amount"'),
    Case("MONEY_AS_FLOAT", "JSON", js({"unitPrice": {"type": "integer"}}), js({"unitPrice": {"type": "number"}}),
         "#/properties/unitPrice", '"unitPrice"'),
    Case("MONEY_AS_FLOAT", "PROTOBUF", proto("message M {\n  int64 total_cents = 1;\n}"),
         proto("message M {\n  double total = 1;\n}"), "#/M/1", "double total = 1;"),
    Case("TIMESTAMP_AS_STRING", "AVRO", avro([_field("shipped_at", TIMESTAMP)]),
         avro([_field("shipped_at", "string")]), "/fields/0", '"shipped_at"'),
    Case("TIMESTAMP_AS_STRING", "JSON", js({"shippedAt": {"type": "string", "format": "date-time"}}),
         js({"shippedAt": {"type": "string"}}), "#/properties/shippedAt", '"shippedAt"'),
    Case("TIMESTAMP_AS_STRING", "PROTOBUF",
         proto("message M {\n  google.protobuf.Timestamp shipped_at = 1;\n}", imports=TS),
         proto("message M {\n  string shipped_at = 1;\n}"), "#/M/1", "string shipped_at = 1;"),
    Case("UNBOUNDED_PAYLOAD", "AVRO", avro([_field("tags", {"type": "array", "items": "string"})]),
         avro([_field("attributes", {"type": "map", "values": "string"})]), "/fields/0", '"attributes"'),
    Case("UNBOUNDED_PAYLOAD", "JSON", js({"tags": {"type": "array", "items": {"type": "string"}}}),
         js({"attributes": {"type": "object"}}), "#/properties/attributes", '"attributes"'),
    Case("UNBOUNDED_PAYLOAD", "PROTOBUF", proto("message M {\n  repeated string tags = 1;\n}"),
         proto("message M {\n  map<string, string> attributes = 1;\n}"), "#/M/1", "attributes = 1;"),
]
