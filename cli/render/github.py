"""GitHub Actions workflow commands: an `::error` annotation per problem, then a plain summary line."""

from __future__ import annotations

from schemata.cli.checking import Report
from schemata.compat.lint import Severity


def render(report: Report) -> str:
    lines = [
        f"::error file={_property(result.file)},line={problem.line},title={_property(problem.finding.rule)}"
        f"::{_data(f'{result.subject}: {problem.sentence()}')}"
        for result in report.results
        for problem in result.problems
    ]
    lines.extend(
        f"::{_COMMANDS[problem.severity]} file={_property(result.file)},line={problem.line},"
        f"title={_property(problem.finding.rule)}::{_data(f'{result.name}: {problem.sentence()}')}"
        for result in report.lint
        for problem in result.problems
    )
    if report.results or not report.lint:
        broken = sum(not result.ok for result in report.results)
        lines.append(f"schemata: {len(report.results) - broken} of {len(report.results)} contract(s) hold against "
                     f"{report.target}")
    if report.lint:
        errors = sum(result.errors for result in report.lint)
        lines.append(f"schemata: {errors} lint error(s) in {len(report.lint)} schema(s)")
    return "\n".join(lines)


_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
