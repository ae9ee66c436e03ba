"""Shared fixtures: live registry servers (SQLite and PostgreSQL) started as real processes, and the registry
in-process on a temporary SQLite store.

`registry_url` is parametrised over both back ends; a test module that only needs one server asks for
`sqlite_registry_url`. Servers live for the whole session, so tests isolate themselves with unique
subject names (the `subject` fixture) and restore any global config or mode they change. They are for the
HTTP contract; behaviour needs no server process: `registry_service` is the service layer on a database of
the test's own, `in_process_client` our client on the registry's ASGI app (no socket, no process).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.types import ASGIApp

from schemata.registry.api.app import create_app
from schemata.registry.client import SchemaRegistryClient
from schemata.registry.service import Registry
from schemata.registry.settings import Settings
from tests.inprocess import InProcessTransport

PG_ADMIN_URL = os.environ.get("SCHEMATA_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """A `uvicorn registry.api.app:create_app` process on a free loopback port."""

    def __init__(self, database_url: str, log_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "SCHEMATA_DATABASE_URL": database_url, **(extra_env or {})}
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(self.command(), env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self.log_path = log_path
        self._wait_ready()

    def command(self) -> list[str]:
        """The command line that serves the registry."""
        return [
            sys.executable, "-m", "uvicorn", "--factory", "schemata.registry.api.app:create_app",
            "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning",
        ]

    def _wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"registry exited early:\n{self.log_path.read_text()}")
            try:
                if httpx.get(self.url + "/", timeout=1.0).status_code in (200, 401):  # 401: authentication on
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"registry did not start in {timeout}s:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()  # reaped: an unreaped child is a ResourceWarning, an error in this suite
        self._log.close()


def create_pg_database() -> tuple[str, str]:
    """A throwaway PostgreSQL database: (SQLAlchemy URL, name)."""
    import psycopg

    name = f"schemata_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{base}/{name}", name


def drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    url, name = create_pg_database()
    yield url
    drop_pg_database(name)


@pytest.fixture(scope="session")
def sqlite_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("sqlite-registry")
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_registry(pg_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(pg_database_url, tmp_path_factory.mktemp("pg-registry") / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sqlite_registry_url(sqlite_registry: LiveServer) -> str:
    return sqlite_registry.url


@pytest.fixture(params=["sqlite", "postgres"])
def registry_url(request: pytest.FixtureRequest) -> str:
    """The URL of a live registry, once per storage back end."""
    server: LiveServer = request.getfixturevalue(f"{request.param}_registry")
    return server.url


@pytest.fixture
def api(registry_url: str) -> Iterator[httpx.Client]:
    """An HTTP client on a live registry (both back ends); restores global config and mode afterwards."""
    with httpx.Client(base_url=registry_url, timeout=30.0) as client:
        yield client
        client.delete("/config")
        client.put("/mode", json={"mode": "READWRITE"}, params={"force": "true"})


@pytest.fixture
def subject(request: pytest.FixtureRequest) -> str:
    """A subject name unique to this test (so tests on a shared server never see each other's data)."""
    return f"{request.node.name.split('[')[0]}-{uuid.uuid4().hex[:8]}"


def open_registry(directory: Path) -> Registry:
    """The registry's services on a fresh SQLite database in `directory`."""
    return Registry.open(Settings(database_url=f"sqlite:///{directory / 'registry.db'}"))


@pytest.fixture
def registry_service(tmp_path: Path) -> Iterator[Registry]:
    """The registry's services on a database of this test's own, called directly."""
    registry = open_registry(tmp_path)
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def in_process_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ASGIApp]:
    """The registry's ASGI app on a database shared by one test module (whose tests use their own subjects,
    as on the live servers)."""
    registry = open_registry(tmp_path_factory.mktemp("in-process"))
    yield create_app(registry=registry)
    registry.close()


IN_PROCESS_URL = "http://registry.test"


@pytest.fixture
def in_process_client(in_process_app: ASGIApp) -> Iterator[SchemaRegistryClient]:
    """Our client on `in_process_app`, in this process (`InProcessTransport`), with caches of its own."""
    with SchemaRegistryClient({"url": IN_PROCESS_URL}, transport=InProcessTransport(in_process_app)) as client:
        yield client
