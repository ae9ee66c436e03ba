"""Rules as data: each rule is a small named function registered with its stable id, purpose and hint.

A format keeps one `RuleBook`; its checker walks the two schemas once, matching old elements to new
ones, and calls the book's rules for each kind of element pair. Ids are never renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from schemata.compat.findings import Finding


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's record: stable id, one-line purpose, the default hint, and the element kind it checks."""

    id: str
    purpose: str
    hint: str
    kind: str
    check: Callable[..., Iterator[Finding]]

    def finding(self, path: str, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at `path`, with this rule's default hint unless one is given."""
        return Finding(self.id, path, message, self.hint if hint is None else hint)


@dataclass
class RuleBook:
    """The rules of one format, grouped by the kind of element pair they inspect."""

    rules: dict[str, Rule] = field(default_factory=dict)

    def rule(self, rule_id: str, *, kind: str, purpose: str, hint: str) -> Callable[[Callable[..., Any]], Rule]:
        """Register the decorated function as rule `rule_id`; the function receives the Rule first."""

        def register(func: Callable[..., Iterator[Finding]]) -> Rule:
            if rule_id in self.rules:
                raise ValueError(f"rule {rule_id} registered twice")
            registered = Rule(rule_id, purpose, hint, kind, func)
            self.rules[rule_id] = registered
            return registered

        return register

    def of_kind(self, kind: str) -> list[Rule]:
        """The rules that inspect pairs of `kind` (e.g. "field", "message", "enum"), in registration order."""
        return [r for r in self.rules.values() if r.kind == kind]

    def run(self, kind: str, *args: Any) -> Iterator[Finding]:
        """Run every rule of `kind` on one element pair."""
        for registered in self.of_kind(kind):
            yield from registered.check(registered, *args)
