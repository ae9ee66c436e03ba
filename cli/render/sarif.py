"""SARIF 2.1.0 for code scanning: each problem a result located at its line in the schema file."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version

from schemata.cli.checking import Problem, Report
from schemata.cli.linting import LintProblem, LintResult
from schemata.compat import catalogue
from schemata.compat.lint import CATALOGUE, LintRule, Severity

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
                rule_objects.append(_rule(rule))
            results.append(_result(problem, rules[rule], result.file, result.subject))
    for linted in report.lint:
        for lint_problem in linted.problems:
            rule = lint_problem.finding.rule
            if rule not in rules:
                rules[rule] = len(rule_objects)
                rule_objects.append(_lint_rule(CATALOGUE[rule]))
            results.append(_lint_result(lint_problem, rules[rule], linted))
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


def _rule(rule_id: str) -> dict[str, object]:
    """The rule's description, from the rule catalogue (docs/rules.md lists the same entries)."""
    entry = catalogue.get(rule_id)
    if entry is None:  # not a compatibility rule (a lint rule, say): its id is all there is to show
        return {"id": rule_id, "shortDescription": {"text": rule_id.replace("_", " ").capitalize()}}
    rule: dict[str, object] = {
        "id": rule_id,
        "shortDescription": {"text": entry.purpose[0].upper() + entry.purpose[1:]},
        "properties": {
            "format": entry.format or "any",
            "inspects": str(entry.kind),
            "checkedUnder": sorted(entry.checked_under),
            "compatibleUnder": sorted(entry.compatible_under),
        },
    }
    if entry.hint:
        rule["help"] = {"text": entry.hint}
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


_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _lint_rule(rule: LintRule) -> dict[str, object]:
    """A lint rule's metadata from the catalogue: its purpose, hint, default level and category."""
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.id.replace("_", " ").capitalize()},
        "fullDescription": {"text": rule.purpose},
        "help": {"text": rule.hint},
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": rule.default},
        "properties": {"category": rule.category, "formats": sorted(rule.formats)},
    }


def _lint_result(problem: LintProblem, rule_index: int, result: LintResult) -> dict[str, object]:
    return {
        "ruleId": problem.finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[problem.severity],
        "message": {"text": f"{result.name}: {problem.sentence()}"},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": result.file, "uriBaseId": "%SRCROOT%"},
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
