"""Every `--format` of `schemata check`, on one broken and one holding contract (offline, Avro)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from schemata.compat import catalogue
from tests.cli.helpers import COMMAND, Service, environment, sample

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """The line of the first `needle` (after the first line holding `after`, if given)."""
    start = line_of(text, after) if after else 0
    return next(i for i, line in enumerate(text.splitlines(), 1) if i > start and needle in line)


V3 = sample("avro", "order_placed", 3)
TYPE_MISMATCH_LINE = line_of(V3, '"type": "int"', after='"total_cents"')
MISSING_DEFAULT_LINE = line_of(V3, '"shipping_address"')


@pytest.fixture
def broken(repo: Service) -> Service:
    """order_placed v1 committed on main, v3 in the working tree; payments unchanged."""
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 3))
    return repo


def test_text_lists_each_problem_with_file_line_rule_sentence_and_hint(broken: Service) -> None:
    run = broken.run("check", "--against", "main")
    assert run.code == 1
    assert f"schemas/order_placed.avsc:{TYPE_MISMATCH_LINE}: TYPE_MISMATCH at /fields/3/type" in run.out
    problem = run.out.split("TYPE_MISMATCH at /fields/3/type", 1)[1].splitlines()
    assert problem[1] == "    Field 'total_cents': the reader's type int cannot read the writer's long"
    assert problem[2].startswith("    hint: ") and "long" in problem[2]
    assert "\x1b[" not in run.out  # no colour when the output is not a terminal


def test_text_is_coloured_on_a_terminal(broken: Service) -> None:
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [*COMMAND, "check", "--against", "main"], cwd=broken.root, stdout=follower, stderr=follower,
        stdin=subprocess.DEVNULL, env=environment(),
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the follower side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(30) == 1
    os.close(leader)
    screen = b"".join(chunks).decode()
    assert "\x1b[31m\x1b[1mFAIL" in screen
    assert "\x1b[32mPASS" in screen


def test_json(broken: Service) -> None:
    run = broken.run("check", "--against", "main", "--format", "json")
    assert run.code == 1
    report = json.loads(run.out)
    assert report["ok"] is False and report["target"] == "git ref main"
    orders, payments = report["contracts"]
    assert (orders["role"], orders["subject"], orders["ok"], orders["level"]) == (
        "produces", "orders-value", False, "BACKWARD"
    )
    assert {f["rule"] for f in orders["findings"]} == {"TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"}
    mismatch = next(f for f in orders["findings"] if f["rule"] == "TYPE_MISMATCH")
    assert mismatch["path"] == "/fields/3/type"
    assert mismatch["file"] == "schemas/order_placed.avsc"
    assert mismatch["line"] == TYPE_MISMATCH_LINE
    assert mismatch["direction"] == "BACKWARD" and mismatch["against"] == ["main"]
    assert mismatch["hint"]
    assert (payments["role"], payments["ok"], payments["findings"]) == ("consumes", True, [])


def test_junit_has_one_test_case_per_contract(broken: Service) -> None:
    run = broken.run("check", "--against", "main", "--format", "junit")
    assert run.code == 1
    root = ET.fromstring(run.out)
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "1"
    cases = root.findall("./testsuite/testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("schemata.produces", "orders-value"), ("schemata.consumes", "payments-value")
    ]
    failure = cases[0].find("failure")
    assert failure is not None and "TYPE_MISMATCH" in (failure.text or "")
    assert cases[1].find("failure") is None


def test_sarif_validates_and_locates_findings_in_the_schema_file(broken: Service) -> None:
    run = broken.run("check", "--against", "main", "--format", "sarif")
    assert run.code == 1
    log = json.loads(run.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    (sarif_run,) = log["runs"]
    rules = [rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]]
    assert sorted(rules) == ["READER_FIELD_MISSING_DEFAULT_VALUE", "TYPE_MISMATCH"]
    for described in sarif_run["tool"]["driver"]["rules"]:  # as the rule catalogue (and docs/rules.md) says
        entry = catalogue.lookup(described["id"])
        assert described["shortDescription"]["text"] == entry.purpose and described["help"]["text"] == entry.hint
        assert described["properties"]["format"] == "AVRO"
    located = {
        r["ruleId"]: (
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            rules[r["ruleIndex"]],
        )
        for r in sarif_run["results"]
    }
    assert located == {
        "TYPE_MISMATCH": ("schemas/order_placed.avsc", TYPE_MISMATCH_LINE, "TYPE_MISMATCH"),
        "READER_FIELD_MISSING_DEFAULT_VALUE": (
            "schemas/order_placed.avsc", MISSING_DEFAULT_LINE, "READER_FIELD_MISSING_DEFAULT_VALUE"
        ),
    }


def test_sarif_of_a_clean_run_validates(broken: Service) -> None:
    broken.write("schemas/order_placed.avsc", sample("avro", "order_placed", 2))
    run = broken.run("check", "--against", "main", "--format", "sarif")
    assert run.code == 0
    log = json.loads(run.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_annotations(broken: Service) -> None:
    run = broken.run("check", "--against", "main", "--format", "github")
    assert run.code == 1
    lines = run.out.splitlines()
    assert any(
        entry.startswith(
            f"::error file=schemas/order_placed.avsc,line={TYPE_MISMATCH_LINE},title=TYPE_MISMATCH::orders-value: "
        )
        for entry in lines
    )
    assert sum(entry.startswith("::error ") for entry in lines) == 2
    assert lines[-1] == "schemata: 1 of 2 contract(s) hold against git ref main"


def test_output_file_gets_the_report_without_colour(broken: Service) -> None:
    run = broken.run("check", "--against", "main", "--format", "sarif", "--output", "out/report.sarif")
    assert run.code == 2 and "out/report.sarif" in run.err  # the folder does not exist
    run = broken.run("check", "--against", "main", "--format", "sarif", "--output", "report.sarif")
    assert run.code == 1 and run.out == ""
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads((broken.root / "report.sarif").read_text()))
    broken.run("check", "--against", "main", "--output", "report.txt")
    assert "FAIL produces orders-value" in (broken.root / "report.txt").read_text()
