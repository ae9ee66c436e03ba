"""The connection pool, its checkout wait charged to the request's budget of database waits (waiting.py).

SQLAlchemy's QueuePool waits up to its `timeout` for a connection when all are in use. Here that timeout is
what is left of the request's budget (at most the database timeout), read in the thread that checks out,
and a wait that ends without a connection is charged to the budget: a request that has already spent its
budget on failed waits does not wait for a pool connection again, and one that spent it waiting for a
connection answers 50002 at once on its next wait.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exc
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

from schemata.registry.storage.waiting import remaining_wait, waiting_for_database


class BudgetedQueuePool(QueuePool):
    """A QueuePool whose checkout wait is bounded by, and charged to, the request's budget."""

    @property
    def _timeout(self) -> float:
        """The wait for a connection QueuePool reads (`_do_get`): what the budget leaves of the bound."""
        return max(remaining_wait(self._bound), 0.0)

    @_timeout.setter
    def _timeout(self, seconds: float) -> None:  # QueuePool.__init__ sets it
        self._bound = seconds

    def _do_get(self) -> ConnectionPoolEntry:
        with waiting_for_database(charged=exc.TimeoutError):  # a failed connect charges itself (engine.py)
            return super()._do_get()

    def recreate(self) -> QueuePool:
        pool = super().recreate()  # built with the budget's `_timeout`, not the bound
        pool._timeout = self._bound
        return pool


def pool_arguments(size: int, overflow: int, timeout: float) -> dict[str, Any]:
    """`create_engine`'s keyword arguments for this pool."""
    return {"poolclass": BudgetedQueuePool, "pool_size": size, "max_overflow": overflow, "pool_timeout": timeout}
