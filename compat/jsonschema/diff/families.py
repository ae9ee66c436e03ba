"""Rule families: one factory registers the ADDED/REMOVED/... rules of a keyword that behaves like others."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK, triggered_by
from schemata.compat.jsonschema.diff.model import MISSING, Context, MemberChange, Node, Pair, json_text, openness, show
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.diff.walk import compatible
from schemata.compat.rules import Rule

Getter = Callable[[Any], Any]


def keyword_value(keyword: str) -> Getter:
    """The getter of `keyword`'s value in a schema (MISSING where absent)."""
    return lambda schema: schema.get(keyword, MISSING) if isinstance(schema, dict) else MISSING


def _register(
    rule_id: str,
    purpose: str,
    hint: str,
    keyword: str,
    test: Callable[[Any, Any], bool],
    message: Callable[[Any, Any], str],
    value: Getter,
    triggers: tuple[str, ...],
    where: Callable[[Pair], str] | None = None,
) -> None:
    """Register `rule_id` as a "schema" rule that fires when `test(old, new)` holds for the values `value`
    reads (from the `triggers` keywords); the path ends with `keyword`, or with what `where(pair)` says."""

    def check(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
        old, new = value(pair.original.schema), value(pair.update.schema)
        if test(old, new):
            yield rule.finding(pair.at(where(pair) if where else keyword), message(old, new))

    triggered_by(BOOK.rule(rule_id, kind="schema", purpose=purpose, hint=hint)(check), *triggers)


def _added(old: Any, new: Any) -> bool:
    return old is MISSING and new is not MISSING


def _removed(old: Any, new: Any) -> bool:
    return old is not MISSING and new is MISSING


def bound_rules(prefix: str, keyword: str, *, upper: bool) -> None:
    """{prefix}_ADDED/REMOVED/INCREASED/DECREASED for a numeric limit; `upper`: a larger value admits more.
    (The number bounds, set by two keywords each, are in `numbers`.)"""
    get = keyword_value(keyword)
    tighter = "DECREASED" if upper else "INCREASED"
    hint = (
        f"Data valid under the old {keyword} may now be rejected; keep the old limit or loosen it "
        f"({'raise' if upper else 'lower'} it), or register the change under a new subject."
    )
    changes: dict[str, tuple[Callable[[Any, Any], bool], Callable[[Any, Any], str]]] = {
        "ADDED": (_added, lambda o, n: f"{keyword} {show(n)} was added"),
        "REMOVED": (_removed, lambda o, n: f"{keyword} {show(o)} was removed"),
        "INCREASED": (
            lambda o, n: MISSING not in (o, n) and n > o,
            lambda o, n: f"{keyword} was increased from {show(o)} to {show(n)}",
        ),
        "DECREASED": (
            lambda o, n: MISSING not in (o, n) and n < o,
            lambda o, n: f"{keyword} was decreased from {show(o)} to {show(n)}",
        ),
    }
    for change, (test, message) in changes.items():
        narrows = change in ("ADDED", tighter)
        purpose = f"{keyword} {change.lower()}: {'fewer' if narrows else 'more'} values are valid"
        rule_id, rule_hint = f"{prefix}_{change}", hint if narrows else ""
        _register(rule_id, purpose, rule_hint, keyword, test, message, get, (keyword,))


def presence_rules(prefix: str, keyword: str, *, changed: bool, value: Getter | None = None) -> None:
    """{prefix}_ADDED/REMOVED (and _CHANGED when `changed`) for a keyword compared by value."""
    get = value or keyword_value(keyword)
    hint = f"Data valid before may not satisfy the new {keyword}; drop it or keep the old one."
    changes: dict[str, tuple[Callable[[Any, Any], bool], Callable[[Any, Any], str], str]] = {
        "ADDED": (_added, lambda o, n: f"{keyword} {show(n)} was added", hint),
        "REMOVED": (_removed, lambda o, n: f"{keyword} {show(o)} was removed", ""),
    }
    if changed:
        changes["CHANGED"] = (
            lambda o, n: MISSING not in (o, n) and o != n,
            lambda o, n: f"{keyword} was changed from {show(o)} to {show(n)}",
            hint,
        )
    for change, (test, message, change_hint) in changes.items():
        purpose = f"{keyword} {change.lower()}"
        _register(f"{prefix}_{change}", purpose, change_hint, keyword, test, message, get, (keyword,))


def annotation_rule(rule_id: str, keywords: tuple[str, ...]) -> None:
    """`rule_id` when an annotation keyword's value changes (added and removed count as changed), reported at
    the schema that holds it, as Confluent does."""

    def value(schema: Any) -> Any:
        return next((schema[k] for k in keywords if isinstance(schema, dict) and k in schema), MISSING)

    def check(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
        old, new = value(pair.original.schema), value(pair.update.schema)
        if old is not new and (MISSING in (old, new) or json_text(old) != json_text(new)):
            keyword = next((k for k in keywords if k in pair.update.schema), keywords[0])
            before = "absent" if old is MISSING else show(old)
            after = "absent" if new is MISSING else show(new)
            yield rule.finding(pair.at(), f"{keyword} changed from {before} to {after}")

    purpose = f"{keywords[0]} changed (annotation only)"
    triggered_by(BOOK.rule(rule_id, kind="annotation", purpose=purpose, hint="")(check), *keywords)


_OPENNESS = {
    # (old openness, new openness) -> change
    ("open", "closed"): "REMOVED", ("schema", "closed"): "REMOVED",
    ("closed", "open"): "ADDED", ("closed", "schema"): "ADDED",
    ("open", "schema"): "NARROWED", ("schema", "open"): "EXTENDED",
}


def openness_rules(
    prefix: str,
    keyword: str,
    what: str,
    *,
    lenient: bool,
    value: Getter | None = None,
    triggers: tuple[str, ...] = (),
    where: Callable[[Pair], str] | None = None,
) -> None:
    """{prefix}_ADDED/REMOVED/EXTENDED/NARROWED for additional*/unevaluated* keywords.

    ADDED: false -> allowed; REMOVED: allowed -> false; EXTENDED: a schema -> anything; NARROWED:
    anything -> a schema. Two schemas are compared by the walk itself. `lenient`: the LENIENT policy
    accepts REMOVED and NARROWED.
    """
    get = value or keyword_value(keyword)
    phrases = {
        "REMOVED": f"{what} are no longer allowed ({keyword} is now false)",
        "ADDED": f"{what} are now allowed (the old {keyword} was false)",
        "NARROWED": f"{what} must now match {keyword}",
        "EXTENDED": f"{what} may now hold any value ({keyword} no longer restricts them)",
    }
    escape = " or use the LENIENT compatibilityPolicy" if lenient else ""
    hints = {
        "REMOVED": f"Old data may hold {what}; keep {keyword} open{escape}.",
        "NARROWED": f"Old data may hold {what} that fail the new {keyword}; keep it open{escape}.",
    }
    for change, phrase in phrases.items():

        def test(old: Any, new: Any, change: str = change) -> bool:
            return _OPENNESS.get((openness(old), openness(new))) == change

        def message(old: Any, new: Any, phrase: str = phrase) -> str:
            return phrase[0].upper() + phrase[1:]

        rule_id, rule_hint = f"{prefix}_{change}", hints.get(change, "")
        _register(rule_id, phrase, rule_hint, keyword, test, message, get, triggers or (keyword,), where)


def member_removed(kind: str, ctx: Context, change: MemberChange, model: str, covering: Node | None) -> str:
    """The difference type of a member (`kind`: PROPERTY or ITEM) that the new schema no longer names, given
    the new content model and the schema that covers the member there, if any."""
    assert change.original is not None  # a removed member exists on the original side
    if covering is not None:
        state = "IS" if compatible(ctx, change.original, covering, change.path) else "NOT"
        return f"{kind}_REMOVED_{state}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
    if model == "open":
        return f"{kind}_REMOVED_FROM_OPEN_CONTENT_MODEL"
    if effective(change.original).schema is False:
        return f"{kind}_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL"
    return f"{kind}_REMOVED_FROM_CLOSED_CONTENT_MODEL"
