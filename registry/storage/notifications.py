"""Pushed invalidation: each node keeps the database's change counters in memory, kept current by the
database's own signal that some connection committed, so that a cached answer is served without a query.

The counters a node holds are *trusted* for a bounded time after a read of the database that confirmed
them (a lease). A lookup served while they are trusted reflects every write committed before the lease's
read began; once the lease runs out, `CounterFeed.current()` answers None and the caller reads the counters
itself, per request, as if there were no feed. So another node's write is seen within `bound` seconds
whatever happens to the signal, and a write of this node is seen at once (`committed`, before the write
is acknowledged).

- PostgreSQL (`ListeningFeed`): every write transaction sends `NOTIFY` with its counters as the last
  statement before commit (`announce`), so the notice is delivered only if it commits, in commit order. One
  thread per node holds a `LISTEN` connection: it applies each notice, re-reads the counters after every
  (re)connect and, while lookups are arriving, every `HEARTBEAT` seconds to renew the lease; after an error
  it reconnects with a growing back-off, and the lease lapses meanwhile.
- SQLite (`PollingFeed`): `PRAGMA data_version` on a dedicated connection changes when another connection
  committed; a lookup checks it once the last check is `bound` old (a few microseconds, on the caller's
  thread) and re-reads the counters only when it changed.
"""

from __future__ import annotations

import logging
import random
import select
import threading
import time
from typing import Any, Protocol

import psycopg
from sqlalchemy import Connection, Engine, text

from schemata.registry.storage.transactions import Counters

log = logging.getLogger(__name__)

#: The channel the write transactions notify and each node listens to.
CHANNEL = "schemata_counters"
#: The `application_name` of a node's listener connection (how an operator, or a test, finds its backend).
LISTENER_NAME = "schemata-counter-listener"
#: How long a read of the counters on the listener connection lets a node trust them (PostgreSQL).
POSTGRES_BOUND = 0.1
#: How often the listener re-reads the counters while lookups arrive (well inside the bound, so that the
#: lease does not lapse on a busy node).
HEARTBEAT = 0.02
#: How long a check of `data_version` lets a node trust its counters (SQLite).
SQLITE_BOUND = 0.005
#: The listener's reconnection back-off: first delay, and the longest.
BACKOFF_FIRST, BACKOFF_MAX = 0.05, 2.0

_COUNTERS = "SELECT key, value FROM registry_state WHERE key IN ('generation', 'removals')"
#: Reads the committed-to-be counters and notifies them, in one statement.
_ANNOUNCE = text(
    "SELECT g.value, r.value, pg_notify(:channel, g.value || ' ' || r.value) FROM registry_state g, registry_state r"
    " WHERE g.key = 'generation' AND r.key = 'removals'"
)


def announce(connection: Connection) -> Counters:
    """The counters a write transaction on `connection` is about to commit; on PostgreSQL also notified
    to every listening node (delivered when, and only if, the transaction commits)."""
    if connection.dialect.name == "postgresql":
        generation, removals, _ = connection.execute(_ANNOUNCE, {"channel": CHANNEL}).one()
        return Counters(int(generation), int(removals))
    return _counters([(key, value) for key, value in connection.exec_driver_sql(_COUNTERS)])


def _counters(rows: list[tuple[Any, Any]]) -> Counters:
    values = dict(rows)
    return Counters(int(values["generation"]), int(values["removals"]))


class CounterFeed(Protocol):
    """The counters as a node knows them without asking the database."""

    #: Another node's write is seen within this many seconds.
    bound: float

    def current(self) -> Counters | None:
        """The counters if they are trusted now; None: read them from the database instead."""

    def committed(self, counters: Counters) -> None:
        """This node committed a write that left `counters` (called before the write is acknowledged)."""

    def close(self) -> None: ...


class _Lease:
    """The newest counters seen and until when they are trusted (monotonic seconds), replaced together so
    that a reader on another thread never sees one without the other."""

    def __init__(self) -> None:
        self.state: tuple[Counters | None, float] = (None, 0.0)
        self._lock = threading.Lock()

    def renew(self, counters: Counters, until: float) -> None:
        """Counters read from the database, trusted until `until` (the read's start plus the bound)."""
        with self._lock:
            known, lease = self.state
            self.state = (_newer(known, counters), max(lease, until))

    def advance(self, counters: Counters) -> None:
        """Counters of a commit: newer ones replace what is known, the lease stays as it is."""
        with self._lock:
            known, lease = self.state
            self.state = (_newer(known, counters), lease)

    def lapse(self) -> None:
        with self._lock:
            self.state = (self.state[0], 0.0)


def _newer(known: Counters | None, seen: Counters) -> Counters:
    """The later of two counter readings (writers are serialised, so a later commit has the higher
    generation, and its removals are at least as high)."""
    return seen if known is None or seen.generation >= known.generation else known


class PollingFeed:
    """SQLite: the counters re-read only when `PRAGMA data_version` says another connection committed,
    checked at most once every `bound` seconds."""

    def __init__(self, engine: Engine, *, bound: float = SQLITE_BOUND) -> None:
        self.bound = bound
        self._engine = engine
        self._lease = _Lease()
        self._connection: Any = None  # SQLAlchemy's proxy of a driver connection, held for good
        self._version: int | None = None
        self._lock = threading.Lock()

    def current(self) -> Counters | None:
        known, lease = self._lease.state
        now = time.monotonic()
        if now < lease:
            return known
        with self._lock:
            try:
                return self._check(now)
            except Exception as error:  # the caller reads the counters itself, and reports the error
                log.warning("could not check the SQLite data version: %s", error)
                self._close()
                return None

    def _check(self, now: float) -> Counters | None:
        known, lease = self._lease.state
        if now < lease:  # another thread checked meanwhile
            return known
        cursor = self._driver().cursor()
        try:
            version = cursor.execute("PRAGMA data_version").fetchone()[0]
            if version != self._version or known is None:
                known = _counters(cursor.execute(_COUNTERS).fetchall())
                self._version = version
        finally:
            cursor.close()
        self._lease.renew(known, now + self.bound)
        return self._lease.state[0]

    def committed(self, counters: Counters) -> None:
        self._lease.advance(counters)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()
            self._connection = None
            self._version = None

    def _driver(self) -> Any:
        if self._connection is None:
            self._connection = self._engine.raw_connection()
        return self._connection.dbapi_connection


class ListeningFeed:
    """PostgreSQL: a thread holding a `LISTEN` connection applies every write's notice, and renews the
    lease by re-reading the counters after each (re)connect and every `HEARTBEAT` while lookups arrive."""

    def __init__(self, engine: Engine, *, timeout: float, bound: float = POSTGRES_BOUND) -> None:
        self.bound = bound
        self._url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._timeout = timeout
        self._lease = _Lease()
        self._wanted = True  # set by every lookup, cleared by each heartbeat: an idle node does not poll
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=LISTENER_NAME, daemon=True)
        self._thread.start()

    def current(self) -> Counters | None:
        self._wanted = True
        known, lease = self._lease.state
        return known if time.monotonic() < lease else None

    def committed(self, counters: Counters) -> None:
        self._lease.advance(counters)

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(self._timeout)

    def _run(self) -> None:
        delay = BACKOFF_FIRST
        while not self._stopped.is_set():
            try:
                with self._connect() as connection:
                    self._listen(connection)
                    delay = BACKOFF_FIRST
                    self._follow(connection)
            except Exception as error:
                self._lease.lapse()
                if self._stopped.is_set():
                    return
                log.warning("counter listener disconnected (%s); reconnecting in %.2fs", error, delay)
            self._stopped.wait(delay * random.uniform(0.5, 1.0))
            delay = min(delay * 2, BACKOFF_MAX)

    def _connect(self) -> psycopg.Connection[Any]:
        millis = int(self._timeout * 1000)
        return psycopg.connect(
            self._url,
            autocommit=True,
            application_name=LISTENER_NAME,
            connect_timeout=max(1, int(self._timeout)),
            options=f"-c statement_timeout={millis}",
            tcp_user_timeout=millis,
            keepalives=1,
            keepalives_idle=max(1, int(self._timeout)),
            keepalives_interval=max(1, int(self._timeout) // 3),
            keepalives_count=3,
        )

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        """LISTEN, then the full re-read: a write committed while disconnected is counted by it, and one
        committed after it is notified."""
        connection.execute(f"LISTEN {CHANNEL}")
        self._renew(connection)

    def _follow(self, connection: psycopg.Connection[Any]) -> None:
        """Apply notices and renew the lease until stopped. It waits on the socket itself: psycopg's
        `notifies(timeout=...)` spends most of a millisecond of CPU per call, which every HEARTBEAT is a few
        percent of a core taken from the lookups. Notices that arrive during a renewal's read come through
        psycopg's handler instead."""
        connection.add_notify_handler(lambda notice: self._apply(notice.payload))
        pgconn = connection.pgconn
        while not self._stopped.is_set():
            readable, _, _ = select.select([pgconn.socket], [], [], HEARTBEAT)
            if readable:
                pgconn.consume_input()  # raises on a broken connection (then the lease lapses; reconnect)
                while (notice := pgconn.notifies()) is not None:
                    self._apply(notice.extra.decode())
            if self._wanted:
                self._wanted = False
                self._renew(connection)

    def _apply(self, payload: str) -> None:
        generation, _, removals = payload.partition(" ")
        self._lease.advance(Counters(int(generation), int(removals)))

    def _renew(self, connection: psycopg.Connection[Any]) -> None:
        started = time.monotonic()
        counters = _counters(connection.execute(_COUNTERS).fetchall())
        self._lease.renew(counters, started + self.bound)


def counter_feed(engine: Engine, *, timeout: float) -> CounterFeed:
    """The feed for the engine's back end (the PostgreSQL one starts its listener thread)."""
    if engine.dialect.name == "postgresql":
        return ListeningFeed(engine, timeout=timeout)
    return PollingFeed(engine)
