"""ProtobufFormat: the `SchemaFormat` registered for schemaType PROTOBUF."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from schemata.compat.catalogue import Policy, incompatible
from schemata.compat.findings import Finding
from schemata.compat.lru import LruCache
from schemata.compat.protobuf.compiler import compile_proto, source_key
from schemata.compat.protobuf.diff import diff
from schemata.compat.protobuf.schema import ProtobufSchema
from schemata.compat.protobuf.serialized import looks_serialized, proto_text_of
from schemata.compat.protobuf.wire import check_wire
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat

#: Parsed schemas are immutable, so equal sources share one (a registry parses the same schemas again and again);
#: at most 32 MiB of their canonical text.
_parsed: LruCache[tuple[str, bool], ProtobufSchema] = LruCache(
    512, max_bytes=32 * 2**20, size=lambda schema: len(schema.canonical)
)


class ProtobufFormat(SchemaFormat):
    """STRICT: Confluent's rules (the default). WIRE and WIRE_JSON: the rule sets of `buf breaking`."""

    schema_type: ClassVar[str] = "PROTOBUF"
    policies: ClassVar[tuple[str, ...]] = ("STRICT", "WIRE", "WIRE_JSON")

    def parse(
        self, text: str, dependencies: Sequence[Dependency] = (), *, normalize: bool = False
    ) -> ProtobufSchema:
        """Parse .proto source, or a base64-encoded FileDescriptorProto as Confluent also accepts."""
        key = (source_key(text, dependencies), normalize)
        return _parsed.get_or_build(key, lambda: self._parse(text, dependencies, normalize))

    @staticmethod
    def _parse(text: str, dependencies: Sequence[Dependency], normalize: bool) -> ProtobufSchema:
        source = proto_text_of(text, dependencies) if looks_serialized(text) else text
        return ProtobufSchema(compile_proto(source, dependencies), normalize=normalize)

    def check(self, reader: ParsedSchema, writer: ParsedSchema, *, policy: str) -> list[Finding]:
        if not isinstance(reader, ProtobufSchema) or not isinstance(writer, ProtobufSchema):
            raise TypeError("ProtobufFormat.check needs two ProtobufSchema values")
        if policy == Policy.STRICT:
            return incompatible(diff(writer, reader), policy)
        return check_wire(writer.model, reader.model, policy)
