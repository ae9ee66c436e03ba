"""How a reader's element finds the writer's element it reads: promotions, names and aliases, fields."""

from __future__ import annotations

from schemata.compat.avro.model import AvroType, Field, Named, Record, Union

#: Writer type -> the reader types that can read its values (besides itself).
PROMOTIONS: dict[str, frozenset[str]] = {
    "int": frozenset({"long", "float", "double"}),
    "long": frozenset({"float", "double"}),
    "float": frozenset({"double"}),
    "string": frozenset({"bytes"}),
    "bytes": frozenset({"string"}),
}


def promotes(writer_kind: str, reader_kind: str) -> bool:
    """Whether a reader of `reader_kind` can read a value written as `writer_kind`."""
    return writer_kind == reader_kind or reader_kind in PROMOTIONS.get(writer_kind, frozenset())


def names_match(reader: Named, writer: Named) -> bool:
    """Named types match on the unqualified name, or when the writer's full name is a reader alias.

    The unqualified comparison is Java Avro's (and so Confluent's): moving a type to another namespace
    does not break readers.
    """
    return reader.short_name == writer.short_name or writer.fullname in reader.aliases


def writer_field_for(writer: Record, reader_field: Field) -> Field | None:
    """The writer's field that `reader_field` reads: same name first, then the reader field's aliases."""
    for name in (reader_field.name, *reader_field.aliases):
        found = writer.field_named(name)
        if found is not None:
            return found
    return None


def corresponding_branch(reader: Union, writer: AvroType) -> int | None:
    """The reader branch meant to read `writer` (same kind, and same name for named types), if any.

    Used to explain why a union cannot read a writer type: the reason is in that branch.
    """
    for index, branch in enumerate(reader.branches):
        if branch.kind != writer.kind:
            continue
        if not isinstance(branch, Named) or (isinstance(writer, Named) and names_match(branch, writer)):
            return index
    return None
