"""Text for people: one line per contract, and each problem with its file:line, rule, path, sentence and hint.

Styled with click; `click.echo` drops the colour when the output is not a terminal.
"""

from __future__ import annotations

import click

from schemata.cli.checking import ContractResult, Report
from schemata.cli.linting import LintResult
from schemata.compat.lint import Severity


def render(report: Report) -> str:
    if report.lint and not report.results:  # `schemata lint`
        return "\n".join(lint_lines(report.lint, after=False))
    lines = [click.style(f"Checking {len(report.results)} contract(s) against {report.target}", bold=True), ""]
    for result in report.results:
        lines.extend(contract_lines(result))
    broken = sum(not result.ok for result in report.results)
    verdict = (
        click.style("All contracts hold.", fg="green", bold=True)
        if not broken
        else click.style(f"{broken} of {len(report.results)} contract(s) broken.", fg="red", bold=True)
    )
    lines.extend(["", verdict])
    if report.lint:
        lines.extend(lint_lines(report.lint, after=True))
    return "\n".join(lines)


_SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def lint_lines(results: tuple[LintResult, ...], *, after: bool) -> list[str]:
    """Each linted schema's verdict line and findings (location, severity, rule and path; sentence; hint)."""
    lines = [""] if after else []
    lines.extend([click.style(f"Linting {len(results)} schema(s)", bold=True), ""])
    for result in results:
        mark = click.style("PASS", fg="green") if result.ok else click.style("FAIL", fg="red", bold=True)
        lines.append(f"{mark} {result.name} ({result.file}, {result.schema_type}): {result.summary()}")
        for problem in result.problems:
            finding, colour = problem.finding, _SEVERITY_COLOURS[problem.severity]
            lines.append(
                f"  {result.file}:{problem.line}: {click.style(str(problem.severity), fg=colour)} "
                f"{click.style(finding.rule, fg=colour)} at {finding.path or '/'}"
            )
            lines.append(f"    {finding.message}")
            if finding.hint:
                lines.append(f"    {click.style('hint:', fg='cyan')} {finding.hint}")
    errors = sum(result.errors for result in results)
    lines.append("")
    lines.append(
        click.style(f"{errors} lint error(s).", fg="red", bold=True) if errors
        else click.style("No lint errors.", fg="green", bold=True)
    )
    return lines


def contract_lines(result: ContractResult) -> list[str]:
    """A contract's verdict line, then each problem: location, rule and path, sentence, hint."""
    mark = click.style("PASS", fg="green") if result.ok else click.style("FAIL", fg="red", bold=True)
    lines = [f"{mark} {result.name} ({result.file}, {result.schema_type}): {result.summary()}"]
    for problem in result.problems:
        finding = problem.finding
        lines.append(
            f"  {result.file}:{problem.line}: {click.style(finding.rule, fg='red')} at {finding.path or '/'}"
            f" ({problem.where()})"
        )
        lines.append(f"    {finding.message}")
        if finding.hint:
            lines.append(f"    {click.style('hint:', fg='cyan')} {finding.hint}")
    return lines
