"""The Avro format of the engine: `AvroFormat` parses and checks, `AvroSchema` is what it parses to."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cached_property
from typing import Any, ClassVar

from fastavro.schema import SchemaParseException, UnknownType, parse_schema

from schemata.compat.avro import resolution
from schemata.compat.avro.canonical import canonical_text, inlined_text
from schemata.compat.avro.model import AvroType, Named, Record
from schemata.compat.avro.parse import load
from schemata.compat.avro.tags import retagged_text, tagged_entities
from schemata.compat.budget import budgeted
from schemata.compat.errors import SchemaParseError
from schemata.compat.findings import Finding
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat
from schemata.compat.tags import SchemaEntity, TagChanges


class AvroSchema(ParsedSchema):
    """A parsed, validated Avro schema. Immutable; equal and hashed by its canonical text.

    `root` is the typed graph the checker walks (named types from references included).
    """

    schema_type: ClassVar[str] = "AVRO"

    def __init__(self, root: AvroType, canonical: str, dependencies: tuple[Dependency, ...]) -> None:
        self._root = root
        self._canonical = canonical
        self._dependencies = dependencies
        self._inlined: dict[bool, str | None] = {}

    @property
    def root(self) -> AvroType:
        return self._root

    @property
    def canonical(self) -> str:
        return self._canonical

    @property
    def dependencies(self) -> tuple[Dependency, ...]:
        return self._dependencies

    def record_name(self) -> str | None:
        return self._root.fullname if isinstance(self._root, Named) else None

    def top_level_fields(self) -> frozenset[str]:
        """The fields of the root record (none when the root is not a record)."""
        return frozenset(f.name for f in self._root.fields) if isinstance(self._root, Record) else frozenset()

    def inlined(self, *, normalize: bool) -> str | None:
        """The named types of references defined at their first use, like the schema's own (Confluent
        compares Avro schemas resolved); None past the limits of a schema (see `inlined_text`). Kept."""
        if normalize not in self._inlined:
            self._inlined[normalize] = inlined_text(self._root, normalize=normalize)
        return self._inlined[normalize]

    def retagged(self, changes: TagChanges) -> str:
        return retagged_text(self._canonical, changes)

    def tagged_entities(self) -> dict[SchemaEntity, tuple[str, ...]]:
        return tagged_entities(self._canonical)

    @property
    def fastavro_schema(self) -> Any:
        """The schema parsed by fastavro, references included, ready for `fastavro.schemaless_writer`.

        Parsed once, on first use, and shared: do not mutate it. SchemaParseError in the rare case that
        fastavro cannot express a schema Avro allows (a reference from inside a namespace to a type in
        the null namespace).
        """
        return self._fastavro[0]

    @property
    def fastavro_named_schemas(self) -> dict[str, Any]:
        """fastavro's table of the named types in scope (references' and this schema's), by full name."""
        return self._fastavro[1]

    @cached_property
    def _fastavro(self) -> tuple[Any, dict[str, Any]]:
        named: dict[str, Any] = {}
        try:
            for dependency in self._dependencies:
                parse_schema(json.loads(dependency.text), named)
            return parse_schema(json.loads(self._canonical), named), named
        except (SchemaParseException, UnknownType) as error:
            raise SchemaParseError(f"fastavro cannot use this schema: {error}") from None

    def __repr__(self) -> str:
        return f"AvroSchema({self._canonical[:80]!r})"


class AvroFormat(SchemaFormat):
    """Avro: parsing with name scoping and default validation, and reader/writer schema resolution."""

    schema_type: ClassVar[str] = "AVRO"

    def parse(self, text: str, dependencies: Sequence[Dependency] = (), *, normalize: bool = False) -> AvroSchema:
        loaded = load(text, dependencies)
        return AvroSchema(
            loaded.root, canonical_text(loaded.root, loaded.imported, normalize=normalize), tuple(dependencies)
        )

    @budgeted()
    def check(self, reader: ParsedSchema, writer: ParsedSchema, *, policy: str) -> list[Finding]:
        if not isinstance(reader, AvroSchema) or not isinstance(writer, AvroSchema):
            raise TypeError("AvroFormat.check needs two AvroSchema objects")
        return resolution.check(reader.root, writer.root, policy)
