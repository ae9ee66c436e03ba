"""Rule books: the function of each catalogue entry, grouped by the kind of element pair it inspects.

A format keeps one `RuleBook` per table of the catalogue (`schemata.compat.catalogue`); its checker walks the
two schemas once, matching old elements to new ones, and calls `run` for each element pair. Ids are never
renamed; an entry's id, purpose, hint and policies live in the catalogue only.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from schemata.compat.catalogue import Entry, Kind, Table, UnknownRuleError, lookup
from schemata.compat.findings import Finding

#: A rule's function: the Rule itself, then the element pair of its kind.
Check = Callable[..., Iterator[Finding]]
#: A classifier: from the element pair of its kind to the one entry that describes it (None: no difference).
Classifier = Callable[..., Entry | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalogue entry with its function; `triggers`: the schema keywords the function reads, if it says."""

    entry: Entry
    check: Check
    triggers: frozenset[str] | None = None

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def purpose(self) -> str:
        return self.entry.purpose

    @property
    def hint(self) -> str:
        return self.entry.hint

    @property
    def kind(self) -> Kind:
        return self.entry.kind

    def finding(self, path: str, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at `path`, with this rule's default hint unless one is given."""
        return self.entry.finding(path, message, hint)


class RuleBook:
    """The rules of one catalogue table, by kind, in the order they were registered."""

    def __init__(self, table: type[Table]) -> None:
        self.table = table
        self.rules: dict[str, Rule] = {}
        self._classifiers: dict[Kind, Classifier] = {}
        self._selected: dict[tuple[Kind, str | None], tuple[Rule, ...]] = {}

    def rule(self, entry: Entry, *, triggers: Iterable[str] | None = None) -> Callable[[Check], Rule]:
        """Register the decorated function as the rule of `entry`; see `add`."""

        def register(check: Check) -> Rule:
            return self.add(entry, check, triggers=triggers)

        return register

    def add(self, entry: Entry, check: Check, *, triggers: Iterable[str] | None = None) -> Rule:
        """Register `check` as the rule of `entry`, an entry of this book's table. With `triggers`, `run` skips
        the rule on pairs that have none of those keywords."""
        if vars(self.table).get(entry.id) is not entry:
            raise UnknownRuleError(f"{entry!r} is not an entry of {self.table.__name__}")
        if entry.id in self.rules:
            raise ValueError(f"rule {entry.id} registered twice")
        registered = Rule(entry, check, None if triggers is None else frozenset(triggers))
        self.rules[entry.id] = registered
        self._selected.clear()
        return registered

    def classifier(self, kind: Kind) -> Callable[[Classifier], Classifier]:
        """Register the decorated function as the classifier of `kind`: `run` then asks it which entry describes
        a pair and runs that entry's rule alone (one classification instead of one per rule of the kind)."""

        def register(classify: Classifier) -> Classifier:
            self._classifiers[kind] = classify
            return classify

        return register

    def of_kind(self, kind: Kind, policy: str | None = None) -> tuple[Rule, ...]:
        """The rules that inspect pairs of `kind`, in registration order; with `policy`, those checked under it."""
        key = (kind, policy)
        selected = self._selected.get(key)
        if selected is None:
            selected = self._selected[key] = tuple(
                r for r in self.rules.values()
                if r.kind is kind and (policy is None or policy in r.entry.checked_under)
            )
        return selected

    def rule_of(self, entry: Entry, kind: Kind) -> Rule:
        """The registered rule of `entry`, which must inspect `kind`; UnknownRuleError otherwise."""
        found = self.rules.get(entry.id)
        if found is None or found.entry is not entry or found.kind is not kind:
            raise UnknownRuleError(f"{entry!r} is not a {kind} rule of {self.table.__name__}")
        return found

    def run(
        self, kind: Kind, *args: Any, policy: str | None = None, keywords: Collection[str] | None = None
    ) -> Iterator[Finding]:
        """Every finding of the rules of `kind` on one element pair (`args`, after the Rule).

        `policy`: only the rules checked under it. `keywords`: the keywords the pair has, to skip the rules whose
        triggers are none of them. A finding whose id is not in the catalogue raises UnknownRuleError.
        """
        classify = self._classifiers.get(kind)
        if classify is None:
            rules = self.of_kind(kind, policy)
        else:
            entry = classify(*args)
            chosen = () if entry is None else (self.rule_of(entry, kind),)
            rules = tuple(r for r in chosen if policy is None or policy in r.entry.checked_under)
        for registered in rules:
            if keywords is not None and registered.triggers is not None and registered.triggers.isdisjoint(keywords):
                continue
            for finding in registered.check(registered, *args):
                if finding.rule != registered.id:
                    lookup(finding.rule)
                yield finding
