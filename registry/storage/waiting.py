"""Each request's budget of time spent on failed waits for the database.

Every single wait for PostgreSQL is bounded (engine.py), but a request may wait several times in turn: for
the fast path's change counters, for a pool connection (pool.py), for a new connection, for its statements.
`wait_budget(seconds)` around a request charges each wait that fails (timed out, refused, no pool connection
free) to the budget, and later waits get only what is left of it: once the database has not answered within
the timeout, the request answers 50002 instead of waiting a second and a third time. Waits that succeed are
not charged, so that a busy node whose waits are slow (a write queued behind others, threads waiting for the
GIL) is not cut short. Threads that the request's work runs in (anyio's worker threads copy the context)
share the budget.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")


class _Budget:
    __slots__ = ("remaining",)

    def __init__(self, seconds: float) -> None:
        self.remaining = seconds


_budget: ContextVar[_Budget | None] = ContextVar("schemata_database_wait_budget", default=None)


@contextmanager
def wait_budget(seconds: float) -> Iterator[None]:
    """Within: the failed database waits of this context add up to at most `seconds` (see the module)."""
    token = _budget.set(_Budget(seconds))
    try:
        yield
    finally:
        _budget.reset(token)


def remaining_wait(bound: float) -> float:
    """How long the next wait may take: `bound`, or less when the request's budget has less left."""
    budget = _budget.get()
    return bound if budget is None else min(bound, budget.remaining)


@contextmanager
def waiting_for_database(
    charged: type[BaseException] | tuple[type[BaseException], ...] = BaseException,
) -> Iterator[None]:
    """Charges the time spent within to the current request's budget if it fails (with one of `charged`)."""
    budget = _budget.get()
    started = time.monotonic()
    try:
        yield
    except charged:
        if budget is not None:
            budget.remaining -= time.monotonic() - started
        raise


async def within_budget(awaitable: Awaitable[T], bound: float) -> T:
    """`awaitable`'s result, waited for at most `bound` and what is left of the request's budget (charged
    to it if it fails); TimeoutError past that. Cancelling it must be harmless (a shielded shared read, say)."""
    with waiting_for_database():
        return await asyncio.wait_for(awaitable, max(remaining_wait(bound), 0.0))
