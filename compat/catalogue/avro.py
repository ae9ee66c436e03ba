"""Avro's rules: the incompatibility types of Apache Avro's `SchemaCompatibility`, which Confluent reports.

Avro has one policy, STRICT, and no incompatibility is accepted under it.
"""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Format, Kind, Policy, Table


class Avro(Table):
    format = Format.AVRO
    title = "Avro"
    policies = frozenset({Policy.STRICT})
    names_differences = True

    TYPE_MISMATCH = Entry(
        Kind.PAIR, NEVER, "The reader's type is the writer's type or one the writer's type promotes to.",
        "Use the same type in both schemas, or make the reader's type a union that includes the writer's.",
    )
    NAME_MISMATCH = Entry(
        Kind.NAMED, NEVER, "A named type keeps its name, or the reader lists the writer's full name among its aliases.",
        "Use the same name in both schemas, or add the writer's full name to the reader type's aliases.",
    )
    FIXED_SIZE_MISMATCH = Entry(
        Kind.FIXED, NEVER, "A fixed type keeps its size.",
        "Use the same size in both schemas; for a new size, add a new field with a new fixed type and a default.",
    )
    MISSING_ENUM_SYMBOLS = Entry(
        Kind.ENUM, NEVER, "The reader's enum has every symbol of the writer's, or a default for the symbols it lacks.",
        "Add the symbols to the reader's enum, or give the reader's enum a default.",
    )
    READER_FIELD_MISSING_DEFAULT_VALUE = Entry(
        Kind.RECORD, NEVER, "A reader field that the writer does not write has a default value.",
        "Add a default to the field, or keep the field in the writer.",
    )
    MISSING_UNION_BRANCH = Entry(
        Kind.UNION, NEVER, "Every type the writer may write has a branch in the reader's union that can read it.",
        "Add the writer's type to the reader's union.",
    )
