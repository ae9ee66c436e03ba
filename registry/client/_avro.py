"""Avro with fastavro: the schema parsed once per id by `compat`, records written and read schemaless.

Records are written by a schema-specialised encoder (`_avro_encoder`) that gives fastavro's bytes at
about twice its speed; whatever it is unsure of, fastavro writes (and explains, when it refuses).

As in Confluent's serializers (Java and Python), a schema that is just `"bytes"` writes the bytes as they
are, without the Avro length prefix.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any

from fastavro import schemaless_reader, schemaless_writer

from schemata.compat.avro import AvroSchema
from schemata.registry.client._avro_encoder import Encoder, compile_encoder
from schemata.registry.client._avro_paths import fits, locate
from schemata.registry.client._client import SchemaRegistryClient, parsed_as
from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import ClientError, RecordValidationError, SerializationError
from schemata.registry.client._model import RegisteredSchema, Schema
from schemata.registry.client._rules import AvroFields, Metadata, PhaseRules, ReadRules
from schemata.registry.client._serde import (
    DESERIALIZER_CONF,
    SERIALIZER_CONF,
    SchemaDeserializer,
    SchemaSerializer,
    check_callable,
    read_conf,
)
from schemata.registry.client._wire import HEADER_SIZE, schema_header

#: fastavro's strict modes, under confluent-kafka's names.
_STRICT_CONF = {"validate.strict": False, "validate.strict.allow.default": False}

ToDict = Callable[[Any, SerializationContext], Any]
FromDict = Callable[[Any, SerializationContext], Any]


def as_schema(schema_str: str | Schema | None, schema_type: str) -> Schema | None:
    """A `Schema` from what confluent-kafka's constructors accept: text, a Schema, or None."""
    if schema_str is None or isinstance(schema_str, Schema):
        return schema_str
    return Schema(schema_str, schema_type)


def _is_raw_bytes(parsed: Any) -> bool:
    """Whether the schema is plain `bytes` (not a logical type on bytes, such as decimal)."""
    if isinstance(parsed, dict):
        return bool(parsed.get("type") == "bytes" and "logicalType" not in parsed)
    return bool(parsed == "bytes")


class _AvroWriter:
    __slots__ = ("encoder", "header", "named", "parsed", "raw_bytes", "rules", "schema_id")

    def __init__(
        self, schema_id: int, parsed: Any, named: dict[str, Any], encoder: Encoder | None, rules: PhaseRules | None
    ) -> None:
        self.schema_id = schema_id
        self.rules = rules
        self.header = schema_header(schema_id)
        self.parsed = parsed
        self.named = named
        self.encoder = encoder
        self.raw_bytes = _is_raw_bytes(parsed)


class AvroSerializer(SchemaSerializer[_AvroWriter]):
    """Serializes dicts (or objects, through `to_dict`) to framed Avro; confluent-kafka's signature and conf."""

    def __init__(
        self,
        schema_registry_client: SchemaRegistryClient,
        schema_str: str | Schema | None = None,
        to_dict: ToDict | None = None,
        conf: Mapping[str, Any] | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        settings = read_conf(conf, {**SERIALIZER_CONF, **_STRICT_CONF})
        schema = as_schema(schema_str, "AVRO")
        super().__init__(schema_registry_client, schema, settings, rule_conf)
        check_callable("to_dict", to_dict)
        self._to_dict = to_dict
        self._strict: bool = settings["validate.strict"]
        self._strict_allow_default: bool = settings["validate.strict.allow.default"]
        self._record_name = None if schema is None else schema_registry_client.parse_schema(schema).record_name()

    def _writer(self, schema_id: int, schema: Schema, rules: PhaseRules | None) -> _AvroWriter:
        parsed = parsed_as(self._client.parse_schema(schema), AvroSchema)
        fast, named = parsed.fastavro_schema, parsed.fastavro_named_schemas
        strict = self._strict or self._strict_allow_default  # only fastavro implements the strict modes
        return _AvroWriter(schema_id, fast, named, None if strict else compile_encoder(fast, named), rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> AvroFields:
        return _avro_fields(self._client, schema, metadata)

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        subject = self._strategy(ctx, self._record_name)
        writer = self._writers.get(subject) or self._writer_for(subject)
        value = obj if self._to_dict is None else self._to_dict(obj, ctx)  # type: ignore[arg-type]
        if writer.rules is not None:
            value = writer.rules.run(value, ctx, value)
        if writer.raw_bytes:
            if not isinstance(value, bytes | bytearray):
                raise RecordValidationError("$", f"{type(value).__name__} is not bytes", writer.schema_id)
            return writer.header + value
        if writer.encoder is not None:
            buffer = bytearray(writer.header)
            try:
                writer.encoder(buffer, value)
                return bytes(buffer)
            except Exception:  # Fallback, or a record fastavro refuses: fastavro writes it or says why
                pass
        out = io.BytesIO(writer.header)
        out.seek(HEADER_SIZE)
        try:
            schemaless_writer(
                out, writer.parsed, value, strict=self._strict, strict_allow_default=self._strict_allow_default
            )
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
            raise _mismatch(value, writer, error) from error
        return out.getvalue()


def _avro_fields(client: SchemaRegistryClient, schema: Schema, metadata: Metadata) -> AvroFields:
    parsed = parsed_as(client.parse_schema(schema), AvroSchema)
    return AvroFields(parsed.fastavro_schema, parsed.fastavro_named_schemas, metadata)


def _mismatch(value: Any, writer: _AvroWriter, error: Exception) -> RecordValidationError:
    """Where and why `value` does not fit the writer schema."""
    if fits(value, writer.parsed, writer.named):  # fastavro refused it for another reason: its own words
        return RecordValidationError("$", f"{type(error).__name__}: {error}", writer.schema_id)
    return RecordValidationError(*locate(value, writer.parsed, writer.named), writer.schema_id)


class _AvroReader:
    __slots__ = ("raw_bytes", "reader_schema", "rules", "writer_schema")

    def __init__(self, writer_schema: Any, reader_schema: Any, rules: ReadRules | None) -> None:
        self.writer_schema = writer_schema
        # Migration rules take the record as written, and give it in the reader's shape.
        self.reader_schema = None if rules is not None and rules.migrations else reader_schema
        self.raw_bytes = _is_raw_bytes(writer_schema)
        self.rules = rules


class AvroDeserializer(SchemaDeserializer[_AvroReader]):
    """Reads framed Avro with the writer schema of its id, into `schema_str` when given (schema evolution)."""

    def __init__(
        self,
        schema_registry_client: SchemaRegistryClient,
        schema_str: str | Schema | None = None,
        from_dict: FromDict | None = None,
        return_record_name: bool = False,
        conf: Mapping[str, Any] | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(schema_registry_client, read_conf(conf, DESERIALIZER_CONF), rule_conf)
        check_callable("from_dict", from_dict)
        self._client: SchemaRegistryClient = schema_registry_client
        self._from_dict = from_dict
        self._return_record_name = return_record_name
        reader = as_schema(schema_str, "AVRO")
        self._given_reader = reader
        parsed = None if reader is None else parsed_as(schema_registry_client.parse_schema(reader), AvroSchema)
        self._reader_schema = None if parsed is None else parsed.fastavro_schema

    def _reader(
        self, writer_id: int, writer: Schema | None, latest: RegisteredSchema | None, rules: ReadRules | None
    ) -> _AvroReader:
        assert writer is not None
        reader = self._reader_schema if latest is None else self._parsed(latest.schema).fastavro_schema
        return _AvroReader(self._parsed(writer).fastavro_schema, reader, rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> AvroFields:
        return _avro_fields(self._client, schema, metadata)

    def __call__(self, data: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if data is None:
            return None
        schema_id = self._schema_id(data, ctx)
        reader = self._readers.get(schema_id) or self._reader_for(schema_id, ctx)
        if reader.raw_bytes:
            value: Any = data[HEADER_SIZE:]
        else:
            payload = io.BytesIO(data)
            payload.seek(HEADER_SIZE)
            try:
                value = schemaless_reader(
                    payload, reader.writer_schema, reader.reader_schema, self._return_record_name
                )
            except ClientError:
                raise
            except Exception as error:
                raise SerializationError(f"Cannot decode Avro data written with schema {schema_id}: {error}") from error
        if reader.rules is not None:
            value = reader.rules.read(value, ctx, data)
        return value if self._from_dict is None else self._from_dict(value, ctx)  # type: ignore[arg-type]
