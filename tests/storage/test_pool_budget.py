"""The wait for a pool connection is bounded by the request's budget of database waits and charged to it:
with every connection in use, a request waits for one at most what its budget has left, and answers 50002
(StoreTimeout, as when the budget runs out elsewhere) without waiting a second time. Before, each checkout
waited the whole database timeout, uncharged: four checkouts in one request waited four timeouts."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from schemata.registry.errors import StoreTimeout
from schemata.registry.storage import Storage, wait_budget

TIMEOUT = 1.0


@pytest.fixture
def tiny_pool(database_url: str) -> Iterator[Storage]:
    """A storage whose pool holds one connection, no overflow."""
    Storage(database_url, timeout=5).dispose()  # migrated (which takes two connections on PostgreSQL)
    store = Storage(database_url, timeout=TIMEOUT, run_migrations=False, pool=(1, 0))
    yield store
    store.dispose()


def test_a_checkout_waits_only_what_the_budget_has_left(tiny_pool: Storage) -> None:
    with tiny_pool.read(), wait_budget(TIMEOUT):  # the pool's only connection in use
        started = time.monotonic()
        failures = []
        for _ in range(4):
            with pytest.raises(StoreTimeout) as raised:
                tiny_pool.counters()
            failures.append(raised.value)
        waited = time.monotonic() - started
    assert all(failure.error_code == 50002 for failure in failures)
    assert "Timed out waiting for a database connection" in failures[0].message
    assert TIMEOUT * 0.9 < waited < TIMEOUT * 1.5, f"waited {waited:.2f} s"  # once, not four times
    assert tiny_pool.counters().generation >= 0  # the connection is back: a new request gets it


def test_a_request_whose_budget_is_spent_gets_a_free_connection_without_waiting(tiny_pool: Storage) -> None:
    with wait_budget(TIMEOUT):
        with tiny_pool.read(), pytest.raises(StoreTimeout):
            tiny_pool.counters()  # the budget spent waiting for the connection the request itself holds
        started = time.monotonic()
        assert tiny_pool.counters().generation >= 0  # free now: a checkout that need not wait succeeds
        assert time.monotonic() - started < TIMEOUT / 2
