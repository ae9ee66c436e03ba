"""The engine's own rules, the same for every format: both schemas are of one type, and (with validateFields)
the field names the subject's metadata reserves (`confluent:reserved`) stay reserved and unused."""

from __future__ import annotations

from schemata.compat.catalogue.table import NEVER, Entry, Kind, Policy, Table


class Engine(Table):
    format = None
    title = "Every format"
    policies = frozenset(Policy)
    names_differences = False  # Confluent reports these as sentences, without a type

    SCHEMA_TYPE_CHANGED = Entry(
        Kind.SCHEMAS, NEVER, "A subject keeps one schema type.",
        "A subject keeps one schema type; register the new format under a new subject.",
    )
    RESERVED_FIELD_REMOVED = Entry(
        Kind.SCHEMAS, NEVER, "A field name the latest version reserves stays reserved (with validateFields).",
        "Keep every name of the latest version's confluent:reserved in the new metadata, so that the name is never "
        "reused with another meaning.",
    )
    FIELD_CONFLICTS_WITH_RESERVED_FIELD = Entry(
        Kind.SCHEMAS, NEVER, "No top-level field takes a name the metadata reserves (with validateFields).",
        "Rename the field, or take its name out of confluent:reserved if no version ever used it otherwise.",
    )
