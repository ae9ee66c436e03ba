"""Storage: the one module behind which the database lives.

`Storage.read()` and `Storage.write()` open transactions and hand out `ReadTxn` / `WriteTxn` objects;
nothing outside this package writes SQL. Database failures leave here as `StoreError` (50001) or
`StoreTimeout` (50002) with a message that says what happened, never as a driver exception.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, exc

from schemata.registry.errors import StoreError, StoreTimeout
from schemata.registry.storage.audit import AuditTxn
from schemata.registry.storage.browse import BrowseTxn
from schemata.registry.storage.counters import CounterReader
from schemata.registry.storage.engine import create_storage_engine, migrate
from schemata.registry.storage.notifications import CounterFeed, announce, counter_feed
from schemata.registry.storage.transactions import Counters, ReadTxn, WriteTxn
from schemata.registry.storage.waiting import wait_budget, within_budget

__all__ = [
    "AuditTxn", "BrowseTxn", "CounterFeed", "CounterReader", "Counters", "ReadTxn", "Storage", "WriteTxn",
    "wait_budget", "within_budget",
]

log = logging.getLogger(__name__)

_TIMEOUT_MARKERS = (
    "database is locked", "lock timeout", "statement timeout", "canceling statement", "QueuePool",
    "timeout expired", "timed out",
)


class Storage:
    """The registry's database: SQLite (default) or PostgreSQL, shared by any number of nodes."""

    def __init__(
        self, url: str, *, timeout: float = 10.0, run_migrations: bool = True, pool: tuple[int, int] | None = None
    ) -> None:
        """`pool`: the connection pool's size and overflow, if not the back end's default."""
        self.engine: Engine = create_storage_engine(url, timeout=timeout, pool=pool)
        self.timeout = timeout
        self.backend = self.engine.dialect.name
        self._feed: CounterFeed | None = None
        self._feed_lock = threading.Lock()
        if run_migrations:
            with self._translate_errors():
                migrate(self.engine)

    @contextmanager
    def read(self) -> Iterator[ReadTxn]:
        """A read-only transaction."""
        with self._translate_errors(), self.engine.connect() as conn, conn.begin():
            yield ReadTxn(conn)

    @contextmanager
    def write(self) -> Iterator[WriteTxn]:
        """A write transaction holding the registry-wide write lock until it commits or rolls back.

        Writers are serialised on purpose: id and version allocation, de-duplication and the compatibility
        check must see every earlier registration, on every node. On PostgreSQL the lock is the row lock of
        the `generation` counter, taken by the first statement; on SQLite, BEGIN IMMEDIATE. Schema writes
        are rare, so one writer at a time costs nothing that matters.

        The last statement announces the new counters (`notifications.announce`: NOTIFY on PostgreSQL);
        once committed, this node's feed has them before the caller can acknowledge the write.
        """
        with self._translate_errors(), self.engine.connect().execution_options(sqlite_immediate=True) as conn:
            with conn.begin():
                txn = WriteTxn(conn)
                txn.bump_generation()
                yield txn
                committed = announce(conn)
            if self._feed is not None:
                self._feed.committed(committed)

    @contextmanager
    def audit(self, *, append: bool = False) -> Iterator[AuditTxn]:
        """A transaction on the audit log alone. Appending takes neither the registry's write lock nor a
        generation (an audit entry changes nothing that caches hold); on SQLite it begins IMMEDIATE, as
        every SQLite write must to queue on the database lock."""
        with (
            self._translate_errors(),
            self.engine.connect().execution_options(sqlite_immediate=append) as conn,
            conn.begin(),
        ):
            yield AuditTxn(conn)

    @contextmanager
    def browse(self) -> Iterator[tuple[ReadTxn, BrowseTxn]]:
        """A read-only transaction with the web UI's statements beside the registry's."""
        with self._translate_errors(), self.engine.connect() as conn, conn.begin():
            yield ReadTxn(conn), BrowseTxn(conn)

    def counters(self) -> Counters:
        """The change counters (see `registry_state`), as every node sees them now."""
        with self.read() as txn:
            return txn.counters()

    def counter_reader(self) -> CounterReader:
        """A reader of the change counters on a connection of its own (for the read fast path)."""
        return CounterReader(self.engine, timeout=self.timeout)

    def counter_feed(self) -> CounterFeed:
        """This node's pushed view of the change counters (one per storage, started on first use)."""
        with self._feed_lock:
            if self._feed is None:
                self._feed = counter_feed(self.engine, timeout=self.timeout)
            return self._feed

    def dispose(self) -> None:
        if self._feed is not None:
            self._feed.close()
        self.engine.dispose()

    @contextmanager
    def _translate_errors(self) -> Iterator[None]:
        try:
            yield
        except exc.TimeoutError as error:
            raise StoreTimeout(f"Timed out waiting for a database connection: {error}") from error
        except (exc.OperationalError, exc.InterfaceError) as error:
            text = str(error.orig if getattr(error, "orig", None) is not None else error)
            log.warning("database error: %s", text)
            if any(marker in text for marker in _TIMEOUT_MARKERS):
                raise StoreTimeout(f"The database did not answer in time: {text.strip()}") from error
            raise StoreError(f"The database is unavailable: {text.strip().splitlines()[0]}") from error
