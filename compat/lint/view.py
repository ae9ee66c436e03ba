"""The format-neutral view the lint rules read: records (Avro records, JSON Schema objects, Protobuf messages)
with their fields, and enums, each with the path a finding reports it at.

A field's `kind` says what its values are, whatever the format spells: `timestamp` (Avro timestamp logical
types, JSON `format: date-time`, `google.protobuf.Timestamp`), `string` (a plain string: no format or logical
type), `integer`, `float` (Avro float/double, JSON number, Protobuf float/double), `decimal`, `boolean`,
`bytes`, `record`, `enum`, `array`, `map` (values under any key), `any` (no constraint at all) or `other`.
`node` is the format's own element, for the rules that only make sense in one format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

KINDS = frozenset({
    "timestamp", "string", "formatted", "integer", "float", "decimal", "boolean", "bytes", "record", "enum",
    "array", "map", "any", "other",
})
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    path: str
    doc: str | None
    kind: str
    optional: bool
    node: Any = field(default=None, compare=False, repr=False)

    @property
    def words(self) -> tuple[str, ...]:
        """The words of the name, lower case: `totalCents` and `total_cents` are (total, cents)."""
        return tuple(word.lower() for word in _WORDS.findall(self.name))


@dataclass(frozen=True, slots=True)
class RecordView:
    """A record; `name` is None for an object schema without a title (JSON Schema), `name_path` where its
    name is written."""

    name: str | None
    path: str
    name_path: str
    doc: str | None
    fields: tuple[FieldView, ...]
    node: Any = field(default=None, compare=False, repr=False)

    def field_named(self, names: tuple[str, ...]) -> FieldView | None:
        """The first field called one of `names`."""
        by_name = {each.name: each for each in self.fields}
        return next((by_name[name] for name in names if name in by_name), None)


@dataclass(frozen=True, slots=True)
class EnumView:
    name: str
    path: str
    name_path: str
    symbols: tuple[tuple[str, str], ...]  # (symbol, its path)
    node: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SchemaView:
    """Every record and enum defined in the schema text (not in its references), the root record first."""

    records: tuple[RecordView, ...]
    enums: tuple[EnumView, ...]
    root: RecordView | None
