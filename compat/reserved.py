"""The reserved-field rules (Confluent's `validateFields`): the field names a subject's metadata reserves
(`confluent:reserved`, attached to each schema with `ParsedSchema.with_reserved`) stay reserved from the latest
version on, and no top-level field of the new schema takes one. The same for every format: which fields are
top-level is the format's to say (`ParsedSchema.top_level_fields`)."""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.catalogue import Engine
from schemata.compat.findings import Finding
from schemata.compat.schema import ParsedSchema


def reserved_field_removed(new: ParsedSchema, latest: ParsedSchema) -> Iterator[Finding]:
    """Each name `latest` reserves that `new` no longer does."""
    for name in sorted(latest.reserved - new.reserved):
        message = f"Field name '{name}' is reserved in the latest version's metadata but not in the new schema's"
        yield Engine.RESERVED_FIELD_REMOVED.finding(name, message)


def field_conflicts_with_reserved_field(new: ParsedSchema) -> Iterator[Finding]:
    """Each top-level field of `new` whose name its metadata reserves."""
    for name in sorted(new.reserved & new.top_level_fields()):
        message = f"Field '{name}' has a name the schema's metadata reserves (confluent:reserved)"
        yield Engine.FIELD_CONFLICTS_WITH_RESERVED_FIELD.finding(name, message)


def reserved_field_findings(new: ParsedSchema, latest: ParsedSchema | None) -> list[Finding]:
    """Both rules, as Confluent checks them: names dropped since the latest version (if there is one), then
    fields that take a reserved name."""
    removed = [] if latest is None else list(reserved_field_removed(new, latest))
    return removed + list(field_conflicts_with_reserved_field(new))
