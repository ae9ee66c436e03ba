"""SARIF 2.1.0 for code scanning: each problem a result located at its line in the schema file."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

from schemata.cli.checking import Problem, Report

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def render(report: Report) -> str:
    rules: dict[str, int] = {}
    rule_objects: list[dict[str, object]] = []
    results: list[dict[str, object]] = []
    for result in report.results:
        for problem in result.problems:
            rule = problem.finding.rule
            if rule not in rules:
                rules[rule] = len(rule_objects)
                rule_objects.append(_rule(problem))
            results.append(_result(problem, rules[rule], result.file, result.subject))
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "schemata", "version": _version(), "rules": rule_objects}},
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2)


def _rule(problem: Problem) -> dict[str, object]:
    name = problem.finding.rule.replace("_", " ").capitalize()
    rule: dict[str, object] = {"id": problem.finding.rule, "shortDescription": {"text": name}}
    if problem.finding.hint:
        rule["help"] = {"text": problem.finding.hint}
    return rule


def _result(problem: Problem, rule_index: int, file: str, subject: str) -> dict[str, object]:
    return {
        "ruleId": problem.finding.rule,
        "ruleIndex": rule_index,
        "level": "error",
        "message": {"text": f"{subject}: {problem.sentence()}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": problem.line},
                },
                "logicalLocations": [{"fullyQualifiedName": problem.finding.path or "/", "kind": "element"}],
            }
        ],
    }


def _version() -> str:
    try:
        return version("schemata")
    except PackageNotFoundError:
        return "0+unknown"
