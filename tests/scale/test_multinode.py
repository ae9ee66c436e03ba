"""Several registry processes on one database: concurrent writes from every node never break an invariant.

- PostgreSQL: two `uvicorn` nodes on one fresh database.
- SQLite: one server with three workers (three processes) on one file; writers queue, none fails.
Both take the same bounded workload (see workload.py), then every invariant in invariants.py is checked
through the API on every node and directly in the database. On the PostgreSQL pair, two more tests: an id
re-imported after a hard delete answers its new schema on both nodes, and a node SIGKILLed in the middle of
a burst of registrations leaves nothing partial behind.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from schemata.registry.storage.notifications import POSTGRES_BOUND, SQLITE_BOUND
from tests.conftest import LiveServer, create_pg_database, drop_pg_database

from . import invariants
from .cluster import Cluster, DbSnapshot, record_schema, schema_name, seg
from .workload import Hammer, Record

OPERATIONS = 300
THREADS = 8
SECONDS = 40.0
#: Each executed kind must have run at least this often, or the workload proved nothing about it.
MINIMUM_RUNS = {"register": 100, "lookup": 40, "delete": 20, "config": 10, "mode": 10}


@dataclass
class Outcome:
    """A finished workload: the nodes (still running), what the workload saw, the database before and after."""

    cluster: Cluster
    record: Record
    before: DbSnapshot
    db: DbSnapshot
    hammer: Hammer

    def names(self) -> dict[int, str]:
        """Record name by id, for every schema the workload had acknowledged."""
        names = {r.schema_id: r.name for r in self.record.registrations}
        return names | {i: f"Same{self.hammer.tag}" for i in self.record.burst_ids}


@dataclass
class Deployment:
    """Server processes on one database."""

    database_url: str
    servers: list[LiveServer]

    @classmethod
    def start(cls, url: str, logs: list[Path], extra_env: dict[str, str] | None = None) -> Deployment:
        """One server per log file, started in parallel (start-up is mostly imports: slow on a busy box)."""
        with ThreadPoolExecutor(len(logs)) as pool:
            return cls(url, list(pool.map(lambda log: LiveServer(url, log, extra_env), logs)))

    def urls(self) -> list[str]:
        return [server.url for server in self.servers]

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture(scope="module")
def postgres_nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """Two nodes on a fresh PostgreSQL database."""
    url, name = create_pg_database()
    tmp = tmp_path_factory.mktemp("pg-nodes")
    deployment = Deployment.start(url, [tmp / "node0.log", tmp / "node1.log"])
    yield deployment
    deployment.stop()
    drop_pg_database(name)


@pytest.fixture(scope="module")
def sqlite_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """One server, three worker processes, one SQLite file (uvicorn reads UVICORN_WORKERS)."""
    tmp = tmp_path_factory.mktemp("sqlite-workers")
    deployment = Deployment.start(f"sqlite:///{tmp / 'registry.db'}", [tmp / "server.log"], {"UVICORN_WORKERS": "3"})
    yield deployment
    deployment.stop()


@pytest.fixture(scope="module", params=["postgres-2-nodes", "sqlite-3-workers"])
def outcome(request: pytest.FixtureRequest) -> Iterator[Outcome]:
    """The workload, run once per deployment. On SQLite the three "nodes" are three clients (three
    keep-alive connections, so usually three different workers) of the one server."""
    if request.param == "postgres-2-nodes":
        deployment: Deployment = request.getfixturevalue("postgres_nodes")
        urls, bound = deployment.urls(), POSTGRES_BOUND
    else:
        deployment = request.getfixturevalue("sqlite_workers")
        urls, bound = deployment.urls() * 3, SQLITE_BOUND
    cluster = Cluster(urls)
    hammer = Hammer(cluster, bound=bound)
    before = DbSnapshot.load(deployment.database_url)
    record = hammer.run(operations=OPERATIONS, threads=THREADS, seconds=SECONDS)
    yield Outcome(cluster, record, before, DbSnapshot.load(deployment.database_url), hammer)
    cluster.close()


def test_every_operation_answered_as_expected(outcome: Outcome) -> None:
    """No 5xx (SQLite: no "database is locked"), no unexpected status, and the workload really ran."""
    assert outcome.cluster.server_errors() == []
    assert outcome.record.violations_of("answer", "unanswered") == []
    short = {
        k: (outcome.record.executed.get(k, 0), n)
        for k, n in MINIMUM_RUNS.items()
        if outcome.record.executed.get(k, 0) < n
    }
    assert short == {}, f"kinds that ran too rarely (ran, needed): {short}"


def test_same_schema_registered_concurrently_gets_one_id(outcome: Outcome) -> None:
    assert invariants.burst_problems(outcome.record, THREADS) == []


def test_no_duplicate_version_or_id(outcome: Outcome) -> None:
    assert invariants.duplicate_answers(outcome.record) == []


def test_versions_gapless_and_as_acknowledged(outcome: Outcome) -> None:
    assert invariants.version_problems(outcome.record, outcome.db) == []


def test_ids_gapless_and_as_acknowledged(outcome: Outcome) -> None:
    assert invariants.id_problems(outcome.record, outcome.before, outcome.db) == []


def test_database_structure(outcome: Outcome) -> None:
    assert outcome.db.structural_problems() == []


def test_generation_counts_every_write(outcome: Outcome) -> None:
    assert invariants.generation_problems(outcome.cluster, outcome.before, outcome.db) == []


def test_config_and_mode_seen_at_once_latest_within_the_bound(outcome: Outcome) -> None:
    assert outcome.record.violations_of("config", "mode", "latest", "lookup") == []


def test_soft_deleted_version_gone_from_every_node_within_the_bound(outcome: Outcome) -> None:
    assert outcome.record.violations_of("stale-version") == []


def test_live_ids_and_versions_resolve_on_every_node(outcome: Outcome) -> None:
    assert invariants.resolution_problems(outcome.cluster, outcome.db, outcome.names()) == []


def test_permanently_deleted_ids_gone_from_every_node(outcome: Outcome) -> None:
    """Each node served the id (and cached it) before another node deleted it for good."""
    assert outcome.record.hard_deleted, "the workload deleted nothing permanently"
    removed = {r.schema_id for r in outcome.record.hard_deleted}
    assert outcome.record.violations_of("stale-id") == []
    assert invariants.removed_id_problems(outcome.cluster, outcome.db, removed) == []


def test_id_imported_after_hard_delete_answers_the_new_schema_everywhere(postgres_nodes: Deployment) -> None:
    """An id whose schema was permanently deleted may come back through IMPORT with another schema: the node
    that imported it answers the new one at once, the other within the staleness bound (both the id's body
    and the parsed schema are cached per node)."""
    cluster = Cluster(postgres_nodes.urls())
    tag = uuid.uuid4().hex[:8]
    try:
        old, new = record_schema(f"Old{tag}"), record_schema(f"New{tag}", fields=2)
        first = cluster.call(0, "POST", f"/subjects/old-{tag}/versions", {"schema": old})
        assert first.status == 200, first
        schema_id = first.body["id"]
        assert all(cluster.call(n, "GET", f"/schemas/ids/{schema_id}").status == 200 for n in (0, 1))
        for params in ({}, {"permanent": "true"}):
            assert cluster.call(0, "DELETE", f"/subjects/old-{tag}/versions/1", params=params).status == 200
        assert cluster.call(0, "PUT", f"/mode/new-{tag}", {"mode": "IMPORT"}).status == 200
        imported = cluster.call(
            0, "POST", f"/subjects/new-{tag}/versions", {"schema": new, "id": schema_id, "version": 1}
        )
        assert imported.status == 200, imported
        assert schema_name(cluster.call(0, "GET", f"/schemas/ids/{schema_id}").body) == f"New{tag}"  # at once
        time.sleep(POSTGRES_BOUND)  # node 1 may answer from its cache until then
        assert schema_name(cluster.call(1, "GET", f"/schemas/ids/{schema_id}").body) == f"New{tag}"
    finally:
        cluster.close()


# -- a node killed mid-burst -------------------------------------------------------------------------------
KILL_AFTER_ACKS = 15
BURST = 160


def _kill_after(server: LiveServer, cluster: Cluster, acks: int, timeout: float) -> threading.Thread:
    """A thread that SIGKILLs `server` once node 0 has acknowledged `acks` writes (or after `timeout`)."""

    def run() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(1 for c in list(cluster.log) if c.node == 0 and c.is_write and c.status == 200) >= acks:
                break
            time.sleep(0.01)
        os.kill(server.process.pid, signal.SIGKILL)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_killed_node_leaves_no_partial_state(postgres_nodes: Deployment, tmp_path: Path) -> None:
    """SIGKILL node 0 of the PostgreSQL pair in the middle of a burst of registrations on both nodes; restart
    it. Every acknowledged write is there, nothing half-written is, and both nodes write again at once."""
    url, servers = postgres_nodes.database_url, postgres_nodes.servers
    cluster = Cluster(postgres_nodes.urls(), timeout=15.0)
    before = DbSnapshot.load(url)
    hammer = Hammer(cluster, seed=11, bound=POSTGRES_BOUND)
    hammer.setup()
    killer = _kill_after(servers[0], cluster, KILL_AFTER_ACKS, timeout=20)
    hammer.execute([("register", i) for i in range(BURST)], threads=6, seconds=30)
    killer.join()
    cluster.close()
    servers[0].stop()
    servers[0] = LiveServer(url, tmp_path / "node0-restarted.log")

    acked_by = {n: sum(1 for c in cluster.log if c.node == n and c.is_write and c.status == 200) for n in (0, 1)}
    assert acked_by[0] >= KILL_AFTER_ACKS and acked_by[1] > acked_by[0], f"not killed mid-burst: {acked_by}"
    assert hammer.record.violations_of("answer", "latest", "lookup") == []
    db = DbSnapshot.load(url)
    assert db.structural_problems() == []
    subjects = {r.subject for r in hammer.record.registrations}
    assert invariants.contiguity_problems(subjects, before, db) == []
    assert invariants.acknowledged_problems(hammer.record, db) == []
    assert invariants.generation_problems(cluster, before, db) == []
    after = Cluster(postgres_nodes.urls(), timeout=15.0)
    names = {r.schema_id: r.name for r in hammer.record.registrations}
    assert invariants.resolution_problems(after, db.restricted(subjects), names) == []
    _assert_writable_from_every_node(after, hammer.shared[0], db.counters["schema_id"])
    after.close()


def _assert_writable_from_every_node(cluster: Cluster, subject: str, last_id: int) -> None:
    """The dead node's transaction and lock are gone: each node registers promptly, with the next ids."""
    for node in range(len(cluster.urls)):
        started = time.monotonic()
        call = cluster.call(
            node, "POST", f"/subjects/{seg(subject)}/versions", {"schema": record_schema(f"AfterKill{node}")}
        )
        assert call.status == 200, call
        assert call.body["id"] == last_id + node + 1, call
        assert time.monotonic() - started < 5, f"registration on node {node} waited {time.monotonic() - started:.1f}s"
