"""JUnit XML for CI test reports: one test case per contract (and per linted schema), a failure listing its
problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from schemata.cli.checking import Report
from schemata.cli.linting import LintResult


def render(report: Report) -> str:
    failures = str(sum(not result.ok for result in report.results))
    tests = str(len(report.results))
    suites = ET.Element("testsuites", name="schemata", tests=tests, failures=failures, errors="0")
    suite = ET.SubElement(
        suites, "testsuite", name=f"schemata check against {report.target}", tests=tests, failures=failures,
        errors="0", skipped="0",
    )
    for result in report.results:
        case = ET.SubElement(
            suite, "testcase", classname=f"schemata.{result.contract.role}", name=result.subject, file=result.file
        )
        if not result.ok:
            failure = ET.SubElement(case, "failure", message=result.summary(), type="IncompatibleSchema")
            failure.text = "\n".join(
                f"{result.file}:{p.line}: {p.finding.rule} at {p.finding.path or '/'}: {p.sentence()}"
                for p in result.problems
            )
        else:
            ET.SubElement(case, "system-out").text = result.summary()
    if report.lint:
        if not report.results:  # `schemata lint`: no contracts were checked
            suites.remove(suite)
        _lint_suite(suites, report.lint)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")


def _lint_suite(suites: ET.Element, results: tuple[LintResult, ...]) -> None:
    """A test suite of one test case per linted schema, failed by its error-severity findings."""
    failures = sum(not result.ok for result in results)
    suite = ET.SubElement(
        suites, "testsuite", name="schemata lint", tests=str(len(results)), failures=str(failures), errors="0",
        skipped="0",
    )
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="schemata.lint", name=result.name, file=result.file)
        listed = "\n".join(
            f"{result.file}:{p.line}: {p.severity} {p.finding.rule} at {p.finding.path or '/'}: {p.sentence()}"
            for p in result.problems
        )
        if not result.ok:
            ET.SubElement(case, "failure", message=result.summary(), type="LintError").text = listed
        else:
            ET.SubElement(case, "system-out").text = listed or result.summary()
    for total, added in (("tests", len(results)), ("failures", failures)):
        suites.set(total, str(int(suites.get(total, "0")) + added))
