"""JUnit XML for CI test reports: one test case per contract, a failure listing its problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from schemata.cli.checking import Report


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
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode")
