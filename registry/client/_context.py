"""What a serializer is told about the message it works on: the topic and which part (key or value)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

#: Kafka message headers, as confluent-kafka passes them: a list of (name, value) pairs or a dict.
Headers = Sequence[tuple[str, Any]] | Mapping[str, Any]


class MessageField(StrEnum):
    """The part of a Kafka message being (de)serialized; its value is the subject suffix."""

    NONE = "none"
    KEY = "key"
    VALUE = "value"


class SerializationContext:
    """The topic, the message field and the headers of the message being (de)serialized."""

    __slots__ = ("field", "headers", "topic")

    def __init__(self, topic: str, field: MessageField, headers: Headers | None = None) -> None:
        self.topic = topic
        self.field = field
        self.headers = headers

    def __repr__(self) -> str:
        return f"SerializationContext({self.topic!r}, {self.field!s})"
