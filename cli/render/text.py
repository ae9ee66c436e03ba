"""Text for people: one line per contract, and each problem with its file:line, rule, path, sentence and hint.

Styled with click; `click.echo` drops the colour when the output is not a terminal.
"""

from __future__ import annotations

import click

from schemata.cli.checking import ContractResult, Report


def render(report: Report) -> str:
    lines = [click.style(f"Checking {len(report.results)} contract(s) against {report.target}", bold=True), ""]
    for result in report.results:
        lines.extend(contract_lines(result))
    broken = sum(not result.ok for result in report.results)
    verdict = (
        click.style("All contracts hold.", fg="green", bold=True)
        if report.ok
        else click.style(f"{broken} of {len(report.results)} contract(s) broken.", fg="red", bold=True)
    )
    lines.extend(["", verdict])
    return "\n".join(lines)


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
