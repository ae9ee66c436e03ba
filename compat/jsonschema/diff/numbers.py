"""Number rules: the four limits (draft 4's boolean exclusive limits read as draft 6 ones) and multipleOf."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from compat.findings import Finding
from compat.jsonschema.diff.book import BOOK, triggered_by
from compat.jsonschema.diff.families import Getter, bound_rules
from compat.jsonschema.diff.model import MISSING, Context, Pair, show
from compat.rules import Rule


def _inclusive(limit: str, exclusive: str) -> Getter:
    """The inclusive limit: `limit`, unless draft 4's `exclusive: true` makes it exclusive."""
    return lambda s: MISSING if s.get(exclusive) is True else s.get(limit, MISSING)


def _exclusive(limit: str, exclusive: str) -> Getter:
    """The exclusive limit: a draft 6+ number, or draft 4's `limit` when `exclusive` is true."""

    def value(schema: dict[str, Any]) -> Any:
        flag = schema.get(exclusive, MISSING)
        if flag is True:
            return schema.get(limit, MISSING)
        return MISSING if flag is False else flag

    return value


_MAX, _MIN = ("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")
bound_rules("MAXIMUM", "maximum", upper=True, value=_inclusive(*_MAX), triggers=_MAX)
bound_rules("MINIMUM", "minimum", upper=False, value=_inclusive(*_MIN), triggers=_MIN)
bound_rules("EXCLUSIVE_MAXIMUM", "exclusiveMaximum", upper=True, value=_exclusive(*_MAX), triggers=_MAX)
bound_rules("EXCLUSIVE_MINIMUM", "exclusiveMinimum", upper=False, value=_exclusive(*_MIN), triggers=_MIN)


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
