"""Two registry processes on one database, their cached lookups under concurrent writes: a node answers its
own acknowledged write at once, and the other node's within the staleness bound (the counter feed's:
registry/storage/notifications.py), also while its PostgreSQL listener is cut off and reconnecting.

A lookup counts as late when it *started* more than the bound after the write was acknowledged (both times
from this process's monotonic clock, so the server's delay is only ever over-estimated) and still answered
what was there before the write.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import psycopg
import pytest
from sqlalchemy import make_url

from schemata.registry.storage.notifications import LISTENER_NAME, POSTGRES_BOUND, SQLITE_BOUND
from tests.conftest import PG_ADMIN_URL, LiveServer

from .helpers import err, ok, record, seg, set_level

ROUNDS = 12
READERS = 3


@dataclass(frozen=True)
class Nodes:
    a: str
    b: str
    database_url: str
    bound: float


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def nodes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Nodes]:
    first: LiveServer = request.getfixturevalue(f"{request.param}_registry")
    second = LiveServer(first.database_url, tmp_path_factory.mktemp(f"bound-{request.param}") / "server.log")
    bound = POSTGRES_BOUND if request.param == "postgres" else SQLITE_BOUND
    yield Nodes(first.url, second.url, first.database_url, bound)
    second.stop()


def schema(rname: str, fields: int) -> str:
    return record(rname, *({"name": f"f{i}", "type": "int", "default": 0} for i in range(fields)))


@dataclass
class Lookups:
    """Threads asking node B without pause for a subject's latest version and for the last two versions
    and ids registered; each answer logged as (started, path, status, version or None)."""

    url: str
    subject: str
    paths: list[str] = field(default_factory=list)
    log: list[tuple[float, str, int, int | None]] = field(default_factory=list)
    _done: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> Lookups:
        self.paths.append(f"/subjects/{seg(self.subject)}/versions/latest")
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(READERS)]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        for thread in self._threads:
            thread.join()

    def _run(self, offset: int) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            n = offset
            while not self._done.is_set():
                hot = [self.paths[0], *self.paths[1:][-4:]]
                path = hot[n % len(hot)]
                n += 1
                started = time.monotonic()
                answer = client.get(path)
                version = answer.json().get("version") if answer.status_code == 200 else None
                self.log.append((started, path, answer.status_code, version))

    def wait_served(self, *paths: str) -> None:
        """Until node B has answered each of `paths` (so that it holds them in its cache)."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if set(paths) <= {p for _, p, status, _ in self.log if status == 200}:
                return
            time.sleep(0.01)
        raise AssertionError(f"node B did not answer {paths} within 10 s")

    def late(self, path: str, since: float, bound: float, older_than: int | None = None) -> list[str]:
        """Answers to `path` begun more than `bound` after `since` that found it (older than version
        `older_than`, when given)."""
        return [
            f"{path} began {(started - since) * 1000:.1f} ms after the write and answered {status} {version}"
            for started, p, status, version in self.log
            if p == path
            and started > since + bound
            and status == 200
            and (older_than is None or (version is not None and version < older_than))
        ]


def test_a_node_answers_its_own_writes_at_once(nodes: Nodes, subject: str, rname: str) -> None:
    with httpx.Client(base_url=nodes.a, timeout=30) as a:
        set_level(a, subject, "NONE")
        latest = f"/subjects/{seg(subject)}/versions/latest"
        for fields in range(1, 6):
            registered = ok(a.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema(rname, fields)}))
            assert ok(a.get(latest))["id"] == registered["id"]  # kept: the next round's write must replace it
        version = f"/subjects/{seg(subject)}/versions/4"
        doomed = ok(a.get(version))["id"]
        ok(a.get(f"/schemas/ids/{doomed}"))
        ok(a.delete(version))
        err(a.get(version), 40402)
        ok(a.delete(version, params={"permanent": "true"}))
        err(a.get(f"/schemas/ids/{doomed}"), 40403)


def test_the_other_nodes_writes_are_seen_within_the_bound(nodes: Nodes, subject: str, rname: str) -> None:
    """Node A registers a new latest version, then soft- and permanently deletes the one before, round after
    round, while node B is asked for all of them; past the bound B never answers what was before."""
    late: list[str] = []
    with httpx.Client(base_url=nodes.a, timeout=30) as a, Lookups(nodes.b, subject) as lookups:
        set_level(a, subject, "NONE")
        previous: tuple[str, int] | None = None
        for fields in range(1, ROUNDS + 1):
            registered = ok(a.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema(rname, fields)}))
            acknowledged = time.monotonic()
            path = f"/subjects/{seg(subject)}/versions/{fields}"
            lookups.paths += [path, f"/schemas/ids/{registered['id']}"]
            lookups.wait_served(path, f"/schemas/ids/{registered['id']}")  # node B holds them
            late += lookups.late(lookups.paths[0], acknowledged, nodes.bound, older_than=fields)
            if previous is not None:
                late += _delete_for_good(a, lookups, *previous, nodes.bound)
            previous = (path, registered["id"])
        time.sleep(nodes.bound)
    assert late == []


def _delete_for_good(a: httpx.Client, lookups: Lookups, path: str, schema_id: int, bound: float) -> list[str]:
    ok(a.delete(path))
    soft = time.monotonic()
    ok(a.delete(path, params={"permanent": "true"}))
    hard = time.monotonic()
    time.sleep(bound + 0.02)
    return lookups.late(path, soft, bound) + lookups.late(f"/schemas/ids/{schema_id}", hard, bound)


def _listener_pids(database_url: str) -> set[int]:
    name = make_url(database_url).database
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND application_name = %s", (name, LISTENER_NAME)
        ).fetchall()
    return {pid for (pid,) in rows}


def _terminate(pids: set[int]) -> None:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        for pid in pids:
            conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_writes_while_the_listeners_are_cut_off_are_not_served_stale(nodes: Nodes, subject: str, rname: str) -> None:
    """Every node's listener backend terminated: a write during the outage and one after the listeners are
    back are both seen by node B within the bound (the per-request check meanwhile, then the re-read)."""
    if nodes.bound != POSTGRES_BOUND:
        pytest.skip("the listener is PostgreSQL's")
    with httpx.Client(base_url=nodes.a, timeout=30) as a, Lookups(nodes.b, subject) as lookups:
        set_level(a, subject, "NONE")
        ok(a.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema(rname, 1)}))
        deadline = time.monotonic() + 10
        while len(before := _listener_pids(nodes.database_url)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(before) >= 2, f"expected a listener per node, found {before}"
        time.sleep(0.05)
        _terminate(before)
        writes = []
        for fields in (2, 3):  # during the outage: the first back-off is at least 25 ms
            ok(a.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema(rname, fields)}))
            writes.append((fields, time.monotonic()))
        deadline = time.monotonic() + 10
        while len(_listener_pids(nodes.database_url) - before) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(_listener_pids(nodes.database_url) - before) >= 2, "the listeners did not reconnect"
        ok(a.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema(rname, 4)}))
        writes.append((4, time.monotonic()))
        time.sleep(nodes.bound + 0.05)
    latest = lookups.paths[0]
    late = [answer for version, at in writes for answer in lookups.late(latest, at, nodes.bound, older_than=version)]
    assert late == []
    assert [v for _, p, s, v in lookups.log if p == latest and s == 200][-1] == 4
