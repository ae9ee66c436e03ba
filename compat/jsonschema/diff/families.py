"""Rule families: one factory registers the rules of a keyword that behaves like others, for the entries it is
given (their ids, purposes and hints are in the catalogue)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from schemata.compat.catalogue import Entry, Kind
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.model import MISSING, Context, MemberChange, Node, Pair, json_text, openness, show
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.diff.walk import compatible
from schemata.compat.rules import Rule

Getter = Callable[[Any], Any]
Test = Callable[[Any, Any], bool]
Message = Callable[[Any, Any], str]


def keyword_value(keyword: str) -> Getter:
    """The getter of `keyword`'s value in a schema (MISSING where absent)."""
    return lambda schema: schema.get(keyword, MISSING) if isinstance(schema, dict) else MISSING


def _register(
    entry: Entry,
    keyword: str,
    test: Test,
    message: Message,
    value: Getter,
    triggers: tuple[str, ...],
    where: Callable[[Pair], str] | None = None,
) -> None:
    """Register the SCHEMA rule of `entry`: it fires when `test(old, new)` holds for the values `value` reads
    (from the `triggers` keywords); the path ends with `keyword`, or with what `where(pair)` says."""

    def check(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
        old, new = value(pair.original.schema), value(pair.update.schema)
        if test(old, new):
            yield rule.finding(pair.at(where(pair) if where else keyword), message(old, new))

    BOOK.add(entry, check, triggers=triggers)


def _added(old: Any, new: Any) -> bool:
    return old is MISSING and new is not MISSING


def _removed(old: Any, new: Any) -> bool:
    return old is not MISSING and new is MISSING


class Bounds(NamedTuple):
    """The entries of a limit's changes: added, removed, a larger value, a smaller value."""

    added: Entry
    removed: Entry
    increased: Entry
    decreased: Entry


def bound_rules(keyword: str, bounds: Bounds) -> None:
    """The rules of a numeric limit set by one keyword (the number bounds, set by two keywords each, are in
    `numbers`)."""
    get = keyword_value(keyword)
    changes: tuple[tuple[Entry, Test, Message], ...] = (
        (bounds.added, _added, lambda o, n: f"{keyword} {show(n)} was added"),
        (bounds.removed, _removed, lambda o, n: f"{keyword} {show(o)} was removed"),
        (
            bounds.increased,
            lambda o, n: MISSING not in (o, n) and n > o,
            lambda o, n: f"{keyword} was increased from {show(o)} to {show(n)}",
        ),
        (
            bounds.decreased,
            lambda o, n: MISSING not in (o, n) and n < o,
            lambda o, n: f"{keyword} was decreased from {show(o)} to {show(n)}",
        ),
    )
    for entry, test, message in changes:
        _register(entry, keyword, test, message, get, (keyword,))


def presence_rules(
    keyword: str, added: Entry, removed: Entry, changed: Entry | None = None, *, value: Getter | None = None
) -> None:
    """The rules of a keyword compared by value: added, removed and, with `changed`, changed."""
    get = value or keyword_value(keyword)
    _register(added, keyword, _added, lambda o, n: f"{keyword} {show(n)} was added", get, (keyword,))
    _register(removed, keyword, _removed, lambda o, n: f"{keyword} {show(o)} was removed", get, (keyword,))
    if changed is not None:
        _register(
            changed, keyword, lambda o, n: MISSING not in (o, n) and o != n,
            lambda o, n: f"{keyword} was changed from {show(o)} to {show(n)}", get, (keyword,),
        )


def annotation_rule(entry: Entry, keywords: tuple[str, ...]) -> None:
    """The rule of `entry`: an annotation keyword's value changes (added and removed count as changed), reported
    at the schema that holds it, as Confluent does."""

    def value(schema: Any) -> Any:
        return next((schema[k] for k in keywords if isinstance(schema, dict) and k in schema), MISSING)

    def check(rule: Rule, ctx: Context, pair: Pair) -> Iterator[Finding]:
        old, new = value(pair.original.schema), value(pair.update.schema)
        if old is not new and (MISSING in (old, new) or json_text(old) != json_text(new)):
            keyword = next((k for k in keywords if k in pair.update.schema), keywords[0])
            before = "absent" if old is MISSING else show(old)
            after = "absent" if new is MISSING else show(new)
            yield rule.finding(pair.at(), f"{keyword} changed from {before} to {after}")

    BOOK.add(entry, check, triggers=keywords)


class Openness(NamedTuple):
    """The entries of an additional*/unevaluated* keyword's changes. REMOVED: allowed -> false; ADDED: false ->
    allowed; NARROWED: anything -> a schema; EXTENDED: a schema -> anything (two schemas are compared by the
    walk itself)."""

    removed: Entry
    added: Entry
    narrowed: Entry
    extended: Entry


_OPENNESS = {
    # (old openness, new openness) -> change
    ("open", "closed"): "removed", ("schema", "closed"): "removed",
    ("closed", "open"): "added", ("closed", "schema"): "added",
    ("open", "schema"): "narrowed", ("schema", "open"): "extended",
}


def openness_rules(
    keyword: str,
    changes: Openness,
    *,
    value: Getter | None = None,
    triggers: tuple[str, ...] = (),
    where: Callable[[Pair], str] | None = None,
) -> None:
    """The rules of an additional*/unevaluated* keyword; a finding's message is its entry's purpose."""
    get = value or keyword_value(keyword)
    for change, entry in changes._asdict().items():

        def test(old: Any, new: Any, change: str = change) -> bool:
            return _OPENNESS.get((openness(old), openness(new))) == change

        def message(old: Any, new: Any, phrase: str = entry.purpose) -> str:
            return phrase[0].upper() + phrase[1:]

        _register(entry, keyword, test, message, get, triggers or (keyword,), where)


class Removal(NamedTuple):
    """The entries of a member (property or tuple item) that the new schema no longer names."""

    covered: Entry
    not_covered: Entry
    from_open: Entry
    false_from_closed: Entry
    from_closed: Entry


def member_removed(removal: Removal, ctx: Context, change: MemberChange, model: str, covering: Node | None) -> Entry:
    """The difference type of a removed member, given the new content model and the schema that covers the
    member there, if any."""
    assert change.original is not None  # a removed member exists on the original side
    if covering is not None:
        return removal.covered if compatible(ctx, change.original, covering, change.path) else removal.not_covered
    if model == "open":
        return removal.from_open
    if effective(change.original).schema is False:
        return removal.false_from_closed
    return removal.from_closed


def member_rules(
    kind: Kind,
    classify: Callable[[Context, MemberChange], Entry],
    messages: dict[Entry, str],
    render: Callable[[Rule, MemberChange, str], Finding],
) -> None:
    """The rules of the members of `kind` (PROPERTY or ITEM) added or removed: `classify` names the entry of a
    change, whose rule alone runs; one rule per entry of `messages` (entry -> message template), whose finding
    `render` makes."""

    def check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
        yield render(rule, change, messages[rule.entry])

    for entry in messages:
        BOOK.add(entry, check)
    BOOK.classifier(kind)(classify)
