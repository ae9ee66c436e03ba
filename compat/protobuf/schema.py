"""ProtobufSchema: one compiled .proto file with its imports, its canonical text and its descriptors."""

from __future__ import annotations

import base64
import copy
import threading
from collections.abc import Iterable, Sequence
from typing import ClassVar

from google.protobuf import descriptor_pb2, descriptor_pool
from google.protobuf.descriptor import Descriptor
from google.protobuf.internal.containers import RepeatedCompositeFieldContainer

from schemata.compat.protobuf.compiler import CompiledFiles
from schemata.compat.protobuf.indexes import indexes_of, name_at
from schemata.compat.protobuf.model import FileModel, build_model
from schemata.compat.protobuf.names import SymbolTable
from schemata.compat.protobuf.options import OptionReader
from schemata.compat.protobuf.pool import build_pool
from schemata.compat.protobuf.printer import print_file
from schemata.compat.protobuf.tags import retagged_text, tagged_entities
from schemata.compat.schema import ParsedSchema
from schemata.compat.tags import SchemaEntity, TagChanges


class ProtobufSchema(ParsedSchema):
    """A parsed Protobuf schema. Immutable; the descriptor pool is built once, at construction."""

    schema_type: ClassVar[str] = "PROTOBUF"

    def __init__(
        self, compiled: CompiledFiles, *, normalize: bool = False, unresolved: tuple[str, ...] = ()
    ) -> None:
        self._compiled = compiled
        self._unresolved = unresolved
        self._lock = threading.Lock()
        self._model: FileModel | None = None
        self._pool = build_pool(compiled.files)
        self._canonical = print_file(
            compiled.root, SymbolTable(compiled.files), OptionReader(self._pool), normalize=normalize
        )
        self._stored_text = self._canonical

    @property
    def canonical(self) -> str:
        """Our printer's text of the compiled descriptors: the identity of the schema (de-duplication)."""
        return self._canonical

    @property
    def stored_text(self) -> str:
        """Confluent's rendering of the source when it compiles back to this schema, else `canonical`."""
        return self._stored_text

    @property
    def unresolved(self) -> tuple[str, ...]:
        """Custom options and types the source names without declaring or importing them (left out of the
        descriptors), as Confluent accepts unless validateFields is on."""
        return self._unresolved

    def extension_order_free(self) -> str:
        """The normalized canonical text with, at every level, extensions ordered by extendee and number and
        extension ranges by start: orders the encoding ignores, which Confluent's normalization sorts and
        our canonical text keeps (so a rendering that sorts them is still this schema)."""
        root = descriptor_pb2.FileDescriptorProto()
        root.CopyFrom(self._compiled.root)
        _sort_extensions(root.extension, root.message_type)
        with self._lock:
            return print_file(root, SymbolTable(self._compiled.files), OptionReader(self._pool), normalize=True)

    def retagged(self, changes: TagChanges) -> str:
        return retagged_text(self._stored_text, changes)

    def tagged_entities(self) -> dict[SchemaEntity, tuple[str, ...]]:
        return tagged_entities(self._stored_text)

    def strict_problems(self) -> tuple[str, ...]:
        """Linked, as Confluent links a schema with validateFields on, the unresolved names are errors."""
        if not self._unresolved:
            return ()
        return ("the schema names what it neither declares nor imports: " + ", ".join(self._unresolved),)

    def rendered_as(self, text: str) -> ProtobufSchema:
        """This schema, stored and returned as `text` (a rendering that compiles back to it)."""
        twin = copy.copy(self)  # shares the pool, and so the lock that guards it
        twin._stored_text = text
        return twin

    @property
    def file_descriptor_proto(self) -> descriptor_pb2.FileDescriptorProto:
        """The compiled root file (do not mutate: it is shared with the parse cache)."""
        return self._compiled.root

    @property
    def files(self) -> tuple[descriptor_pb2.FileDescriptorProto, ...]:
        """The root file and everything it imports, dependencies first."""
        return self._compiled.files

    @property
    def pool(self) -> descriptor_pool.DescriptorPool:
        """A descriptor pool holding the root file and its imports."""
        return self._pool

    @property
    def model(self) -> FileModel:
        """The view the compatibility rules work on (built on first use)."""
        with self._lock:
            if self._model is None:
                self._model = build_model(self._compiled.files, self._pool)
            return self._model

    def message_descriptor(self, full_name: str) -> Descriptor:
        """The descriptor of message `full_name` (KeyError if unknown), for building dynamic messages."""
        with self._lock:
            return self._pool.FindMessageTypeByName(full_name.lstrip("."))

    def message_indexes(self, full_name: str) -> list[int]:
        """The wire-format message indexes of `full_name`, a message declared in this file."""
        return indexes_of(self._compiled.root, full_name)

    def message_name_at(self, indexes: Sequence[int]) -> str:
        """The full name of the message at wire-format `indexes` in this file."""
        return name_at(self._compiled.root, indexes)

    def record_name(self) -> str | None:
        root = self._compiled.root
        if not root.message_type:
            return None
        first = root.message_type[0].name
        return f"{root.package}.{first}" if root.package else first

    def top_level_fields(self) -> frozenset[str]:
        """The fields of each top-level message of the file, as wire's parse lists them (Confluent's view):
        a oneof's members and groups are not among them, a proto3 `optional` field is."""
        return frozenset(
            f.name
            for message in self._compiled.root.message_type
            for f in message.field
            if f.type != f.TYPE_GROUP and (f.proto3_optional or not f.HasField("oneof_index"))
        )

    def render(self, fmt: str) -> str | None:
        if fmt == "serialized":
            return base64.b64encode(self._compiled.root.SerializeToString(deterministic=True)).decode("ascii")
        return None


def _sort_extensions(
    extensions: RepeatedCompositeFieldContainer[descriptor_pb2.FieldDescriptorProto],
    messages: Iterable[descriptor_pb2.DescriptorProto],
) -> None:
    extensions.sort(key=lambda e: (e.extendee, e.number))
    for message in messages:
        message.extension_range.sort(key=lambda r: r.start)
        _sort_extensions(message.extension, message.nested_type)
