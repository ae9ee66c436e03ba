"""GitHub Actions workflow commands: an `::error` annotation per problem, then a plain summary line."""

from __future__ import annotations

from schemata.cli.checking import Report


def render(report: Report) -> str:
    lines = [
        f"::error file={_property(result.file)},line={problem.line},title={_property(problem.finding.rule)}"
        f"::{_data(f'{result.subject}: {problem.sentence()}')}"
        for result in report.results
        for problem in result.problems
    ]
    broken = sum(not result.ok for result in report.results)
    lines.append(f"schemata: {len(report.results) - broken} of {len(report.results)} contract(s) hold against "
                 f"{report.target}")
    return "\n".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
