"""The parsed Avro schema as a graph of small typed nodes.

Named types (record, enum, fixed) are single objects: every reference to a name points at the node that
defines it, so a recursive type is a cycle in the graph. Nodes therefore compare and hash by identity
(`eq=False`); comparing them structurally would loop on recursive types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRIMITIVE_NAMES = frozenset({"null", "boolean", "int", "long", "float", "double", "bytes", "string"})

#: Marks a field without a default (`None` is the valid default of a "null" field).
NO_DEFAULT: Any = object()

#: Extra attributes (logicalType, precision, connect.name, ...) in the order they were written.
Props = tuple[tuple[str, Any], ...]


@dataclass(eq=False, slots=True)
class Primitive:
    name: str
    props: Props = ()

    @property
    def kind(self) -> str:
        return self.name


@dataclass(eq=False, slots=True)
class Array:
    items: AvroType
    props: Props = ()
    kind = "array"


@dataclass(eq=False, slots=True)
class Map:
    values: AvroType
    props: Props = ()
    kind = "map"


@dataclass(eq=False, slots=True)
class Union:
    branches: tuple[AvroType, ...]
    kind = "union"


@dataclass(eq=False, slots=True)
class Named:
    """What record, enum and fixed share: a full name, the namespace it opens, aliases (as full names)."""

    fullname: str
    aliases: tuple[str, ...] = ()
    doc: str | None = None
    props: Props = ()

    @property
    def namespace(self) -> str:
        return self.fullname.rpartition(".")[0]

    @property
    def short_name(self) -> str:
        return self.fullname.rpartition(".")[2]


@dataclass(eq=False, slots=True)
class Field:
    name: str
    type: AvroType
    default: Any = NO_DEFAULT
    aliases: tuple[str, ...] = ()
    doc: str | None = None
    order: str | None = None
    props: Props = ()

    @property
    def has_default(self) -> bool:
        return self.default is not NO_DEFAULT


@dataclass(eq=False, slots=True)
class Record(Named):
    #: Filled in after the record is registered under its name, so that its fields can refer to it.
    fields: tuple[Field, ...] = ()
    #: "record" or "error" (an error is a record that Avro protocols throw).
    type_name: str = "record"
    _by_name: dict[str, Field] | None = field(default=None, repr=False)
    kind = "record"

    def field_named(self, name: str) -> Field | None:
        """The field called `name` (indexed on first use: fields are final once parsing is done)."""
        if self._by_name is None:
            self._by_name = {each.name: each for each in self.fields}
        return self._by_name.get(name)


@dataclass(eq=False, slots=True)
class Enum(Named):
    symbols: tuple[str, ...] = ()
    default: str | None = None
    kind = "enum"


@dataclass(eq=False, slots=True)
class Fixed(Named):
    size: int = 0
    kind = "fixed"


AvroType = Primitive | Array | Map | Union | Record | Enum | Fixed
NamedType = Record | Enum | Fixed


def describe(node: AvroType) -> str:
    """A short description of a type for messages: `long`, `record 'a.User'`, `union [null, string]`."""
    if isinstance(node, Union):
        return "union [" + ", ".join(describe(branch) for branch in node.branches) + "]"
    if isinstance(node, Named):
        return f"{node.kind} '{node.fullname}'"
    if isinstance(node, Array):
        return f"array of {describe(node.items)}"
    if isinstance(node, Map):
        return f"map of {describe(node.values)}"
    logical = dict(node.props).get("logicalType")
    return f"{node.kind} ({logical})" if isinstance(logical, str) else node.kind
