"""Checking contracts: each loaded contract's decision (the registry's, or one against a git ref), as results.

A produced schema is decided exactly as registering it would be (`schemata.compat.decide`): identical to a
live version passes, else the subject's level against the latest version (or every live version for the
transitive levels). A consumed (reader) schema must read every previous version, whatever the level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from schemata.cli.contracts import LoadedContract
from schemata.cli.errors import ExitCode
from schemata.cli.linting import LintResult
from schemata.cli.locate import locate
from schemata.cli.manifest import Contract, Role
from schemata.compat import Decision, Finding, Level, Previous, Proposed, decide

#: What a consumed (reader) schema is checked at: it must read every live version.
READER_LEVEL = Level.BACKWARD_TRANSITIVE


class History(Protocol):
    """Where decisions come from: the registry (online) or the manifest at a git ref (offline)."""

    def decision(self, loaded: LoadedContract) -> Decision | None:
        """The decision on `loaded` against its subject's versions; None if the subject has no versions yet."""


def proposed(loaded: LoadedContract, metadata: str | None = None) -> Proposed:
    """A contract's schema as a decision takes it; its references are identified by what they hold."""
    identity = [(d.name, d.schema_type, d.text) for d in loaded.dependencies]
    return Proposed.of(loaded.parsed, identity, metadata)


def decide_contract(
    loaded: LoadedContract,
    previous: Sequence[Previous],
    level: Level,
    policy: str | None,
    metadata: str | None = None,
    validate_fields: bool = False,
) -> Decision:
    """The decision on `loaded` against `previous` (oldest first): a produced schema as registering it would
    be decided at `level`; a consumed one must read every version, whatever the level. With `validate_fields`
    (the subject's validateFields), the reserved-field rules too, for both."""
    schema = proposed(loaded, metadata)
    if loaded.contract.role is Role.CONSUMES:
        return decide(
            schema, previous, level=READER_LEVEL, policy=policy, deduplicate=False, validate_fields=validate_fields
        )
    return decide(schema, previous, level=level, policy=policy, validate_fields=validate_fields)


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding, located: the previous versions it was found against (newest first) and its line in the file."""

    finding: Finding
    against: tuple[str, ...]
    line: int

    def where(self) -> str:
        """`against version 2, version 1, BACKWARD`: the versions and the direction that failed (a reserved-field
        rule has none)."""
        where = f"against {', '.join(self.against)}"
        return f"{where}, {self.finding.direction}" if self.finding.direction else where

    def sentence(self) -> str:
        """The finding's message, where it failed, and its hint, as plain sentences."""
        text = f"{self.finding.message} ({self.where()})"
        return f"{text} Hint: {self.finding.hint}" if self.finding.hint else text


@dataclass(frozen=True, slots=True)
class ContractResult:
    """The verdict on one contract; `file` is the schema file as renderers show it."""

    contract: Contract
    subject: str
    schema_type: str
    file: str
    level: Level
    against: tuple[str, ...]
    problems: tuple[Problem, ...]
    name: str
    note: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line saying what was checked and how it went."""
        if self.note:
            return self.note
        verdict = "compatible with" if self.ok else f"{len(self.problems)} problem(s) against"
        return f"{verdict} {', '.join(self.against)} ({self.level})"


@dataclass(frozen=True, slots=True)
class Report:
    """Every contract's result, and what they were checked against (`registry URL`, `git ref main`)."""

    target: str
    results: tuple[ContractResult, ...]
    lint: tuple[LintResult, ...] = ()

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results) and all(result.ok for result in self.lint)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.ok else ExitCode.BROKEN


def check_contract(
    loaded: LoadedContract, decision: Decision | None, file: str, name: str | None = None
) -> ContractResult:
    """The verdict on `loaded` from `decision` (None: its subject has no versions yet). `file` names its schema
    file in the result, `name` the contract (`produces orders-value` by default)."""
    contract = loaded.contract
    level = decision.level if decision else (READER_LEVEL if contract.role is Role.CONSUMES else Level.BACKWARD)

    def result(against: Sequence[str], problems: Sequence[Problem] = (), note: str = "") -> ContractResult:
        return ContractResult(
            contract, loaded.subject, contract.schema_type, file, level, tuple(against), tuple(problems),
            name or f"{contract.role} {loaded.subject}", note,
        )

    if decision is not None and decision.identical is not None:
        # Registering a schema identical to a live version is a no-op that checks nothing.
        return result((decision.identical.label,), note=f"identical to {decision.identical.label}")
    if decision is not None and not level.rule.directions and not decision.checked:
        return result((), note=f"not checked: the subject's level is {level}")
    if decision is None or not decision.checked:
        return result((), note="new: no previous version to check against")
    return result([v.label for v in decision.checked], _problems(decision.findings, loaded))


def _problems(findings: Sequence[Finding], loaded: LoadedContract) -> list[Problem]:
    """One problem per distinct finding, with every version it was found against, in the file's order."""
    against: dict[Finding, list[str]] = {}
    for finding in findings:  # newest previous version first, as the decision checks them
        label = finding.against.label if finding.against else ""
        against.setdefault(replace(finding, against=None), []).append(label)
    schema_type = loaded.contract.schema_type
    problems = [
        Problem(finding, tuple(versions), locate(loaded.text, schema_type, finding.path))
        for finding, versions in against.items()
    ]
    return sorted(problems, key=lambda problem: problem.line)
