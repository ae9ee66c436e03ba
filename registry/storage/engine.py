"""Engine creation per back end (SQLite, PostgreSQL) and migrations at start-up."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text

MIGRATIONS = Path(__file__).parent / "migrations"
#: Key of the PostgreSQL advisory lock held while migrating, so nodes starting together migrate once.
MIGRATION_LOCK_KEY = 0x5C4E_4DA7
SQLITE_POOL_SIZE = 40


def create_storage_engine(url: str, *, timeout: float) -> Engine:
    """An engine with the back end's settings for a registry: WAL and busy_timeout on SQLite, lock and
    connect timeouts on PostgreSQL. No pre-ping (it would double every query): a connection that died with
    the database fails on use, SQLAlchemy then drops the pool, and the next request reconnects."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # One connection per thread of the request thread pool (anyio's 40): with SQLAlchemy's default of
        # 5 (+10 overflow) requests queued for a connection, and overflow ones were opened, set up (WAL...)
        # and closed again for every request.
        engine = create_engine(
            parsed,
            pool_size=SQLITE_POOL_SIZE,
            max_overflow=10,
            pool_timeout=timeout,
            connect_args={"check_same_thread": False, "timeout": timeout},
        )
        _configure_sqlite(engine, timeout)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    millis = int(timeout * 1000)
    return create_engine(
        parsed,
        pool_size=10,
        max_overflow=20,
        pool_timeout=timeout,
        connect_args={
            "connect_timeout": max(1, int(timeout)),
            "options": f"-c lock_timeout={millis} -c statement_timeout={millis * 3}",
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
