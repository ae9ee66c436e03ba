"""The web UI's reads: what the subject list shows of the subjects of one page, in one query each whatever
their number (nothing is read for the subjects not shown), what references a subject, the audit log newest
first."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select

from schemata.registry.domain import AuditEntry, ContractRole, SchemaKey, SubjectVersion
from schemata.registry.storage.tables import audit_log, contracts, schema_references, schemas, subject_versions
from schemata.registry.storage.transactions import VERSION_COLUMNS, references_to, version_of, with_schema

_SV = subject_versions.c


class BrowseTxn:
    """The UI's statements inside one read transaction."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def versions(self, subjects: Sequence[str]) -> dict[str, list[SubjectVersion]]:
        """Every version row (soft-deleted ones too) of each of `subjects`, oldest first, in one query."""
        found: dict[str, list[SubjectVersion]] = {subject: [] for subject in subjects}
        rows = self._conn.execute(
            with_schema(select(*VERSION_COLUMNS))
            .where(_SV.subject.in_(list(subjects)))
            .order_by(_SV.subject, _SV.version)
        )
        for r in rows:
            found[r.subject].append(version_of(r))
        return found

    def schema_types(self, keys: Sequence[SchemaKey]) -> dict[SchemaKey, str]:
        """The type of each schema of `keys`, in one query."""
        rows = self._conn.execute(select(schemas.c.id, schemas.c.schema_type).where(schemas.c.id.in_(list(keys))))
        return {SchemaKey(row.id): row.schema_type for row in rows}

    def services(self, subjects: Sequence[str]) -> dict[str, dict[ContractRole, list[str]]]:
        """The services producing and consuming each of `subjects`, sorted, in one query."""
        c = contracts.c
        found: dict[str, dict[ContractRole, list[str]]] = {s: {role: [] for role in ContractRole} for s in subjects}
        rows = self._conn.execute(
            select(c.subject, c.role, c.service).where(c.subject.in_(list(subjects))).order_by(c.service)
        )
        for row in rows:
            found[row.subject][ContractRole(row.role)].append(row.service)
        return found

    def referrers(self, subject: str) -> list[tuple[int, SubjectVersion]]:
        """The subject versions whose schema references some version of `subject` (under any of the names
        that resolve to it: `transactions.references_to`): (the version referenced, the referrer), in one
        query."""
        ref = schema_references.c
        rows = self._conn.execute(
            with_schema(select(ref.version.label("target"), *VERSION_COLUMNS))
            .join(schema_references, ref.schema_id == _SV.schema_id)
            .where(references_to(subject))
            .order_by(ref.version, _SV.subject, _SV.version)
        )
        return [(r.target, version_of(r)) for r in rows]

    def audit_newest(self, *, subject: str | None, before: int | None, limit: int) -> list[AuditEntry]:
        """The audit log's newest entries (of `subject`, if given) with an id below `before`, newest first."""
        a = audit_log.c
        query = select(audit_log).order_by(a.id.desc()).limit(limit)
        if subject is not None:
            query = query.where(a.subject == subject)
        if before is not None:
            query = query.where(a.id < before)
        return [
            AuditEntry(r.at_micros, r.principal, r.method, r.path, r.subject, r.status, r.id)
            for r in self._conn.execute(query)
        ]
