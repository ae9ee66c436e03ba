"""Number rules: the upper and lower bounds, and multipleOf.

A bound is set by an inclusive keyword (`maximum`), an exclusive one (`exclusiveMaximum`: a number from
draft 6 on; in draft 4 a boolean that makes `maximum` exclusive), or both (the tighter one counts). Bounds
are compared as one value with its exclusivity, so the verdict follows the values allowed:
- same form on both sides: {PREFIX}_ADDED / _REMOVED / _INCREASED / _DECREASED of that keyword, as Confluent;
- same value, exclusivity added or removed (`maximum: 5` to `exclusiveMaximum: 5`, or draft 4's flag):
  EXCLUSIVE_{MAXIMUM,MINIMUM}_ADDED (fewer values) or _REMOVED (more);
- different value and form: _INCREASED / _DECREASED in the update's form (`maximum: 5` to
  `exclusiveMaximum: 6` is EXCLUSIVE_MAXIMUM_INCREASED, compatible).
Deviation from Confluent, which compares each keyword on its own: there `maximum: 5` to `exclusiveMaximum: 6`
is MAXIMUM_REMOVED plus EXCLUSIVE_MAXIMUM_ADDED (incompatible), and draft 4's flag is not compared at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from schemata.compat.catalogue import Entry
from schemata.compat.catalogue import Json as J
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.families import Bounds
from schemata.compat.jsonschema.diff.model import MISSING, Context, Pair, show
from schemata.compat.rules import Rule


@dataclass(frozen=True, slots=True)
class _Side:
    """Which bound: its keywords, whether a larger value admits more, and the entries of each keyword."""

    inclusive: str
    exclusive: str
    upper: bool
    inclusive_rules: Bounds
    exclusive_rules: Bounds

    def rules(self, exclusive: bool) -> Bounds:
        return self.exclusive_rules if exclusive else self.inclusive_rules


@dataclass(frozen=True, slots=True)
class _Bound:
    value: Any
    exclusive: bool

    def key(self, side: _Side) -> tuple[Any, int]:
        """Orders bounds by value, and at one value an exclusive bound just below (upper) or above (lower)
        the inclusive one: a larger key admits more for an upper bound, fewer for a lower one."""
        below = self.exclusive if side.upper else not self.exclusive
        return self.value, 0 if below else 1


_UPPER = _Side(
    "maximum", "exclusiveMaximum", True,
    Bounds(J.MAXIMUM_ADDED, J.MAXIMUM_REMOVED, J.MAXIMUM_INCREASED, J.MAXIMUM_DECREASED),
    Bounds(J.EXCLUSIVE_MAXIMUM_ADDED, J.EXCLUSIVE_MAXIMUM_REMOVED, J.EXCLUSIVE_MAXIMUM_INCREASED,
           J.EXCLUSIVE_MAXIMUM_DECREASED),
)
_LOWER = _Side(
    "minimum", "exclusiveMinimum", False,
    Bounds(J.MINIMUM_ADDED, J.MINIMUM_REMOVED, J.MINIMUM_INCREASED, J.MINIMUM_DECREASED),
    Bounds(J.EXCLUSIVE_MINIMUM_ADDED, J.EXCLUSIVE_MINIMUM_REMOVED, J.EXCLUSIVE_MINIMUM_INCREASED,
           J.EXCLUSIVE_MINIMUM_DECREASED),
)


def _bound(schema: dict[str, Any], side: _Side) -> _Bound | None:
    """The bound a schema sets on `side` (the tighter one when it has both keywords)."""
    inclusive, flag = schema.get(side.inclusive, MISSING), schema.get(side.exclusive, MISSING)
    bounds = [_Bound(inclusive, flag is True)] if _is_number(inclusive) else []
    if _is_number(flag):
        bounds.append(_Bound(flag, True))
    if not bounds:
        return None
    tightest = min if side.upper else max
    return tightest(bounds, key=lambda b: b.key(side))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _bound_change(pair: Pair, side: _Side) -> tuple[Entry, _Bound | None, _Bound | None] | None:
    """The difference type of a bound's change, with the old and new bounds (None: no change)."""
    old, new = _bound(pair.original.schema, side), _bound(pair.update.schema, side)
    if new is None:
        return None if old is None else (side.rules(old.exclusive).removed, old, new)
    if old is None:
        return side.rules(new.exclusive).added, old, new
    if old.key(side) == new.key(side):
        return None
    if old.value == new.value:
        return (side.exclusive_rules.added if new.exclusive else side.exclusive_rules.removed), old, new
    rules = side.rules(new.exclusive)
    return (rules.increased if new.value > old.value else rules.decreased), old, new


def _describe(bound: _Bound | None, side: _Side) -> str:
    if bound is None:
        return "none"
    sign = ("<" if bound.exclusive else "<=") if side.upper else (">" if bound.exclusive else ">=")
    return f"{sign} {show(bound.value)}"


def _bound_rules(side: _Side) -> None:
    """The eight rules of one side: the four changes of its inclusive keyword and of its exclusive one."""
    for rules, keyword in ((side.inclusive_rules, side.inclusive), (side.exclusive_rules, side.exclusive)):
        for entry in rules:

            def check(rule: Rule, ctx: Context, pair: Pair, keyword: str = keyword) -> Iterator[Finding]:
                found = _bound_change(pair, side)
                if found is not None and found[0] is rule.entry:
                    message = f"The {side.inclusive} limit went from {_describe(found[1], side)} to " \
                              f"{_describe(found[2], side)}"
                    yield rule.finding(pair.at(keyword), message)

            BOOK.add(entry, check, triggers=(side.inclusive, side.exclusive))


_bound_rules(_UPPER)
_bound_rules(_LOWER)


def _multiple_of_change(pair: Pair) -> Entry | None:
    """ADDED, REMOVED, REDUCED (new divides old: every old multiple still valid), EXPANDED, CHANGED."""
    old, new = pair.values("multipleOf")
    if old == new:
        return None
    if new is MISSING:
        return J.MULTIPLE_OF_REMOVED
    if old is MISSING:
        return J.MULTIPLE_OF_ADDED
    old_d, new_d = Decimal(str(old)), Decimal(str(new))
    if old_d % new_d == 0:
        return J.MULTIPLE_OF_REDUCED
    return J.MULTIPLE_OF_EXPANDED if new_d % old_d == 0 else J.MULTIPLE_OF_CHANGED


#: difference type -> message template
_MULTIPLE_OF = {
    J.MULTIPLE_OF_ADDED: "multipleOf {new} was added",
    J.MULTIPLE_OF_REMOVED: "multipleOf {old} was removed",
    J.MULTIPLE_OF_REDUCED: "multipleOf reduced from {old} to {new}",
    J.MULTIPLE_OF_EXPANDED: "multipleOf expanded from {old} to {new}",
    J.MULTIPLE_OF_CHANGED: "multipleOf changed from {old} to {new}",
}


def _check_multiple_of(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
    if _multiple_of_change(pair) is rule.entry:
        old, new = (show(v) for v in pair.values("multipleOf"))
        yield rule.finding(pair.at("multipleOf"), _MULTIPLE_OF[rule.entry].format(old=old, new=new))


for _entry in _MULTIPLE_OF:
    BOOK.add(_entry, _check_multiple_of, triggers=("multipleOf",))
