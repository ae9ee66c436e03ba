"""The web UI's reads: a page of subjects found by a part of their name, and what its list shows of each,
a few queries per page whatever the number of subjects (nothing is read for the subjects not shown)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, Integer, Select, cast, func, or_, select

from schemata.registry.domain import AuditEntry, ContractRole, SubjectVersion
from schemata.registry.storage.tables import audit_log, contracts, schema_references, schemas, subject_versions

_SV = subject_versions.c


def _matching(contains: str, prefixes: Sequence[str] | None) -> Select[tuple[str]]:
    """Live subjects (with a live version) whose name holds `contains` (ASCII letters in either case),
    within `prefixes` if given, sorted."""
    query = (
        select(_SV.subject)
        .group_by(_SV.subject)
        .having(func.sum(cast(~_SV.deleted, Integer)) > 0)
        .order_by(_SV.subject)
    )
    if contains:
        query = query.where(func.lower(_SV.subject).contains(contains.lower(), autoescape=True))
    if prefixes is not None:
        query = query.where(or_(*(_starts_with(prefix) for prefix in prefixes)) if prefixes else _SV.subject.is_(None))
    return query


def _starts_with(prefix: str) -> ColumnElement[bool]:
    return func.substr(_SV.subject, 1, len(prefix)) == prefix


class BrowseTxn:
    """The UI's statements inside one read transaction."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def subjects(
        self, contains: str, *, prefixes: Sequence[str] | None = None, offset: int = 0, limit: int = -1
    ) -> list[str]:
        """The live subjects whose name holds `contains` (within `prefixes`), sorted; `limit` < 0: all."""
        query = _matching(contains, prefixes)
        if offset > 0:
            query = query.offset(offset)
        return list(self._conn.scalars(query.limit(limit) if limit >= 0 else query))

    def count(self, contains: str) -> int:
        """How many live subjects have `contains` in their name."""
        return int(self._conn.scalar(select(func.count()).select_from(_matching(contains, None).subquery())) or 0)

    def versions(self, subjects: Sequence[str]) -> dict[str, list[SubjectVersion]]:
        """Every version row (soft-deleted ones too) of each of `subjects`, oldest first, in one query."""
        found: dict[str, list[SubjectVersion]] = {subject: [] for subject in subjects}
        rows = self._conn.execute(
            select(_SV.subject, _SV.version, _SV.schema_id, _SV.deleted, _SV.ts)
            .where(_SV.subject.in_(list(subjects)))
            .order_by(_SV.subject, _SV.version)
        )
        for r in rows:
            found[r.subject].append(SubjectVersion(r.subject, r.version, r.schema_id, r.deleted, r.ts))
        return found

    def schema_types(self, schema_ids: Sequence[int]) -> dict[int, str]:
        rows = self._conn.execute(select(schemas.c.id, schemas.c.schema_type).where(schemas.c.id.in_(list(schema_ids))))
        return {row.id: row.schema_type for row in rows}

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
        """The subject versions whose schema references some version of `subject`: (the version referenced,
        the referrer), in one query."""
        ref = schema_references.c
        rows = self._conn.execute(
            select(ref.version.label("target"), _SV.subject, _SV.version, _SV.schema_id, _SV.deleted)
            .join(schema_references, ref.schema_id == _SV.schema_id)
            .where(ref.subject == subject)
            .order_by(ref.version, _SV.subject, _SV.version)
        )
        return [(r.target, SubjectVersion(r.subject, r.version, r.schema_id, r.deleted)) for r in rows]

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
