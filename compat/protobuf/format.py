"""ProtobufFormat: the `SchemaFormat` registered for schemaType PROTOBUF."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import ClassVar

from schemata.compat.catalogue import Policy, incompatible
from schemata.compat.errors import SchemaParseError
from schemata.compat.findings import Finding
from schemata.compat.lru import LruCache
from schemata.compat.protobuf.compiler import source_key
from schemata.compat.protobuf.confluent_text import Declared, confluent_text
from schemata.compat.protobuf.diff import diff
from schemata.compat.protobuf.elements import FileElement, Unsupported, parse_elements
from schemata.compat.protobuf.lenient import compile_lenient
from schemata.compat.protobuf.schema import ProtobufSchema
from schemata.compat.protobuf.serialized import looks_serialized, proto_text_of
from schemata.compat.protobuf.wire import check_wire
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat

#: Parsed schemas are immutable, so equal sources share one (a registry parses the same schemas again and again);
#: at most 32 MiB of their canonical text.
_parsed: LruCache[tuple[str, bool], ProtobufSchema] = LruCache(
    512, max_bytes=32 * 2**20, size=lambda schema: len(schema.canonical)
)


def _renderings(elements: FileElement, schema: ProtobufSchema, normalize: bool) -> Iterator[str]:
    """Confluent's texts for `elements`, best first. Normalized: `toNormalizedString`, names resolved against
    what the compiled files declare. Else its rendering, then the same with oneofs left among the fields
    (Confluent moves them after the fields, which reorders the descriptor's fields)."""
    if normalize:
        yield confluent_text(elements, normalized=Declared.of(schema.files))
        return
    for member_order in (False, True):
        yield confluent_text(elements, member_order=member_order)


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

    def _parse(self, text: str, dependencies: Sequence[Dependency], normalize: bool) -> ProtobufSchema:
        source = proto_text_of(text, dependencies) if looks_serialized(text) else text
        compiled, unresolved = compile_lenient(source, dependencies)
        schema = ProtobufSchema(compiled, normalize=normalize, unresolved=unresolved)
        try:
            elements = parse_elements(source)
            for rendered in _renderings(elements, schema, normalize):
                if rendered == source or self._compiles_to(rendered, dependencies, schema, normalize):
                    return schema.rendered_as(rendered)
        except Unsupported:
            pass
        return schema

    @staticmethod
    def _compiles_to(text: str, dependencies: Sequence[Dependency], schema: ProtobufSchema, normalize: bool) -> bool:
        """Whether `text` compiles to `schema`; if so its parse is cached, stored as itself, for the reads of
        the text once stored (and a client registering it gets that very text back)."""
        try:
            compiled, unresolved = compile_lenient(text, dependencies)
        except SchemaParseError:
            return False
        twin = ProtobufSchema(compiled, normalize=normalize, unresolved=unresolved)
        if twin.canonical != schema.canonical and not (
            normalize and twin.extension_order_free() == schema.extension_order_free()
        ):
            return False
        _parsed.put((source_key(text, dependencies), normalize), twin.rendered_as(text))
        return True

    def check(self, reader: ParsedSchema, writer: ParsedSchema, *, policy: str) -> list[Finding]:
        if not isinstance(reader, ProtobufSchema) or not isinstance(writer, ProtobufSchema):
            raise TypeError("ProtobufFormat.check needs two ProtobufSchema values")
        if policy == Policy.STRICT:
            return incompatible(diff(writer, reader), policy)
        return check_wire(writer.model, reader.model, policy)
