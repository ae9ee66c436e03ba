"""The audit log's SQL: append one entry, read entries by subject, principal and time."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select

from schemata.registry.domain import AuditEntry, AuditQuery
from schemata.registry.storage.tables import audit_log

_A = audit_log.c


class AuditTxn:
    """Audit-log statements inside one transaction."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def append(self, entry: AuditEntry) -> None:
        self._conn.execute(
            insert(audit_log).values(
                at_micros=entry.at_micros,
                principal=entry.principal,
                method=entry.method,
                path=entry.path,
                subject=entry.subject,
                status=entry.status,
            )
        )

    def entries(self, query: AuditQuery) -> list[AuditEntry]:
        """Entries matching every filter of `query` that is set, oldest first, at most `query.limit`."""
        statement = select(audit_log).order_by(_A.id).limit(query.limit)
        if query.after is not None:
            statement = statement.where(_A.id > query.after)
        if query.subject is not None:
            statement = statement.where(_A.subject == query.subject)
        if query.principal is not None:
            statement = statement.where(_A.principal == query.principal)
        if query.since_micros is not None:
            statement = statement.where(_A.at_micros >= query.since_micros)
        if query.until_micros is not None:
            statement = statement.where(_A.at_micros < query.until_micros)
        return [
            AuditEntry(r.at_micros, r.principal, r.method, r.path, r.subject, r.status, r.id)
            for r in self._conn.execute(statement)
        ]
