"""Data-contract rules run by the serializers, as confluent-kafka's run them: a version's `ruleSet`.

- `domainRules` run on write (WRITE, WRITEREAD) and read (READ, WRITEREAD, last to first): CEL conditions
  and transforms on the message, CEL_FIELD ones on each field (selected by tags), JSONATA transforms.
- `migrationRules` run on read when the reader follows a later (UPGRADE) or earlier (DOWNGRADE) version than
  the writer's, each version's rules between the two in turn (`use.latest.version`, `use.latest.with.metadata`).

As in confluent-kafka, a serializer runs the rules of the version it writes with when it fetched that version
(`use.latest.version`, `use.latest.with.metadata`, `use.schema.id`), and a deserializer given a
SerializationContext runs those of the version it reads into. What cannot run here is refused, not skipped:
ENCRYPT rules and encodingRules, and on Protobuf CEL and JSONATA transforms of the whole message (field
transforms, conditions and migrations run).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from typing import Any

from schemata.registry.client._client import SchemaRegistryClient
from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import ClientError
from schemata.registry.client._model import RegisteredSchema, Schema
from schemata.registry.client._rules._dlq import DeadLetterQueue
from schemata.registry.client._rules._fields import AvroFields, JsonFields, MessageView
from schemata.registry.client._rules._model import Metadata, Mode
from schemata.registry.client._rules._phase import PhaseRules, Target, ViewOf, build_phase
from schemata.registry.client._rules._protobuf_view import ProtobufMessages, json_to_message, message_to_json

__all__ = [
    "AvroFields",
    "DeadLetterQueue",
    "JsonFields",
    "MessageView",
    "Metadata",
    "PhaseRules",
    "ProtobufMessages",
    "ReadRules",
    "ViewOf",
    "dead_letter_queue",
    "json_to_message",
    "message_to_json",
    "read_rules",
    "write_rules",
]


def _target(client: SchemaRegistryClient, subject: str | None, schema: Schema, version: int | None) -> Target:
    def version_of() -> int | None:
        if subject is None:
            return None
        try:
            return client.lookup_schema(subject, schema, deleted=True).version
        except ClientError:
            return None
    return Target(subject, schema, version, version_of)


def write_rules(client: SchemaRegistryClient, registered: RegisteredSchema, subject: str | None,
                view_of: ViewOf, dlq: DeadLetterQueue | None) -> PhaseRules | None:
    """The WRITE rules of the version a serializer writes with, compiled; None if it has none."""
    target = _target(client, registered.subject or subject, registered.schema, registered.version)
    return build_phase(target, Mode.WRITE, view_of, dlq)


class ReadRules:
    """What runs on a decoded message: the migrations from the writer's version, then the reader's READ rules."""

    __slots__ = ("domain", "migrations")

    def __init__(self, migrations: list[PhaseRules], domain: PhaseRules | None) -> None:
        self.migrations = migrations
        self.domain = domain

    def read(self, value: Any, ctx: SerializationContext | None, data: bytes) -> Any:
        return self.run_domain(self.migrate(value, ctx, data), ctx, data)

    def migrate(self, value: Any, ctx: SerializationContext | None, data: bytes) -> Any:
        """`value` after the migrations (Protobuf passes its message as JSON, and parses the result)."""
        for migration in self.migrations:
            value = migration.run(value, ctx, data)
        return value

    def run_domain(self, value: Any, ctx: SerializationContext | None, data: bytes) -> Any:
        return value if self.domain is None else self.domain.run(value, ctx, data)

    def migration_failed(self, reason: str) -> ClientError:
        """The error naming the last migration rule, whose result the reader's schema could not take."""
        return self.migrations[-1].failed(reason)


def read_rules(client: SchemaRegistryClient, subject: str, writer: Schema, reader: Schema,
               latest: RegisteredSchema | None, view_of: ViewOf, dlq: DeadLetterQueue | None) -> ReadRules | None:
    """The rules a deserializer runs on data of `writer` read into `reader`; None if there are none."""
    migrations = [] if latest is None else _migrations(client, subject, writer, latest, view_of, dlq)
    version = latest.version if latest is not None else None
    domain = build_phase(_target(client, subject, reader, version), Mode.READ, view_of, dlq)
    return ReadRules(migrations, domain) if migrations or domain is not None else None


def _migrations(client: SchemaRegistryClient, subject: str, writer: Schema, latest: RegisteredSchema,
                view_of: ViewOf, dlq: DeadLetterQueue | None) -> list[PhaseRules]:
    """The migration rules between the writer's version and `latest`, in the order they run.

    Upgrading runs each later version's UPGRADE rules, oldest first; downgrading runs each later version's
    DOWNGRADE rules, newest first. A writer schema that is not a version of `subject` migrates nothing.
    """
    try:
        source = client.lookup_schema(subject, writer, deleted=True)
    except ClientError:
        return []
    if source.version is None or latest.version is None or source.version == latest.version:
        return []
    phase = Mode.UPGRADE if source.version < latest.version else Mode.DOWNGRADE
    first, last = sorted((source, latest), key=lambda registered: registered.version or 0)
    assert first.version is not None and last.version is not None
    between = [client.get_version(subject, number, deleted=True) for number in range(first.version + 1, last.version)]
    chain = []
    for _, later in pairwise([first, *between, last]):
        rules = build_phase(_target(client, subject, later.schema, later.version), phase, view_of, dlq)
        if rules is not None:
            chain.append(rules)
    if phase is Mode.DOWNGRADE:
        chain.reverse()
    return chain


def dead_letter_queue(rule_conf: Mapping[str, Any] | None) -> DeadLetterQueue | None:
    return DeadLetterQueue(rule_conf) if rule_conf else None
