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

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK, triggered_by
from schemata.compat.jsonschema.diff.model import MISSING, Context, Pair, show
from schemata.compat.rules import Rule


@dataclass(frozen=True, slots=True)
class _Side:
    """Which bound: its keywords, its rule prefixes, and whether a larger value admits more."""

    inclusive: str
    exclusive: str
    upper: bool

    @property
    def prefixes(self) -> tuple[str, str]:
        """(inclusive prefix, exclusive prefix): MAXIMUM, EXCLUSIVE_MAXIMUM."""
        name = self.inclusive.upper()
        return name, f"EXCLUSIVE_{name}"


@dataclass(frozen=True, slots=True)
class _Bound:
    value: Any
    exclusive: bool

    def key(self, side: _Side) -> tuple[Any, int]:
        """Orders bounds by value, and at one value an exclusive bound just below (upper) or above (lower)
        the inclusive one: a larger key admits more for an upper bound, fewer for a lower one."""
        below = self.exclusive if side.upper else not self.exclusive
        return self.value, 0 if below else 1


_UPPER, _LOWER = _Side("maximum", "exclusiveMaximum", upper=True), _Side("minimum", "exclusiveMinimum", upper=False)


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


def _bound_change(pair: Pair, side: _Side) -> tuple[str, _Bound | None, _Bound | None] | None:
    """The difference type of a bound's change, with the old and new bounds (None: no change)."""
    old, new = _bound(pair.original.schema, side), _bound(pair.update.schema, side)
    inclusive, exclusive = side.prefixes
    if new is None:
        return None if old is None else (f"{exclusive if old.exclusive else inclusive}_REMOVED", old, new)
    if old is None:
        return f"{exclusive if new.exclusive else inclusive}_ADDED", old, new
    if old.key(side) == new.key(side):
        return None
    if old.value == new.value:
        return f"{exclusive}_{'ADDED' if new.exclusive else 'REMOVED'}", old, new
    direction = "INCREASED" if new.value > old.value else "DECREASED"
    return f"{exclusive if new.exclusive else inclusive}_{direction}", old, new


def _describe(bound: _Bound | None, side: _Side) -> str:
    if bound is None:
        return "none"
    sign = ("<" if bound.exclusive else "<=") if side.upper else (">" if bound.exclusive else ">=")
    return f"{sign} {show(bound.value)}"


def _bound_rules(side: _Side) -> None:
    """The eight rules of one side: {MAXIMUM, EXCLUSIVE_MAXIMUM}_{ADDED, REMOVED, INCREASED, DECREASED}."""
    tighter = "DECREASED" if side.upper else "INCREASED"
    for prefix, keyword in zip(side.prefixes, (side.inclusive, side.exclusive), strict=True):
        for change in ("ADDED", "REMOVED", "INCREASED", "DECREASED"):
            narrows = change in ("ADDED", tighter)
            rule_id = f"{prefix}_{change}"
            hint = (f"Data valid under the old {side.inclusive} limit may now be rejected; keep the old limit or "
                    f"loosen it, or register the change under a new subject.") if narrows else ""

            def check(rule: Rule, ctx: Context, pair: Pair, keyword: str = keyword) -> Iterator[Finding]:
                found = _bound_change(pair, side)
                if found is not None and found[0] == rule.id:
                    message = f"The {side.inclusive} limit went from {_describe(found[1], side)} to " \
                              f"{_describe(found[2], side)}"
                    yield rule.finding(pair.at(keyword), message)

            purpose = f"{keyword} {change.lower()}: {'fewer' if narrows else 'more'} values are valid"
            triggered_by(BOOK.rule(rule_id, kind="schema", purpose=purpose, hint=hint)(check),
                         side.inclusive, side.exclusive)


_bound_rules(_UPPER)
_bound_rules(_LOWER)


def _multiple_of_change(pair: Pair) -> str | None:
    """ADDED, REMOVED, REDUCED (new divides old: every old multiple still valid), EXPANDED, CHANGED."""
    old, new = pair.values("multipleOf")
    if old == new:
        return None
    if new is MISSING:
        return "REMOVED"
    if old is MISSING:
        return "ADDED"
    old_d, new_d = Decimal(str(old)), Decimal(str(new))
    if old_d % new_d == 0:
        return "REDUCED"
    return "EXPANDED" if new_d % old_d == 0 else "CHANGED"


_MULTIPLE_OF = {
    "ADDED": ("multipleOf added", "multipleOf {new} was added"),
    "REMOVED": ("multipleOf removed", "multipleOf {old} was removed"),
    "REDUCED": ("multipleOf now divides the old one", "multipleOf reduced from {old} to {new}"),
    "EXPANDED": ("multipleOf is now a multiple of the old one", "multipleOf expanded from {old} to {new}"),
    "CHANGED": ("multipleOf changed to an unrelated value", "multipleOf changed from {old} to {new}"),
}
_MULTIPLE_OF_HINT = "Old values may not be multiples of the new multipleOf; use a divisor of the old value."

for _change, (_purpose, _template) in _MULTIPLE_OF.items():

    def _check(
        rule: Rule, ctx: Context, pair: Pair, change: str = _change, template: str = _template
    ) -> Iterator[Finding]:
        if _multiple_of_change(pair) == change:
            old, new = (show(v) for v in pair.values("multipleOf"))
            yield rule.finding(pair.at("multipleOf"), f"{template.format(old=old, new=new)}")

    _hint = "" if _change in ("REDUCED", "REMOVED") else _MULTIPLE_OF_HINT
    triggered_by(BOOK.rule(f"MULTIPLE_OF_{_change}", kind="schema", purpose=_purpose, hint=_hint)(_check), "multipleOf")
