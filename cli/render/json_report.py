"""JSON for programs: the report as one document, findings as `compat.Finding.as_dict()` plus their location."""

from __future__ import annotations

import json

from schemata.cli.checking import ContractResult, Report
from schemata.cli.linting import LintResult


def render(report: Report) -> str:
    document = {
        "ok": report.ok,
        "target": report.target,
        "contracts": [_contract(result) for result in report.results],
    }
    if report.lint:
        document["lint"] = [_lint(result) for result in report.lint]
    return json.dumps(document, indent=2)


def _lint(result: LintResult) -> dict[str, object]:
    return {
        "name": result.name,
        "schemaType": result.schema_type,
        "schema": result.file,
        "ok": result.ok,
        "summary": result.summary(),
        "findings": [
            {**problem.finding.as_dict(), "severity": str(problem.severity), "file": result.file, "line": problem.line}
            for problem in result.problems
        ],
    }


def _contract(result: ContractResult) -> dict[str, object]:
    return {
        "role": str(result.contract.role),
        "topic": result.contract.topic,
        "subject": result.subject,
        "schemaType": result.schema_type,
        "schema": result.file,
        "level": str(result.level),
        "against": list(result.against),
        "ok": result.ok,
        "summary": result.summary(),
        "findings": [
            {**problem.finding.as_dict(), "against": list(problem.against), "file": result.file, "line": problem.line}
            for problem in result.problems
        ],
    }
