"""A budget of work for each compatibility check, so that no pair of schemas can hold a process for long.

The walks of the formats `spend` one unit for each pair of elements they compare (Avro types, JSON Schema
subschemas). A check runs inside `budgeted()`; once its units are spent, the next `spend` raises
`WorkLimitExceeded`, a CheckLimitError: the check ends without a verdict (the registry answers 42201, the CLI
exits 2), so running out can never make a change pass. Units count work, not time: the same schemas stop at
the same place on any machine. Outside `budgeted()` (a walk called on its own), `spend` does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from schemata.compat.errors import CheckLimitError

#: Units of one check: about a second of comparing on one core (an Avro pair costs one unit, a JSON Schema pair,
#: which runs many more rules, `JSON_PAIR_UNITS`).
CHECK_UNITS = 100_000
JSON_PAIR_UNITS = 10


class WorkLimitExceeded(CheckLimitError):
    """A check needed more work than its budget."""

    def __init__(self, units: int) -> None:
        super().__init__(
            f"The compatibility check was stopped after {units} units of work, the limit per check: the "
            "schemas compare too many pairs of elements (such as unions or anyOf/oneOf with many members on "
            "both sides); split them, or use fewer alternatives"
        )


class _Budget:
    __slots__ = ("left", "units")

    def __init__(self, units: int) -> None:
        self.units = units
        self.left = units


_ACTIVE: ContextVar[_Budget | None] = ContextVar("schemata_check_budget", default=None)


@contextmanager
def budgeted(units: int = CHECK_UNITS) -> Iterator[None]:
    """Run a check with a budget of `units`; inside a check that has one already, that budget goes on."""
    if _ACTIVE.get() is not None:
        yield
        return
    token = _ACTIVE.set(_Budget(units))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def spend(units: int = 1) -> None:
    """Take `units` from the running check's budget; WorkLimitExceeded once it is spent."""
    budget = _ACTIVE.get()
    if budget is None:
        return
    budget.left -= units
    if budget.left < 0:
        raise WorkLimitExceeded(budget.units)
