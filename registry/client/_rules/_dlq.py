"""The DLQ action: a message whose rule failed goes to a dead-letter topic, through a producer the user passes.

Configured as confluent-kafka's DLQ action, through the serializer's `rule_conf`: `producer` (anything with
confluent-kafka's `produce(topic, key=, value=, headers=)`), `dlq.topic` (else the rule's `dlq.topic` param,
else the version's metadata property) and `dlq.auto.flush`. On read the message's own bytes are sent; on write
the record as JSON. Headers say which rule failed (`__rule.name`, `.mode`, `.subject`, `.topic`, `.exception`),
and a message carrying `__rule.name` skips that rule when it is read again (a replay from the DLQ).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

from schemata.registry.client._context import MessageField, SerializationContext

RULE_NAME_HEADER = "__rule.name"


class DeadLetterQueue:
    def __init__(self, rule_conf: Mapping[str, Any]) -> None:
        self.producer: Any = rule_conf.get("producer")
        self.topic: str | None = rule_conf.get("dlq.topic")
        self.auto_flush = str(rule_conf.get("dlq.auto.flush", "false")).lower() == "true"

    def topic_for(self, params: Mapping[str, str], properties: Mapping[str, str]) -> str | None:
        return self.topic or params.get("dlq.topic") or properties.get("dlq.topic")

    def send(
        self, topic: str, ctx: SerializationContext | None, message: Any, headers: list[tuple[str, bytes]]
    ) -> None:
        """Produce `message` (bytes as they are, a record as JSON) to `topic`, the message's headers and `headers`.

        A key's failure sends the key (and no value), a value's the value (without the key, which the value's
        serializer does not see)."""
        if isinstance(message, bytes | None):
            value = message
        elif isinstance(message, Message):
            value = json_format.MessageToJson(message).encode()
        else:
            value = json.dumps(message, default=_json_default).encode()
        incoming = [] if ctx is None or not ctx.headers else list(
            ctx.headers.items() if isinstance(ctx.headers, Mapping) else ctx.headers)
        if ctx is not None and ctx.field == MessageField.KEY:
            self.producer.produce(topic, key=value, value=None, headers=incoming + headers)
        else:
            self.producer.produce(topic, key=None, value=value, headers=incoming + headers)
        if hasattr(self.producer, "poll"):
            self.producer.poll(0)
        if self.auto_flush:
            self.producer.flush()


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode()
    return str(value)


def replayed_rule(ctx: SerializationContext | None) -> str | None:
    """The rule named in a message's `__rule.name` header: it came back from a DLQ, and skips that rule."""
    if ctx is None or not ctx.headers:
        return None
    pairs = ctx.headers.items() if isinstance(ctx.headers, Mapping) else ctx.headers
    found = None
    for name, value in pairs:
        if name == RULE_NAME_HEADER:
            found = value.decode("utf-8", "replace") if isinstance(value, bytes | bytearray) else value
    return found
