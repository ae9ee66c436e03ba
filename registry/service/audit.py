"""The audit log: every write request recorded with who, when, what and its outcome; read back by filters."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from schemata.registry.domain import AuditEntry, AuditQuery
from schemata.registry.errors import InvalidRequest
from schemata.registry.storage import Storage

#: The most entries one read answers (page with `after` for more).
MAX_LIMIT = 10_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AuditService:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def record(self, principal: str, method: str, path: str, subject: str | None, status: int) -> None:
        entry = AuditEntry(time.time_ns() // 1000, principal, method, path, subject, status)
        with self.storage.audit(append=True) as txn:
            txn.append(entry)

    def entries(
        self,
        *,
        subject: str | None = None,
        principal: str | None = None,
        since: str | None = None,
        until: str | None = None,
        after: int | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """Entries matching every filter given, oldest first; `since`/`until` are ISO 8601 times (UTC unless
        they say otherwise), `since` inclusive, `until` exclusive."""
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidRequest(f"'limit' must be between 1 and {MAX_LIMIT}, not {limit}")
        query = AuditQuery(
            subject or None, principal or None, _micros(since, "since"), _micros(until, "until"), after, limit
        )
        with self.storage.audit() as txn:
            return txn.entries(query)


def _micros(text: str | None, name: str) -> int | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise InvalidRequest(f"'{name}' must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not {text!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // timedelta(microseconds=1)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """An entry as GET /audit and `schemata export` write it."""
    moment = datetime.fromtimestamp(entry.at_micros / 1_000_000, UTC)
    return {
        "id": entry.id,
        "time": moment.isoformat(timespec="microseconds").replace("+00:00", "Z"),
        "principal": entry.principal,
        "method": entry.method,
        "path": entry.path,
        "subject": entry.subject,
        "status": entry.status,
    }
