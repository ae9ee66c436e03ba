"""The change counters, read for the read fast path on a connection of their own.

The fast path asks for the counters on behalf of every batch of cached lookups, so the read must cost next
to nothing: a plain SELECT on a driver connection kept for it, in autocommit, outside SQLAlchemy's pool
checkout and transactions (measured here: 9 us on SQLite, 190 us on PostgreSQL over loopback, against 270 us
and 810 us through a SQLAlchemy read transaction). On SQLite that is cheap enough to run on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Any

from sqlalchemy import Engine

from schemata.registry.storage.engine import CLIENT_GRACE_SECONDS, BoundedAsyncConnection
from schemata.registry.storage.transactions import Counters

_QUERY = "SELECT key, value FROM registry_state WHERE key IN ('generation', 'removals')"
#: On SQLite the read runs on the event loop: never wait long for a lock (WAL readers rarely wait at all).
_SQLITE_BUSY_MS = 100


class CounterReader:
    """Reads `Counters` on one dedicated connection; after an error it reconnects on the next read.

    On SQLite (`inline`), `read()` queries a driver connection of the engine's, synchronously: cheap enough
    for the event loop. On PostgreSQL, `read_async()` queries an asyncio connection of psycopg's own, so
    that the loop neither blocks nor hops to a thread.
    """

    def __init__(self, engine: Engine, *, timeout: float) -> None:
        self._engine = engine
        self._timeout = timeout
        self._connection: Any = None  # SQLAlchemy's proxy of the driver connection, held for good
        self._async: BoundedAsyncConnection | None = None
        self._lock = threading.Lock()

    @property
    def inline(self) -> bool:
        """Whether a read is cheap enough to run on the event loop rather than in a thread."""
        return self._engine.dialect.name == "sqlite"

    async def read_async(self) -> Counters:
        """The counters, on PostgreSQL."""
        try:
            connection = self._async or await self._connect()
            cursor = await connection.execute(_QUERY)
            rows = {key: value for key, value in await cursor.fetchall()}
        except Exception:
            await self.aclose()
            raise
        return Counters(int(rows["generation"]), int(rows["removals"]))

    async def _connect(self) -> BoundedAsyncConnection:
        url = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        connect = BoundedAsyncConnection.connect(url, autocommit=True, prepare_threshold=0)
        self._async = connection = await asyncio.wait_for(connect, self._timeout)
        connection.wait_seconds = self._timeout + CLIENT_GRACE_SECONDS  # a statement's bound (see engine.py)
        return connection

    async def aclose(self) -> None:
        if self._async is not None:
            connection, self._async = self._async, None
            with contextlib.suppress(Exception):
                await connection.close()

    def read(self) -> Counters:
        """The counters, on SQLite."""
        with self._lock:
            try:
                cursor = self._driver_connection().cursor()
                try:
                    cursor.execute(_QUERY)
                    rows = {key: value for key, value in cursor.fetchall()}
                finally:
                    cursor.close()
            except Exception:
                self.close()
                raise
        return Counters(int(rows["generation"]), int(rows["removals"]))

    def close(self) -> None:
        if self._connection is not None:
            self._connection.invalidate()
            self._connection = None

    def _driver_connection(self) -> Any:
        if self._connection is None:
            proxied: Any = self._engine.raw_connection()
            # Autocommit already (see engine.py): each SELECT sees the latest commit.
            proxied.dbapi_connection.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
            self._connection = proxied
        return self._connection.dbapi_connection
