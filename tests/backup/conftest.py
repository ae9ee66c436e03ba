"""Fresh registries for backup tests (a restore needs an empty target), and a source filled with every feature.

`source_registry` is built once by `helpers.populate`; `empty_registry()` starts a new SQLite server that
the test owns. Servers are real processes (`tests.conftest.LiveServer`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.backup.helpers import populate
from tests.conftest import LiveServer

StartRegistry = Callable[[], LiveServer]


@pytest.fixture
def empty_registry(tmp_path: Path) -> Iterator[StartRegistry]:
    """Starts fresh SQLite registries on demand; stops them after the test."""
    servers: list[LiveServer] = []

    def start() -> LiveServer:
        folder = tmp_path / f"registry-{len(servers)}"
        folder.mkdir()
        servers.append(LiveServer(f"sqlite:///{folder / 'registry.db'}", folder / "server.log"))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def source_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registry filled by `populate`; tests only read it."""
    folder = tmp_path_factory.mktemp("source")
    server = LiveServer(f"sqlite:///{folder / 'registry.db'}", folder / "server.log")
    populate(server.url)
    yield server.url
    server.stop()
