"""HTTP access to several registry nodes with every call logged, and a snapshot of the database behind them.

The log is what the invariant checks count against: which writes were acknowledged, which failed, which
ended without an answer (a killed node). The snapshot reads the tables directly, not through the API.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import select

from schemata.registry.storage import Storage
from schemata.registry.storage.tables import context_schema_ids, registry_state, schemas, subject_versions

WRITE_METHODS = ("PUT", "DELETE")


def seg(subject: str) -> str:
    """A subject as one path segment."""
    return quote(subject, safe="")


def record_schema(name: str, fields: int = 1) -> str:
    """A small Avro record whose name identifies it (so a body fetched by id says which schema it is)."""
    body = [{"name": f"f{i}", "type": "int", "default": 0} for i in range(fields)]
    return json.dumps({"type": "record", "name": name, "fields": body}, separators=(",", ":"))


def schema_name(body: dict[str, Any]) -> str:
    """The record name inside a `schema` field of a registry answer."""
    return str(json.loads(body["schema"])["name"])


@dataclass(frozen=True)
class Call:
    node: int
    method: str
    path: str
    #: None when the call got no answer (connection refused or reset, timeout).
    status: int | None
    body: Any

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS or (self.method == "POST" and self.path.endswith("/versions"))

    @property
    def server_error(self) -> bool:
        return self.status is not None and self.status >= 500


def _registers(call: Call) -> bool:
    return call.method == "POST" and call.path.startswith("/subjects/") and call.path.endswith("/versions")


@dataclass
class Cluster:
    """One HTTP client per node; `call` never raises for HTTP or transport errors, it logs them."""

    urls: list[str]
    timeout: float = 30.0
    log: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._clients = [httpx.Client(base_url=url, timeout=self.timeout) for url in self.urls]
        self._lock = threading.Lock()

    def call(self, node: int, method: str, path: str, body: Any = None, params: dict[str, str] | None = None) -> Call:
        try:
            response = self._clients[node].request(method, path, json=body, params=params)
            status, answer = response.status_code, _json_or_text(response)
        except httpx.TransportError as error:
            status, answer = None, repr(error)
        call = Call(node, method, path, status, answer)
        with self._lock:
            self.log.append(call)
        return call

    def close(self) -> None:
        for client in self._clients:
            client.close()

    def acknowledged_writes(self) -> int:
        """Acknowledged calls that changed something: a registration answered with a version that another
        answer had already given (the same schema registered again) wrote nothing, so a version counts once."""
        acknowledged = [c for c in self.log if c.is_write and c.status is not None and c.status < 300]
        registered = {(c.path, c.body["version"]) for c in acknowledged if _registers(c)}
        return sum(not _registers(c) for c in acknowledged) + len(registered)

    def unanswered_writes(self) -> int:
        return sum(1 for c in self.log if c.is_write and c.status is None)

    def server_errors(self) -> list[Call]:
        return [c for c in self.log if c.server_error]

    def statuses(self) -> Counter[int | None]:
        return Counter(c.status for c in self.log)


def _json_or_text(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text


@dataclass(frozen=True)
class DbSnapshot:
    """The registry tables as they are in the database."""

    versions: dict[tuple[str, int], tuple[int, bool]]
    schemas: dict[int, tuple[str, str]]
    counters: dict[str, int]

    @classmethod
    def load(cls, database_url: str) -> DbSnapshot:
        storage = Storage(database_url, run_migrations=False)
        try:
            with storage.engine.connect() as conn:
                sv, sc, st, ids = subject_versions.c, schemas.c, registry_state.c, context_schema_ids.c
                # The workloads use the default context: its ids are the ones clients see.
                query = select(sv.subject, sv.version, sc.public_id, sv.deleted).join(schemas, sc.id == sv.schema_id)
                versions = {(r.subject, r.version): (r.public_id, r.deleted) for r in conn.execute(query)}
                rows = conn.execute(select(sc.public_id, sc.fingerprint, sc.schema_text).where(sc.context == "."))
                schema_rows = {r.public_id: (r.fingerprint, r.schema_text) for r in rows}
                counters = {r.key: int(r.value) for r in conn.execute(select(st.key, st.value))}
                last_id = conn.scalar(select(ids.last_id).where(ids.context == "."))
                counters["schema_id"] = int(last_id or 0)
        finally:
            storage.dispose()
        return cls(versions, schema_rows, counters)

    def restricted(self, subjects: set[str]) -> DbSnapshot:
        """The versions of `subjects` only (schemas and counters unchanged)."""
        return DbSnapshot({k: v for k, v in self.versions.items() if k[0] in subjects}, self.schemas, self.counters)

    def subject_versions(self, subject: str) -> list[int]:
        return sorted(v for s, v in self.versions if s == subject)

    def live_ids(self) -> set[int]:
        return {schema_id for schema_id, deleted in self.versions.values() if not deleted}

    def structural_problems(self) -> list[str]:
        """What no sequence of API calls may ever leave behind, whatever was killed when."""
        problems = [
            f"version {k} points at missing schema {v[0]}" for k, v in self.versions.items() if v[0] not in self.schemas
        ]
        used = {schema_id for schema_id, _ in self.versions.values()}
        problems += [f"schema {i} is used by no version (orphan)" for i in self.schemas if i not in used]
        fingerprints = Counter(fp for fp, _ in self.schemas.values())
        problems += [f"fingerprint {fp[:12]} stored {n} times" for fp, n in fingerprints.items() if n > 1]
        if self.schemas and max(self.schemas) > self.counters["schema_id"]:
            problems.append(f"schema id {max(self.schemas)} above the id counter {self.counters['schema_id']}")
        return problems
