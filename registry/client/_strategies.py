"""Subject name strategies: which subject a serializer registers and looks its schema up under.

Each is `strategy(ctx, record_name) -> subject`, confluent-kafka's signature, so custom strategies written
for confluent-kafka work unchanged. `record_name` is the schema's full name (Avro `namespace.name`,
Protobuf `package.Message`, JSON Schema `title`).
"""

from __future__ import annotations

from collections.abc import Callable

from schemata.registry.client._context import SerializationContext

SubjectNameStrategy = Callable[[SerializationContext | None, str | None], str | None]


def topic_subject_name_strategy(ctx: SerializationContext | None, record_name: str | None) -> str:
    """`<topic>-key` or `<topic>-value` (the default)."""
    if ctx is None:
        raise ValueError("topic_subject_name_strategy needs a SerializationContext")
    return ctx.topic + "-" + ctx.field  # works for any str-valued field enum


def record_subject_name_strategy(ctx: SerializationContext | None, record_name: str | None) -> str | None:
    """The record's full name; the same subject for every topic it is written to."""
    return record_name


def topic_record_subject_name_strategy(ctx: SerializationContext | None, record_name: str | None) -> str | None:
    """`<topic>-<record full name>`."""
    if ctx is None:
        raise ValueError("topic_record_subject_name_strategy needs a SerializationContext")
    return None if record_name is None else f"{ctx.topic}-{record_name}"


#: The values of the `subject.name.strategy.type` setting.
STRATEGY_TYPES: dict[str, SubjectNameStrategy] = {
    "TOPIC": topic_subject_name_strategy,
    "RECORD": record_subject_name_strategy,
    "TOPIC_RECORD": topic_record_subject_name_strategy,
}
