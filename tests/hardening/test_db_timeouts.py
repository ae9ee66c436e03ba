"""A database that does not answer: a connection attempt ends within the timeout as StoreTimeout (50002).

The listener accepts TCP connections (the kernel completes the handshake) and never says a word, as a
PostgreSQL host whose process hangs does."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from schemata.registry.errors import StoreTimeout
from schemata.registry.storage import Storage


@pytest.fixture
def silent_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield sock.getsockname()[1]


def test_connect_to_a_silent_database_is_50002_within_the_timeout(silent_port: int) -> None:
    storage = Storage(f"postgresql+psycopg://nobody@127.0.0.1:{silent_port}/none", timeout=2, run_migrations=False)
    start = time.monotonic()
    with pytest.raises(StoreTimeout) as raised, storage.read() as txn:
        txn.counters()
    waited = time.monotonic() - start
    assert raised.value.error_code == 50002
    assert waited < 2 * 3, f"waited {waited:.1f} s"  # libpq may try the address more than once
    storage.dispose()
