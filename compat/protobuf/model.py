"""A small read-only model of a compiled schema, as the compatibility rules see it.

Built from the FileDescriptorProtos (declaration order, reserved ranges) and the descriptor pool (what
protoc resolved: delimited encoding, presence, required-ness and JSON names in editions files).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.descriptor_pb2 import FeatureSet

from schemata.compat.protobuf.printer import scalar_name

_ALLOW = FeatureSet.JsonFormat.ALLOW


@dataclass(frozen=True, slots=True)
class FieldModel:
    """One field. `kind` is a scalar keyword, "message", "group" or "enum"; `type_name` is set for the last three."""

    number: int
    name: str
    json_name: str
    kind: str
    type_name: str
    label: str | None  # as declared: "optional", "required", "repeated" or None (no label, oneof member, map)
    cardinality: str  # as buf names it: "optional with explicit presence", ..., "repeated", "map"
    oneof: str | None  # the real (not synthetic) oneof holding the field
    default: str | None
    map_entry: MessageModel | None = None


@dataclass(frozen=True, slots=True)
class EnumModel:
    name: str
    full_name: str
    local_name: str
    values: tuple[tuple[str, int], ...]
    reserved_ranges: tuple[tuple[int, int], ...]  # inclusive
    reserved_names: frozenset[str]
    json_allowed: bool


@dataclass(frozen=True, slots=True)
class MessageModel:
    name: str
    full_name: str
    local_name: str  # the full name without the package
    file: str
    fields: dict[int, FieldModel]
    oneofs: tuple[str, ...]
    messages: tuple[MessageModel, ...]
    enums: tuple[EnumModel, ...]
    reserved_ranges: tuple[tuple[int, int], ...]  # inclusive
    reserved_names: frozenset[str]
    is_map_entry: bool
    json_allowed: bool


@dataclass(frozen=True, slots=True)
class MethodModel:
    name: str
    input_type: str
    output_type: str
    client_streaming: bool
    server_streaming: bool
    idempotency: str


@dataclass(frozen=True, slots=True)
class FileModel:
    """The root file, plus every message and enum of the import closure by full name."""

    name: str
    package: str
    messages: tuple[MessageModel, ...]
    enums: tuple[EnumModel, ...]
    services: dict[str, tuple[MethodModel, ...]]
    types: dict[str, MessageModel | EnumModel] = field(repr=False)
    #: file name -> digest of the file and everything it imports, transitively: equal digests in two models
    #: mean the file's types are the same in both (what they refer to included), so comparing them is moot.
    closures: dict[str, bytes] = field(repr=False)

    def all_messages(self) -> Iterator[MessageModel]:
        """Every message of the root file, nested ones and map entries included, outer first."""
        stack = list(reversed(self.messages))
        while stack:
            message = stack.pop()
            yield message
            stack.extend(reversed(message.messages))

    def all_enums(self) -> Iterator[EnumModel]:
        yield from self.enums
        for message in self.all_messages():
            yield from message.enums


def build_model(files: Sequence[descriptor_pb2.FileDescriptorProto], pool: descriptor_pool.DescriptorPool) -> FileModel:
    """The model of the last file of `files`, with the types of all of them."""
    types: dict[str, MessageModel | EnumModel] = {}
    closures = _closure_digests(files)
    models = [_Builder(proto, pool, types).file(closures) for proto in files]
    return models[-1]


def _closure_digests(files: Sequence[descriptor_pb2.FileDescriptorProto]) -> dict[str, bytes]:
    """For each file, a digest of its descriptor and those of its whole import closure (files come dependencies
    first, so a file's imports are done before it)."""
    sources = {f.name: f.SerializeToString(deterministic=True) for f in files}
    closure: dict[str, frozenset[str]] = {}
    for proto in files:
        closure[proto.name] = frozenset({proto.name}).union(
            *(closure.get(name, frozenset({name})) for name in proto.dependency))
    digests: dict[str, bytes] = {}
    for name, members in closure.items():
        digest = hashlib.sha256()
        for member in sorted(members):
            for part in (member.encode(), sources.get(member, b"")):
                digest.update(len(part).to_bytes(8, "big") + part)
        digests[name] = digest.digest()
    return digests


class _Builder:
    def __init__(
        self,
        proto: descriptor_pb2.FileDescriptorProto,
        pool: descriptor_pool.DescriptorPool,
        types: dict[str, MessageModel | EnumModel],
    ) -> None:
        self._proto = proto
        self._pool = pool
        self._types = types
        self._json_default = proto.syntax not in ("", "proto2")

    def file(self, closures: dict[str, bytes]) -> FileModel:
        proto = self._proto
        json_allowed = _json_allowed(proto.options, self._json_default)
        pkg = proto.package
        messages = tuple(self._message(m, pkg, json_allowed) for m in proto.message_type)
        enums = tuple(self._enum(e, pkg, json_allowed) for e in proto.enum_type)
        services = {
            s.name: tuple(
                MethodModel(
                    m.name, m.input_type.lstrip("."), m.output_type.lstrip("."), m.client_streaming,
                    m.server_streaming, descriptor_pb2.MethodOptions.IdempotencyLevel.Name(m.options.idempotency_level),
                )
                for m in s.method
            )
            for s in proto.service
        }
        return FileModel(proto.name, pkg, messages, enums, services, self._types, closures)

    def _message(self, proto: descriptor_pb2.DescriptorProto, scope: str, json_parent: bool) -> MessageModel:
        full_name = f"{scope}.{proto.name}" if scope else proto.name
        json_allowed = _json_allowed(proto.options, json_parent)
        nested = tuple(self._message(m, full_name, json_allowed) for m in proto.nested_type)
        entries = {m.full_name: m for m in nested if m.is_map_entry}
        descriptor = self._pool.FindMessageTypeByName(full_name)
        oneofs = [o.name for o in proto.oneof_decl]
        real_oneofs = {i for i, o in enumerate(proto.oneof_decl) if not _synthetic(proto, i)}
        fields = {
            f.number: self._field(f, descriptor.fields_by_number[f.number], oneofs, real_oneofs, entries)
            for f in proto.field
        }
        prefix = f"{self._proto.package}." if self._proto.package else ""
        model = MessageModel(
            proto.name, full_name, full_name.removeprefix(prefix), self._proto.name, fields,
            tuple(oneofs[i] for i in sorted(real_oneofs)), nested,
            tuple(self._enum(e, full_name, json_allowed) for e in proto.enum_type),
            tuple((r.start, r.end - 1) for r in proto.reserved_range), frozenset(proto.reserved_name),
            proto.options.map_entry, json_allowed,
        )
        self._types[full_name] = model
        return model

    def _field(
        self,
        proto: descriptor_pb2.FieldDescriptorProto,
        resolved: FieldDescriptor,
        oneofs: list[str],
        real_oneofs: set[int],
        entries: dict[str, MessageModel],
    ) -> FieldModel:
        type_name = proto.type_name.lstrip(".")
        entry = entries.get(type_name) if resolved.is_repeated else None
        kind = scalar_name(resolved.type) or {
            FieldDescriptor.TYPE_MESSAGE: "message", FieldDescriptor.TYPE_GROUP: "group",
        }.get(resolved.type, "enum")
        in_oneof = proto.HasField("oneof_index") and proto.oneof_index in real_oneofs
        return FieldModel(
            number=proto.number,
            name=proto.name,
            json_name=resolved.json_name,
            kind=kind,
            type_name=type_name,
            label=None if in_oneof or entry is not None else self._label(proto),
            cardinality=_cardinality(resolved, entry is not None),
            oneof=oneofs[proto.oneof_index] if in_oneof else None,
            default=proto.default_value if proto.HasField("default_value") else None,
            map_entry=entry,
        )

    def _label(self, proto: descriptor_pb2.FieldDescriptorProto) -> str | None:
        if proto.label == descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED:
            return "repeated"
        if proto.label == descriptor_pb2.FieldDescriptorProto.LABEL_REQUIRED:
            return "required"
        syntax = self._proto.syntax
        if syntax in ("", "proto2") or (syntax == "proto3" and proto.proto3_optional):
            return "optional"
        return None

    def _enum(self, proto: descriptor_pb2.EnumDescriptorProto, scope: str, json_parent: bool) -> EnumModel:
        full_name = f"{scope}.{proto.name}" if scope else proto.name
        prefix = f"{self._proto.package}." if self._proto.package else ""
        model = EnumModel(
            proto.name, full_name, full_name.removeprefix(prefix), tuple((v.name, v.number) for v in proto.value),
            tuple((r.start, r.end) for r in proto.reserved_range), frozenset(proto.reserved_name),
            _json_allowed(proto.options, json_parent),
        )
        self._types[full_name] = model
        return model


def _synthetic(proto: descriptor_pb2.DescriptorProto, index: int) -> bool:
    """A oneof that protoc made up for a proto3 `optional` field."""
    members = [f for f in proto.field if f.HasField("oneof_index") and f.oneof_index == index]
    return len(members) == 1 and members[0].proto3_optional


def _json_allowed(options: descriptor_pb2.FileOptions | descriptor_pb2.MessageOptions | descriptor_pb2.EnumOptions,
                  inherited: bool) -> bool:
    features = options.features
    return features.json_format == _ALLOW if features.HasField("json_format") else inherited


def _cardinality(resolved: FieldDescriptor, is_map: bool) -> str:
    if is_map:
        return "map"
    if resolved.is_repeated:
        return "repeated"
    if resolved.is_required:
        return "required"
    return "optional with explicit presence" if resolved.has_presence else "optional with implicit presence"
