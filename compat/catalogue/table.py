"""The shape of the rule catalogue: what one entry says about a rule, and the table a format writes its entries in.

An entry's id is the name it is assigned to in its table (`Avro.TYPE_MISMATCH`), so every id is spelled once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from schemata.compat.findings import Finding


class UnknownRuleError(LookupError):
    """A rule id that is not in the catalogue, or a rule used where its book or its kind does not allow it.

    A programming error, never a property of a schema: a difference must not vanish for want of an entry.
    """


class Format(StrEnum):
    """The schema types, as the REST API names them."""

    AVRO = "AVRO"
    JSON = "JSON"
    PROTOBUF = "PROTOBUF"


class Policy(StrEnum):
    """The compatibility policies of the formats (`compatibilityPolicy`); each format knows some of them."""

    STRICT = "STRICT"
    LENIENT = "LENIENT"
    WIRE = "WIRE"
    WIRE_JSON = "WIRE_JSON"


class Kind(StrEnum):
    """The element pair a rule inspects: what the format's walk hands the rule's function after the Rule.

    Avro: PAIR (two non-union types), NAMED (two records, enums or fixed of one kind), RECORD, ENUM, FIXED,
    UNION (a reader union and a writer type none of its branches reads).
    JSON Schema: PRESENCE (a subschema on one side only), MISMATCH (schemas of different kinds), ANNOTATION and
    SCHEMA (the keywords of a schema pair), PROPERTY and ITEM (a member on one side only), DEPENDENCY, COMBINATION.
    Protobuf: FILE, MESSAGE_SLOT and ENUM_SLOT (a type at one nesting level), ENUM_VALUE, MESSAGE, FIELD, TYPE (a
    field's type), ENUM, METHOD (an RPC).
    Every format: SCHEMAS (the two whole schemas).
    """

    PAIR = "pair"
    NAMED = "named"
    RECORD = "record"
    ENUM = "enum"
    FIXED = "fixed"
    UNION = "union"
    PRESENCE = "presence"
    MISMATCH = "mismatch"
    ANNOTATION = "annotation"
    SCHEMA = "schema"
    PROPERTY = "property"
    ITEM = "item"
    DEPENDENCY = "dependency"
    COMBINATION = "combination"
    FILE = "file"
    MESSAGE_SLOT = "message slot"
    ENUM_SLOT = "enum slot"
    ENUM_VALUE = "enum value"
    MESSAGE = "message"
    FIELD = "field"
    TYPE = "type"
    METHOD = "method"
    SCHEMAS = "schemas"


NEVER: frozenset[Policy] = frozenset()


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One rule: the kind of element pair it inspects, the policies that accept its findings (the change stays
    compatible), a one-line purpose and the default hint. `only_under` narrows the policies that check the rule
    at all to some of its table's (buf's categories).

    Set by the table: `id` (the attribute name), `format` (None: every format), `checked_under`, and
    `difference_type`, the name the format's reference checker gives the difference (Confluent's type; None
    where it has none).
    """

    kind: Kind
    compatible_under: frozenset[Policy]
    purpose: str
    hint: str = ""
    only_under: frozenset[Policy] = NEVER
    id: str = field(init=False)
    format: Format | None = field(init=False)
    checked_under: frozenset[Policy] = field(init=False)
    difference_type: str | None = field(init=False)

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "id", name)

    def finding(self, path: str, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at `path`, with the default hint unless one is given."""
        return Finding(self.id, path, message, self.hint if hint is None else hint)

    def __repr__(self) -> str:
        return f"Entry({self.id})"


class Table:
    """A format's entries, written as class attributes: `NAME = Entry(kind, compatible_under, purpose, hint)`.

    A subclass declares its `format`, `title`, the `policies` that check its rules, and whether its ids are the
    reference checker's difference types; `entries` lists its entries in the order written.
    """

    format: ClassVar[Format | None]
    title: ClassVar[str]
    policies: ClassVar[frozenset[Policy]]
    names_differences: ClassVar[bool]
    entries: ClassVar[tuple[Entry, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        entries = tuple(value for value in vars(cls).values() if isinstance(value, Entry))
        for entry in entries:
            checked = entry.only_under or cls.policies
            if not entry.compatible_under <= checked <= cls.policies:
                raise ValueError(f"{entry.id}: policies outside those {cls.__name__} checks it under")
            object.__setattr__(entry, "format", cls.format)
            object.__setattr__(entry, "checked_under", checked)
            object.__setattr__(entry, "difference_type", entry.id if cls.names_differences else None)
        cls.entries = entries
