"""The engine's own rule, checked before any format's: both schemas are of one type."""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Kind, Policy, Table


class Engine(Table):
    format = None
    title = "Every format"
    policies = frozenset(Policy)
    names_differences = False  # Confluent reports it as a sentence, without a type

    SCHEMA_TYPE_CHANGED = Entry(
        Kind.SCHEMAS, NEVER, "A subject keeps one schema type.",
        "A subject keeps one schema type; register the new format under a new subject.",
    )
