"""Checking contracts: each loaded contract against its baseline (registry versions or a git ref), as results.

A produced schema is checked exactly as registering it would be: identical to a live version passes, else the
subject's level against the latest version (or every live version for the transitive levels). A consumed
(reader) schema must read every previous version, whatever the level.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from schemata.cli.contracts import LoadedContract
from schemata.cli.errors import ExitCode
from schemata.cli.locate import locate
from schemata.cli.manifest import Contract, Role
from schemata.compat import Finding, Level, ParsedSchema, check_compatibility


@dataclass(frozen=True, slots=True)
class Baseline:
    """What a contract is checked against: a level, a policy, and the previous schemas, oldest first."""

    level: Level
    policy: str | None
    previous: tuple[tuple[str, ParsedSchema], ...]


class History(Protocol):
    """Where previous versions come from: the registry (online) or the manifest at a git ref (offline)."""

    def baseline(self, loaded: LoadedContract) -> Baseline | None:
        """The baseline of `loaded`'s subject; None if the subject has no versions yet."""


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding, located: the previous versions it was found against (newest first) and its line in the file."""

    finding: Finding
    against: tuple[str, ...]
    line: int

    def where(self) -> str:
        """`against version 2, version 1, BACKWARD`: the versions and the direction that failed."""
        return f"against {', '.join(self.against)}, {self.finding.direction}"

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

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.ok else ExitCode.BROKEN


def check_contract(
    loaded: LoadedContract, baseline: Baseline | None, file: str, name: str | None = None
) -> ContractResult:
    """The verdict on `loaded` against `baseline`. `file` names its schema file in the result, `name` the
    contract (`produces orders-value` by default)."""
    contract = loaded.contract
    consumes = contract.role is Role.CONSUMES
    level = Level.BACKWARD_TRANSITIVE if consumes else (baseline.level if baseline else Level.BACKWARD)

    def result(against: Sequence[str], problems: Sequence[Problem] = (), note: str = "") -> ContractResult:
        return ContractResult(
            contract, loaded.subject, contract.schema_type, file, level, tuple(against), tuple(problems),
            name or f"{contract.role} {loaded.subject}", note,
        )

    if baseline is None or not baseline.previous:
        return result((), note="new: no previous version to check against")
    if not level.rule.directions:
        return result((), note=f"not checked: the subject's level is {level}")
    labels = [label for label, _ in baseline.previous]
    schemas = [schema for _, schema in baseline.previous]
    # Registering a schema identical to a live version is a no-op that checks nothing. (With references the
    # parsed schema's canonical text leaves the referenced schemas out, so only a full check can tell.)
    if not consumes and not contract.references:
        for label, schema in baseline.previous:
            if schema == loaded.parsed:
                return result((label,), note=f"identical to {label}")
    checked = labels if level.rule.transitive else labels[-1:]
    findings = check_compatibility(level, loaded.parsed, schemas, policy=baseline.policy)
    return result(checked, _problems(findings, labels, loaded))


def _problems(findings: Sequence[Finding], labels: Sequence[str], loaded: LoadedContract) -> list[Problem]:
    """One problem per distinct finding, with every version it was found against, in the file's order."""
    against: dict[Finding, list[str]] = {}
    for finding in findings:  # newest previous version first, as the engine checks them
        against.setdefault(replace(finding, old_index=None), []).append(labels[finding.old_index or 0])
    schema_type = loaded.contract.schema_type
    problems = [
        Problem(finding, tuple(versions), locate(loaded.text, schema_type, finding.path))
        for finding, versions in against.items()
    ]
    return sorted(problems, key=lambda problem: problem.line)
