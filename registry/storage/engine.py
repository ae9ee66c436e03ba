"""Engine creation per back end (SQLite, PostgreSQL) and migrations at start-up."""

from __future__ import annotations

import fcntl
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from alembic import command
from alembic.config import Config
from psycopg.abc import RV, PQGen
from psycopg.errors import _WaitTimeout  # what psycopg's own waits raise when given a timeout
from sqlalchemy import Engine, create_engine, event, make_url, text

from schemata.registry.storage.pool import pool_arguments
from schemata.registry.storage.waiting import remaining_wait, waiting_for_database

MIGRATIONS = Path(__file__).parent / "migrations"
#: Key of the PostgreSQL advisory lock held while migrating, so nodes starting together migrate once.
MIGRATION_LOCK_KEY = 0x5C4E_4DA7
SQLITE_POOL_SIZE = 40
#: How much longer than the database timeout the client waits for an answer, so that PostgreSQL's own
#: lock or statement timeout (a clearer message, a connection still usable) arrives first when it can.
CLIENT_GRACE_SECONDS = 0.25


class BoundedConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait for the server (a statement, a commit, a rollback) ends within
    `wait_seconds` and within what is left of the request's budget (waiting.py), never less than
    `CLIENT_GRACE_SECONDS`; past that the connection is closed and the wait fails with an OperationalError.

    The server's statement_timeout cannot help when packets never reach it, and TCP keepalives and
    tcp_user_timeout only notice a dead peer after their own probes; this bound is the client's own.
    """

    wait_seconds: float = math.inf

    def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        limit = max(remaining_wait(self.wait_seconds), CLIENT_GRACE_SECONDS) if timeout is None else timeout
        try:
            with waiting_for_database():
                return super().wait(gen, interval, limit)
        except _WaitTimeout:
            self.close()  # mid-exchange: unusable; closed, SQLAlchemy sees a disconnect and drops the pool
            raise _no_answer(limit) from None


class BoundedAsyncConnection(psycopg.AsyncConnection[Any]):
    """`BoundedConnection` for asyncio, without a request's budget (the fast path's counter reads serve many
    requests; each request charges its own wait for them). Cancelling a psycopg wait instead, as
    asyncio.wait_for does, makes psycopg send the server a cancel request and wait for it: 10 s more when
    the server does not answer."""

    wait_seconds: float = math.inf

    async def wait(self, gen: PQGen[RV], interval: float = 0.1, timeout: float | None = None) -> RV:
        try:
            return await super().wait(gen, interval, self.wait_seconds if timeout is None else timeout)
        except _WaitTimeout:
            await self.close()
            raise _no_answer(self.wait_seconds) from None


def _no_answer(seconds: float) -> psycopg.OperationalError:
    return psycopg.OperationalError(f"timed out: the database did not answer within {seconds:g} s")


def create_storage_engine(url: str, *, timeout: float, pool: tuple[int, int] | None = None) -> Engine:
    """An engine with the back end's settings for a registry: WAL and busy_timeout on SQLite; on PostgreSQL
    lock, statement and connect timeouts and a bound on every wait for the server (`BoundedConnection`), so
    that a database that stops answering fails a request with 50002 instead of holding it. No pre-ping (it
    would double every query): a connection that died with the database fails on use, SQLAlchemy then drops
    the pool, and the next request reconnects. `pool`: its size and overflow, if not the back end's default.
    A wait for a pool connection is charged to the request's budget (pool.py)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # One connection per thread of the request thread pool (anyio's 40): with SQLAlchemy's default of
        # 5 (+10 overflow) requests queued for a connection, and overflow ones were opened, set up (WAL...)
        # and closed again for every request.
        engine = create_engine(
            parsed,
            **pool_arguments(*(pool or (SQLITE_POOL_SIZE, 10)), timeout),
            connect_args={"check_same_thread": False, "timeout": timeout},
        )
        _configure_sqlite(engine, timeout)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    millis = int(timeout * 1000)
    engine = create_engine(
        parsed,
        **pool_arguments(*(pool or (10, 20)), timeout),
        connect_args={
            "connect_timeout": max(1, int(timeout)),
            "options": f"-c lock_timeout={millis} -c statement_timeout={millis}",
            # A database that stops answering (packets dropped, not refused) must not hold a pooled
            # connection for the whole outage: unacknowledged data fails after the timeout, and an idle
            # connection is probed by keepalives.
            "tcp_user_timeout": millis,
            "keepalives": 1,
            "keepalives_idle": max(1, int(timeout)),
            "keepalives_interval": max(1, int(timeout) // 3),
            "keepalives_count": 3,
        },
    )

    @event.listens_for(engine, "do_connect")
    def connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> BoundedConnection:
        left = remaining_wait(timeout)
        if left < CLIENT_GRACE_SECONDS:
            raise _no_answer(timeout)  # the request has spent (nearly) its whole budget on failed waits
        # libpq counts whole seconds, at least 2: a connection opened late in a request may take the request
        # up to 2 s past its budget.
        with waiting_for_database():
            connection = BoundedConnection.connect(*cargs, **{**cparams, "connect_timeout": max(2, math.ceil(left))})
        connection.wait_seconds = timeout + CLIENT_GRACE_SECONDS
        return connection

    return engine


def _configure_sqlite(engine: Engine, timeout: float) -> None:
    """WAL, a busy timeout, and explicit BEGIN: IMMEDIATE for writes, so that two writers queue on the
    database lock (waiting up to `timeout`) instead of failing when a read transaction upgrades."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        immediate = connection.get_execution_options().get("sqlite_immediate", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema revision; safe when several nodes start at once."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migration_lock(engine), engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
