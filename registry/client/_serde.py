"""What the Avro, JSON and Protobuf serializers share: settings, subject naming, schema ids, caches.

Hot path: a serializer keeps, per subject, a format-specific writer that already holds the 5-byte header
and the compiled schema; a deserializer keeps a reader per schema id. After the first message of a
subject (or schema id) nothing is parsed, looked up over HTTP, or locked. The version's data-contract
rules (`_rules`) are compiled into the writer or reader with it; they are None when there are none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from schemata import compat
from schemata.registry.client._client import SchemaRegistryClient
from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import SchemaNotFoundError, SerializationError, UnknownSchemaIdError
from schemata.registry.client._model import RegisteredSchema, Schema
from schemata.registry.client._rules import (
    MessageView,
    Metadata,
    PhaseRules,
    ReadRules,
    dead_letter_queue,
    read_rules,
    write_rules,
)
from schemata.registry.client._strategies import STRATEGY_TYPES, SubjectNameStrategy, topic_subject_name_strategy
from schemata.registry.client._wire import read_schema_id

W = TypeVar("W")
R = TypeVar("R")

#: Settings every serializer takes, with confluent-kafka's defaults.
SERIALIZER_CONF: dict[str, Any] = {
    "auto.register.schemas": True,
    "normalize.schemas": False,
    "use.schema.id": None,
    "use.latest.version": False,
    "use.latest.with.metadata": None,
    "latest.compatibility.strict": True,
    "subject.name.strategy": None,
    "subject.name.strategy.type": None,
}

#: Settings every deserializer takes.
DESERIALIZER_CONF: dict[str, Any] = {
    "use.latest.version": False,
    "use.latest.with.metadata": None,
    "subject.name.strategy": None,
    "subject.name.strategy.type": None,
}

_HEADER_IDS = ("__key_schema_id", "__value_schema_id")


def read_conf(conf: Mapping[str, Any] | None, defaults: Mapping[str, Any]) -> dict[str, Any]:
    """`conf` over `defaults`; ValueError for unknown keys and for non-bool values of bool settings."""
    merged = {**defaults, **(conf or {})}
    unknown = sorted(set(merged) - set(defaults))
    if unknown:
        raise ValueError(f"Unrecognized properties: {', '.join(unknown)}")
    for key, default in defaults.items():
        if isinstance(default, bool) and not isinstance(merged[key], bool):
            raise ValueError(f"{key} must be a boolean value")
    if merged.get("use.schema.id") is not None and not isinstance(merged["use.schema.id"], int):
        raise ValueError("use.schema.id must be an int value")
    if merged["use.latest.with.metadata"] is not None and not isinstance(merged["use.latest.with.metadata"], dict):
        raise ValueError("use.latest.with.metadata must be a dict value")
    return merged


def subject_strategy(settings: Mapping[str, Any]) -> SubjectNameStrategy:
    """The strategy of `subject.name.strategy` (a callable) or `subject.name.strategy.type` (a name)."""
    strategy = settings["subject.name.strategy"]
    if strategy is not None:
        if not callable(strategy):
            raise ValueError("subject.name.strategy must be callable")
        chosen: SubjectNameStrategy = strategy
        return chosen
    kind = settings["subject.name.strategy.type"]
    if kind is None:
        return topic_subject_name_strategy
    if str(kind).upper() not in STRATEGY_TYPES:
        raise ValueError(f"Invalid subject.name.strategy.type {kind}: one of {', '.join(STRATEGY_TYPES)}")
    return STRATEGY_TYPES[str(kind).upper()]


def check_callable(name: str, value: Callable[..., Any] | None) -> None:
    if value is not None and not callable(value):
        raise ValueError(f"{name} must be callable")


class SchemaSerializer(Generic[W]):
    """Finds the schema id for a subject (register, look up, latest or fixed) and caches a writer for it.

    Subclasses build the writer with `_writer(schema_id, schema, rules)` and call `_writer_for(ctx)` per message.
    """

    def __init__(
        self, client: SchemaRegistryClient, schema: Schema | None, conf: Mapping[str, Any],
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        self._client = client
        self._schema = schema
        self._auto_register: bool = conf["auto.register.schemas"]
        self._normalize: bool = conf["normalize.schemas"]
        self._use_schema_id: int | None = conf["use.schema.id"]
        self._use_latest: bool = conf["use.latest.version"]
        self._latest_metadata: dict[str, str] | None = conf["use.latest.with.metadata"]
        self._strategy = subject_strategy(conf)
        if self._use_latest and self._auto_register:
            raise ValueError("cannot enable both use.latest.version and auto.register.schemas")
        if schema is None and not (self._use_latest or self._latest_metadata or self._use_schema_id is not None):
            raise ValueError("a schema is needed unless use.latest.version or use.schema.id is set")
        self._follows_latest = self._use_latest or self._latest_metadata is not None
        self._latest_strict: bool = conf["latest.compatibility.strict"]
        self._dlq = dead_letter_queue(rule_conf)
        self._writers: dict[str | None, W] = {}
        self._by_id: dict[int, W] = {}

    def _writer(self, schema_id: int, schema: Schema, rules: PhaseRules | None) -> W:
        raise NotImplementedError

    def _rule_view(self, schema: Schema, metadata: Metadata) -> MessageView:
        """How rules see the messages of `schema`: as plain values, and field by field for CEL_FIELD rules."""
        raise NotImplementedError

    def _writer_for(self, subject: str | None) -> W:
        """The writer for `subject`: cached, except when following the latest version (client's TTL cache)."""
        writer = self._writers.get(subject)
        if writer is not None:
            return writer
        registered = self._registered(subject)
        writer = self._by_id.get(registered.schema_id)
        if writer is None:
            rules = None
            if self._follows_latest or self._use_schema_id is not None:  # a version fetched: its rules run
                self._check_latest(registered, subject)
                rules = write_rules(self._client, registered, subject, self._rule_view, self._dlq)
            writer = self._by_id[registered.schema_id] = self._writer(registered.schema_id, registered.schema, rules)
        if not self._follows_latest:
            self._writers[subject] = writer
        return writer

    def _registered(self, subject: str | None) -> RegisteredSchema:
        if self._use_schema_id is not None:
            return RegisteredSchema(self._use_schema_id, self._client.get_schema(self._use_schema_id))
        if subject is None:
            raise SerializationError("the subject name strategy gave no subject (is the schema a named record?)")
        if self._latest_metadata is not None:
            return self._client.get_latest_with_metadata(subject, self._latest_metadata)
        if self._use_latest:
            return self._client.get_latest_version(subject)
        schema = self._registration_schema(subject)
        if self._auto_register:
            registered = self._client.register_schema_full_response(subject, schema, self._normalize)
        else:
            registered = self._client.lookup_schema(subject, schema, self._normalize)
        # The writer uses the schema as given: the registry may answer with its canonical text.
        return RegisteredSchema(registered.schema_id, schema, subject, registered.version)

    def _registration_schema(self, subject: str) -> Schema:
        """The schema to register or look up under `subject` (Protobuf adds its references here)."""
        assert self._schema is not None
        return self._schema

    def _own_parsed(self) -> compat.ParsedSchema:
        """The serializer's own schema, parsed (Protobuf's comes from the generated class)."""
        assert self._schema is not None
        return self._client.parse_schema(self._schema)

    def _check_latest(self, registered: RegisteredSchema, subject: str | None) -> None:
        """`latest.compatibility.strict`: the version followed must read what the serializer's schema writes."""
        if not self._follows_latest or not self._latest_strict or self._schema is None:
            return
        findings = compat.check_pair(
            compat.Direction.BACKWARD, self._client.parse_schema(registered.schema), self._own_parsed())
        if findings:
            version = f"version {registered.version}" if registered.version is not None else "the latest version"
            raise SerializationError(
                f"{version} of subject {registered.subject or subject!r} (schema id {registered.schema_id}) cannot"
                f" read records of the serializer's schema: {findings[0].message} at {findings[0].path or '/'};"
                " set latest.compatibility.strict to False to write with it anyway")


class SchemaDeserializer(Generic[R]):
    """Reads the schema id of each message and caches a reader per id (per id pair with a reader schema)."""

    def __init__(
        self, client: SchemaRegistryClient | None, conf: Mapping[str, Any],
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        self._client = client
        self._use_latest: bool = conf["use.latest.version"]
        self._latest_metadata: dict[str, str] | None = conf["use.latest.with.metadata"]
        self._strategy = subject_strategy(conf)
        self._follows_latest = self._use_latest or self._latest_metadata is not None
        if self._follows_latest and client is None:
            raise ValueError("use.latest.version needs a schema registry client")
        self._dlq = dead_letter_queue(rule_conf)
        #: The reader schema the deserializer was given, whose READ rules run when it follows no latest version.
        self._given_reader: Schema | None = None
        self._readers: dict[int, R] = {}
        self._pairs: dict[tuple[int, int], R] = {}

    def _reader(
        self, writer_id: int, writer: Schema | None, latest: RegisteredSchema | None, rules: ReadRules | None
    ) -> R:
        """A reader of data written with `writer` (None without a client), into `latest` if set, running `rules`."""
        raise NotImplementedError

    def _rule_view(self, schema: Schema, metadata: Metadata) -> MessageView:
        """How rules see the messages of `schema`: as plain values, and field by field for CEL_FIELD rules."""
        raise NotImplementedError

    def _read_rules(
        self, ctx: SerializationContext | None, writer: Schema | None, latest: RegisteredSchema | None
    ) -> ReadRules | None:
        """Migrations and READ rules, as confluent-kafka runs them: with a context, the subject known."""
        if ctx is None or writer is None or self._client is None:
            return None
        reader = self._rules_source(writer, latest)
        if latest is None and not reader.rule_set:
            return None
        subject = self._strategy(ctx, self._record_name(writer))
        if subject is None:
            return None
        return read_rules(self._client, subject, writer, reader, latest, self._rule_view, self._dlq)

    def _rules_source(self, writer: Schema, latest: RegisteredSchema | None) -> Schema:
        """The schema whose READ rules run: the latest followed, else the reader schema given, else the writer's."""
        return latest.schema if latest is not None else self._given_reader or writer

    def _record_name(self, writer: Schema) -> str | None:
        name: str | None = self._parsed(writer).record_name()
        return name

    def _schema_id(self, data: bytes, ctx: SerializationContext | None) -> int:
        """The schema id of a message; refuses ids carried in headers (8.x), which this client does not read."""
        if ctx is not None and ctx.headers:
            names = ctx.headers.keys() if isinstance(ctx.headers, Mapping) else [h[0] for h in ctx.headers]
            if any(name in _HEADER_IDS for name in names):
                raise SerializationError("The schema id is in a message header (Confluent 8.x), which is not supported")
        return read_schema_id(data)

    def _reader_for(self, schema_id: int, ctx: SerializationContext | None) -> R:
        """The reader for `schema_id`, built on first use."""
        reader = self._readers.get(schema_id)
        if reader is not None:
            return reader
        writer = self._writer_schema(schema_id)
        if not self._follows_latest:
            reader = self._reader(schema_id, writer, None, self._read_rules(ctx, writer, None))
            if ctx is not None or writer is None or not self._rules_source(writer, None).rule_set:
                self._readers[schema_id] = reader  # (else not cached: its rules run once a context comes)
            return reader
        assert writer is not None
        latest = self._latest(ctx, writer)
        key = (schema_id, latest.schema_id)
        reader = self._pairs.get(key)
        if reader is None:
            reader = self._pairs[key] = self._reader(schema_id, writer, latest, self._read_rules(ctx, writer, latest))
        return reader

    def _writer_schema(self, schema_id: int) -> Schema | None:
        if self._client is None:
            return None
        try:
            return self._client.get_schema(schema_id)
        except SchemaNotFoundError:
            raise UnknownSchemaIdError(schema_id, self._client.url) from None

    def _latest(self, ctx: SerializationContext | None, writer: Schema) -> RegisteredSchema:
        assert self._client is not None
        subject = self._strategy(ctx, self._record_name(writer))
        if subject is None:
            raise SerializationError("the subject name strategy gave no subject for use.latest.version")
        if self._latest_metadata is not None:
            return self._client.get_latest_with_metadata(subject, self._latest_metadata)
        return self._client.get_latest_version(subject)

    def _parsed(self, schema: Schema) -> Any:
        assert self._client is not None
        return self._client.parse_schema(schema)
