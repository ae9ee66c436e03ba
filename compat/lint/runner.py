"""Running the lint rules on one schema: the findings of every enabled rule that applies to its format."""

from __future__ import annotations

from dataclasses import dataclass

from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.target import LintTarget


@dataclass(frozen=True, slots=True)
class LintFinding:
    """A finding of a lint rule, with the severity the configuration gives that rule."""

    finding: Finding
    severity: Severity

    def as_dict(self) -> dict[str, object]:
        return {**self.finding.as_dict(), "severity": str(self.severity)}


def lint_schema(target: LintTarget, config: LintConfig | None = None) -> list[LintFinding]:
    """The findings on `target` under `config` (the defaults when None), rule by rule in catalogue order."""
    config = config or LintConfig()
    return [
        LintFinding(finding, config.severity_of(rule))
        for rule in config.active_rules()
        if target.schema_type in rule.formats
        for finding in rule.check(rule, target, config)
    ]


def errors(findings: list[LintFinding]) -> list[LintFinding]:
    """The findings that fail a check or refuse a registration."""
    return [f for f in findings if f.severity is Severity.ERROR]
