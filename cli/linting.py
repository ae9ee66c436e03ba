"""Linting schema files: each file's lint findings, located at their line, as the report's lint results."""

from __future__ import annotations

from dataclasses import dataclass

from schemata.cli.contracts import LoadedContract
from schemata.cli.locate import locate
from schemata.compat import Finding, ParsedSchema
from schemata.compat.lint import LintConfig, LintTarget, Severity, lint_schema


@dataclass(frozen=True, slots=True)
class LintProblem:
    """A lint finding with its severity and its line in the schema file."""

    finding: Finding
    severity: Severity
    line: int

    def sentence(self) -> str:
        """The finding's message and its hint, as plain sentences."""
        return f"{self.finding.message}. Hint: {self.finding.hint}" if self.finding.hint else self.finding.message


@dataclass(frozen=True, slots=True)
class LintResult:
    """The lint verdict on one schema file; `name` says what the schema is (`produces orders-value`, a path)."""

    file: str
    name: str
    schema_type: str
    problems: tuple[LintProblem, ...]

    @property
    def errors(self) -> int:
        return sum(problem.severity is Severity.ERROR for problem in self.problems)

    @property
    def ok(self) -> bool:
        """No error-severity finding (warnings and infos do not fail a check)."""
        return not self.errors

    def summary(self) -> str:
        if not self.problems:
            return "no lint findings"
        counts = {level: sum(p.severity is level for p in self.problems) for level in Severity}
        return ", ".join(f"{count} {level}(s)" for level, count in counts.items() if count)


def lint_file(
    parsed: ParsedSchema,
    text: str,
    config: LintConfig,
    *,
    file: str,
    name: str,
    subject: str | None = None,
    topic: str | None = None,
    previous: ParsedSchema | None = None,
) -> LintResult:
    """The lint result of the schema `text` (parsed as `parsed`), its findings in the file's order."""
    target = LintTarget(parsed, text, subject=subject, topic=topic, previous=previous)
    problems = [
        LintProblem(found.finding, found.severity, locate(text, parsed.schema_type, found.finding.path))
        for found in lint_schema(target, config)
    ]
    return LintResult(file, name, parsed.schema_type, tuple(sorted(problems, key=lambda problem: problem.line)))


def lint_contract(
    loaded: LoadedContract, config: LintConfig, file: str, previous: ParsedSchema | None = None
) -> LintResult:
    """The lint result of a contract's schema, its topic and subject checked too; `previous` is the version
    before it, if known (for the rules about removed fields)."""
    return lint_file(
        loaded.parsed, loaded.text, config, file=file, name=f"{loaded.contract.role} {loaded.subject}",
        subject=loaded.subject, topic=loaded.contract.topic, previous=previous,
    )
