"""Protobuf: generated classes (`_pb2`) in, framed bytes out; and back, into the class or a dynamic message.

The producer registers the .proto text of the class's file (printed by compat from its descriptor), each
import registered first under its own subject (the file name) and referenced; `google/protobuf/*`,
`google/type/*`, `confluent/meta.proto` and `confluent/type/decimal.proto` are built into the registry and
never registered (`skip.known.types`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor import FileDescriptor
from google.protobuf.message import DecodeError, EncodeError, Message
from google.protobuf.message_factory import GetMessageClass

from schemata.compat.protobuf import ProtobufSchema, decode_message_indexes, encode_message_indexes
from schemata.compat.protobuf.compiler import CompiledFiles
from schemata.registry.client._client import SchemaRegistryClient, parsed_as
from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import RecordValidationError, SerializationError
from schemata.registry.client._model import RegisteredSchema, Schema, SchemaReference
from schemata.registry.client._rules import (
    Metadata,
    PhaseRules,
    ProtobufMessages,
    ReadRules,
    json_to_message,
    message_to_json,
)
from schemata.registry.client._serde import (
    DESERIALIZER_CONF,
    SERIALIZER_CONF,
    SchemaDeserializer,
    SchemaSerializer,
    check_callable,
    read_conf,
)
from schemata.registry.client._wire import HEADER_SIZE, schema_header

_KNOWN_PREFIXES = ("google/protobuf/", "google/type/", "confluent/meta.proto", "confluent/type/decimal.proto")

ReferenceStrategy = Callable[[SerializationContext | None, str], str]


def reference_subject_name_strategy(ctx: SerializationContext | None, name: str) -> str:
    """The subject an imported file is registered under: its import path (confluent-kafka's default)."""
    return name


def _closure(file: FileDescriptor) -> list[FileDescriptor]:
    """`file` and everything it imports, each file after its imports."""
    ordered: dict[str, FileDescriptor] = {}

    def visit(current: FileDescriptor) -> None:
        if current.name in ordered:
            return
        for dependency in current.dependencies:
            visit(dependency)
        ordered[current.name] = current

    visit(file)
    return list(ordered.values())


def _parsed(file: FileDescriptor) -> ProtobufSchema:
    """A compiled file as compat's parsed schema, from its descriptor and its imports'."""
    protos = tuple(descriptor_pb2.FileDescriptorProto.FromString(f.serialized_pb) for f in _closure(file))
    return ProtobufSchema(CompiledFiles(protos))


def proto_text(file: FileDescriptor) -> str:
    """The .proto text of a compiled file, printed by compat from its descriptor and its imports'."""
    return _parsed(file).canonical


class _ProtoWriter:
    """The header and message indexes of one schema id, and its WRITE rules (None: none)."""

    __slots__ = ("prefix", "rules")

    def __init__(self, prefix: bytes, rules: PhaseRules | None) -> None:
        self.prefix = prefix
        self.rules = rules


class ProtobufSerializer(SchemaSerializer[_ProtoWriter]):
    """Serializes instances of one generated message class; confluent-kafka's signature and conf."""

    def __init__(
        self,
        msg_type: type[Message],
        schema_registry_client: SchemaRegistryClient,
        conf: Mapping[str, Any] | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        settings = read_conf(conf, {
            **SERIALIZER_CONF,
            "skip.known.types": True,
            "reference.subject.name.strategy": reference_subject_name_strategy,
            "use.deprecated.format": False,
        })
        if settings["use.deprecated.format"]:
            raise ValueError("use.deprecated.format (the pre-5.5 framing) is not supported")
        check_callable("reference.subject.name.strategy", settings["reference.subject.name.strategy"])
        # The stubs type a message's file as the pure-Python or the upb class; at run time it is the one in use.
        self._file = cast(FileDescriptor, msg_type.DESCRIPTOR.file)
        super().__init__(schema_registry_client, Schema(proto_text(self._file), "PROTOBUF"), settings, rule_conf)
        self._msg_type = msg_type
        self._record_name = msg_type.DESCRIPTOR.full_name
        self._skip_known: bool = settings["skip.known.types"]
        self._reference_strategy: ReferenceStrategy = settings["reference.subject.name.strategy"]

    def _writer(self, schema_id: int, schema: Schema, rules: PhaseRules | None) -> _ProtoWriter:
        """The header and message indexes, found in the registered schema (it may be the latest, not ours)."""
        indexes = parsed_as(self._client.parse_schema(schema), ProtobufSchema).message_indexes(self._record_name)
        return _ProtoWriter(schema_header(schema_id) + encode_message_indexes(indexes), rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> ProtobufMessages:
        return ProtobufMessages(parsed_as(self._client.parse_schema(schema), ProtobufSchema), metadata)

    def _own_parsed(self) -> ProtobufSchema:
        return _parsed(self._file)

    def _registration_schema(self, subject: str) -> Schema:
        assert self._schema is not None
        return Schema(self._schema.schema_str, "PROTOBUF", self._references(self._file))

    def _references(self, file: FileDescriptor) -> list[SchemaReference]:
        """References to `file`'s imports, registered (or looked up) first, depth first."""
        references = []
        for dependency in file.dependencies:
            if self._skip_known and dependency.name.startswith(_KNOWN_PREFIXES):
                continue
            subject = self._reference_strategy(None, dependency.name)
            schema = Schema(proto_text(dependency), "PROTOBUF", self._references(dependency))
            if self._auto_register:
                registered = self._client.register_schema_full_response(subject, schema, self._normalize)
                if registered.version is None:
                    registered = self._client.lookup_schema(subject, schema, self._normalize)
            else:
                registered = self._client.lookup_schema(subject, schema, self._normalize)
            assert registered.version is not None
            references.append(SchemaReference(dependency.name, subject, registered.version))
        return references

    def __call__(self, obj: Message | None, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        if not isinstance(obj, self._msg_type):
            raise SerializationError(f"Expected a {self._record_name} message, got {type(obj).__name__}")
        subject = self._strategy(ctx, self._record_name)
        writer = self._writers.get(subject) or self._writer_for(subject)
        if writer.rules is not None:
            obj = writer.rules.run(obj, ctx, obj)  # a field transform gives a copy
        try:
            return writer.prefix + obj.SerializeToString()
        except EncodeError as error:
            raise RecordValidationError("$", str(error)) from error


class _ProtoReader:
    """Message classes by message indexes: one generated class, or dynamic classes from the schema; the writer's
    own classes when migration rules run (they read the message as written)."""

    __slots__ = ("classes", "names", "rules", "schema_id", "source", "writer_classes")

    def __init__(
        self, schema_id: int, names: ProtobufSchema | None, source: ProtobufSchema | None, rules: ReadRules | None
    ) -> None:
        self.schema_id = schema_id
        self.rules = rules
        self.names = names
        self.source = source
        self.classes: dict[tuple[int, ...], type[Message]] = {}
        self.writer_classes: dict[tuple[int, ...], type[Message]] = {}

    def message_class(self, indexes: list[int]) -> type[Message]:
        """The reader's class of the message at `indexes` in the writer's schema."""
        assert self.source is not None
        return self._class(self.classes, self.source, indexes)

    def writer_class(self, indexes: list[int]) -> type[Message]:
        assert self.names is not None
        return self._class(self.writer_classes, self.names, indexes)

    def _class(self, cache: dict[tuple[int, ...], type[Message]], schema: ProtobufSchema,
               indexes: list[int]) -> type[Message]:
        key = tuple(indexes)
        cls = cache.get(key)
        if cls is None:
            assert self.names is not None
            try:
                name = self.names.message_name_at(indexes)
                cls = cache[key] = GetMessageClass(schema.message_descriptor(name))
            except KeyError as error:
                raise SerializationError(f"Schema {self.schema_id} has no message at indexes {indexes}") from error
        return cls

    def migrated_class(self, full_name: str) -> type[Message]:
        """The reader schema's message of the writer's message name (its first message if it has none)."""
        assert self.source is not None
        try:
            return GetMessageClass(self.source.message_descriptor(full_name))
        except KeyError:
            first = self.source.record_name()
            if first is None:
                raise SerializationError("the reader's schema declares no message to migrate into") from None
            return GetMessageClass(self.source.message_descriptor(first))


class ProtobufDeserializer(SchemaDeserializer[_ProtoReader]):
    """Reads framed Protobuf into `message_type`, or without one into a dynamic message of the writer schema."""

    def __init__(
        self,
        message_type: type[Message] | None = None,
        conf: Mapping[str, Any] | None = None,
        schema_registry_client: SchemaRegistryClient | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        settings = read_conf(conf, {**DESERIALIZER_CONF, "use.deprecated.format": False})
        if settings["use.deprecated.format"]:
            raise ValueError("use.deprecated.format (the pre-5.5 framing) is not supported")
        super().__init__(schema_registry_client, settings, rule_conf)
        if message_type is None and schema_registry_client is None:
            raise ValueError("ProtobufDeserializer needs a message type or a schema registry client")
        self._message_type = message_type

    def _record_name(self, writer: Schema) -> str | None:
        return self._message_type.DESCRIPTOR.full_name if self._message_type else super()._record_name(writer)

    def _reader(
        self, writer_id: int, writer: Schema | None, latest: RegisteredSchema | None, rules: ReadRules | None
    ) -> _ProtoReader:
        if self._message_type is not None and (rules is None or not rules.migrations):
            return _ProtoReader(writer_id, None, None, rules)  # the class is known: only the id needed checking
        assert writer is not None
        names = self._parsed(writer)
        return _ProtoReader(writer_id, names, names if latest is None else self._parsed(latest.schema), rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> ProtobufMessages:
        return ProtobufMessages(self._parsed(schema), metadata)

    def __call__(self, data: bytes | None, ctx: SerializationContext | None = None) -> Message | None:
        if data is None:
            return None
        schema_id = self._schema_id(data, ctx)
        reader = self._readers.get(schema_id) or self._reader_for(schema_id, ctx)
        rules = reader.rules
        try:
            if len(data) > HEADER_SIZE and data[HEADER_SIZE] == 0:  # indexes [0]: the common case
                indexes, offset = [0], HEADER_SIZE + 1
            else:
                indexes, offset = decode_message_indexes(data, HEADER_SIZE)
            if rules is not None and rules.migrations:
                cls = reader.writer_class(indexes)
            else:
                cls = self._message_type or reader.message_class(indexes)
            message = cls.FromString(data[offset:])
        except (DecodeError, ValueError) as error:
            raise SerializationError(f"Cannot decode Protobuf data written with schema {schema_id}: {error}") from error
        if rules is None:
            return message
        if rules.migrations:
            message = self._migrated(reader, rules, message, ctx, data)
        result: Message = rules.run_domain(message, ctx, data)
        return result

    def _migrated(self, reader: _ProtoReader, rules: ReadRules, message: Message, ctx: SerializationContext | None,
                  data: bytes) -> Message:
        """`message` through the migration rules, as protobuf's JSON, parsed into the reader's class."""
        target = self._message_type or reader.migrated_class(message.DESCRIPTOR.full_name)
        migrated = rules.migrate(message_to_json(message), ctx, data)
        try:
            return json_to_message(migrated, target)
        except ValueError as error:
            raise rules.migration_failed(
                f"the migrated message does not fit {target.DESCRIPTOR.full_name} of the reader's schema: {error}"
            ) from None
