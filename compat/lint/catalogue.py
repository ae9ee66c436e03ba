"""The lint catalogue: each rule a small named function registered with its stable id, purpose, default
severity and hint, in the style of the compatibility `RuleBook` (`schemata.compat.rules`).

The ids are spelled out once, where each rule is registered; configuration naming an id that is not in the
catalogue is an error. Ids are never renamed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from schemata.compat.findings import Finding

if TYPE_CHECKING:
    from schemata.compat.lint.config import LintConfig
    from schemata.compat.lint.target import LintTarget


class Severity(StrEnum):
    """How much a finding matters: an `error` fails a check (and refuses a registration), the others inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


ALL_FORMATS = frozenset({"AVRO", "JSON", "PROTOBUF"})

Check = Callable[["LintRule", "LintTarget", "LintConfig"], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class LintRule:
    """A rule's record: stable id, category, one-line purpose, default severity, hint, the formats it applies
    to, and whether it runs without being enabled."""

    id: str
    category: str
    purpose: str
    severity: Severity
    hint: str
    formats: frozenset[str]
    default: bool
    check: Check

    def finding(self, path: str, message: str, hint: str | None = None) -> Finding:
        """A finding of this rule at `path`, with this rule's hint unless one is given."""
        return Finding(self.id, path, message, self.hint if hint is None else hint)


@dataclass
class LintCatalogue:
    """Every lint rule, by id, in registration order (the order findings of one element come in)."""

    rules: dict[str, LintRule] = field(default_factory=dict)

    def rule(
        self,
        rule_id: str,
        *,
        category: str,
        purpose: str,
        severity: Severity,
        hint: str,
        formats: frozenset[str] = ALL_FORMATS,
        default: bool = True,
    ) -> Callable[[Check], LintRule]:
        """Register the decorated function as rule `rule_id`; it receives the rule, the target and the config."""

        def register(func: Check) -> LintRule:
            if rule_id in self.rules:
                raise ValueError(f"lint rule {rule_id} registered twice")
            registered = LintRule(rule_id, category, purpose, severity, hint, formats, default, func)
            self.rules[rule_id] = registered
            return registered

        return register

    def __getitem__(self, rule_id: str) -> LintRule:
        return self.rules[rule_id]

    def __contains__(self, rule_id: Any) -> bool:
        return rule_id in self.rules

    def __iter__(self) -> Iterator[LintRule]:
        return iter(self.rules.values())


CATALOGUE = LintCatalogue()
