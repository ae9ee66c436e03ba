"""The format-neutral view of a schema: what every format's parser returns and what its checker takes."""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from schemata.compat.findings import Finding
from schemata.compat.tags import SchemaEntity, TagChanges


@dataclass(frozen=True, slots=True)
class Dependency:
    """A referenced schema, already resolved by the caller.

    `name` is the reference name (Avro: the full type name; JSON Schema: the `$ref` URI; Protobuf: the
    import path). A dependency's own dependencies come before it in the sequence handed to a parser
    (depth-first order), so a parser can load them in order.
    """

    name: str
    schema_type: str
    text: str


class ParsedSchema(ABC):
    """A schema parsed and validated by its format. Immutable once built; safe to cache by schema id."""

    schema_type: ClassVar[str]

    @property
    @abstractmethod
    def canonical(self) -> str:
        """The text stored and compared for de-duplication (normalised when parsed with normalize=True)."""

    @property
    def stored_text(self) -> str:
        """The text a registry stores and returns for this schema: the canonical text, unless the format
        renders schemas as Confluent's registry does (Protobuf). Parsing it gives this schema back."""
        return self.canonical

    def record_name(self) -> str | None:
        """The full name used by the record subject-name strategies, where the format has one."""
        return None

    def render(self, fmt: str) -> str | None:
        """The schema in an alternative `format` (GET ...?format=), or None if the format has no such form."""
        return None

    def inlined(self, *, normalize: bool) -> str | None:
        """The text a lookup compares when the schema posted has no references and a stored one has some
        (Confluent's `canLookup`), normalized or plain: this default, for the formats Confluent compares by
        canonical text whatever their references (JSON Schema, Protobuf), is the canonical text (parsed with
        the same `normalize`); Avro, compared resolved, writes what its references define in place. None
        when that text is beyond the limits of a schema: no schema posted can equal it."""
        return self.canonical

    #: The field names reserved for the subject (Confluent's `confluent:reserved` metadata property).
    _reserved: frozenset[str] = frozenset()

    @property
    def reserved(self) -> frozenset[str]:
        """The field names reserved for the subject, as `with_reserved` attached them (none by default)."""
        return self._reserved

    def with_reserved(self, names: frozenset[str]) -> ParsedSchema:
        """This schema with `names` reserved for its subject; the parsed state is shared, not copied."""
        twin = copy.copy(self)
        twin._reserved = names
        return twin

    def strict_problems(self) -> tuple[str, ...]:
        """What the format lets through unless fields are validated (Confluent's `validate(strict)` with
        validateFields on refuses it), each a phrase saying what and where; none by default."""
        return ()

    def top_level_fields(self) -> frozenset[str]:
        """The field names a reserved name may not take (Confluent's `hasTopLevelField`): the fields of an
        Avro record, of each top-level Protobuf message, the properties of a JSON schema's root object."""
        return frozenset()

    @abstractmethod
    def retagged(self, changes: TagChanges) -> str:
        """The schema's stored text with `changes` made to the tags of its records and fields (Confluent's
        schema tags), for the caller to parse and register; TagPathError for an entity path that names nothing,
        TagsNotSupportedError for a schema the format cannot rewrite."""

    @abstractmethod
    def tagged_entities(self) -> dict[SchemaEntity, tuple[str, ...]]:
        """The records and fields of the schema that carry tags, each by a path `retagged` takes, with its tags
        (what `propagateSchemaTags` carries over to a new version)."""

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ParsedSchema)
            and self.schema_type == other.schema_type
            and self.canonical == other.canonical
        )

    def __hash__(self) -> int:
        return hash((self.schema_type, self.canonical))


class SchemaFormat(ABC):
    """A schema format: how to parse it and how to tell whether a reader can read a writer's data."""

    schema_type: ClassVar[str]
    #: The compatibility policies this format knows; the first is the default.
    policies: ClassVar[tuple[str, ...]] = ("STRICT",)

    @abstractmethod
    def parse(self, text: str, dependencies: Sequence[Dependency] = (), *, normalize: bool = False) -> ParsedSchema:
        """Parse and validate `text`; raise `schemata.compat.errors.SchemaParseError` with the reason and where."""

    @abstractmethod
    def check(self, reader: ParsedSchema, writer: ParsedSchema, *, policy: str) -> list[Finding]:
        """The findings that stop `reader` from reading data written with `writer` (empty: compatible).

        For the diff-based formats (JSON Schema, Protobuf) the writer is the "original" and the reader
        the "update", as Confluent's checkers name them.
        """
