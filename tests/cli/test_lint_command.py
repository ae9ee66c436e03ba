"""`schemata lint` and the lint part of `schemata check`: files and manifests, every output format, exit codes,
and configuration errors that exit 2 naming the key."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from tests.cli.helpers import SAMPLES, Service, sample

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
MONEY_PROTO = sample("protobuf", "payment_processed", 3)
MONEY_LINE = next(i for i, line in enumerate(MONEY_PROTO.splitlines(), 1) if "double amount_cents" in line)
LINTED = """\
produces:
  - topic: payments
    schema: schemas/payment.proto
lint:
  enable: [EVENT_ID_FIELD]
  severity: {MONEY_AS_FLOAT: warning}
"""


@pytest.fixture
def payments(service: Service) -> Service:
    """A service producing Protobuf payment_processed v3 (amount_cents as a double)."""
    service.write("schemas/payment.proto", MONEY_PROTO)
    service.manifest("produces:\n  - topic: payments\n    schema: schemas/payment.proto\n")
    return service


def test_lint_files_reports_file_line_severity_rule_and_hint(payments: Service) -> None:
    run = payments.run("lint", "schemas/payment.proto", str(SAMPLES / "avro" / "order_placed" / "v1.avsc"))
    assert run.code == 1, run.output
    assert f"schemas/payment.proto:{MONEY_LINE}: error MONEY_AS_FLOAT at #/PaymentProcessed/3" in run.out
    assert "    Field 'amount_cents' looks like money but is a floating-point number" in run.out
    assert "PASS com.example.shop.OrderPlaced" in run.out
    assert run.out.rstrip().endswith("1 lint error(s).")


def test_lint_a_clean_file_exits_0(service: Service) -> None:
    service.write("v1.avsc", sample("avro", "order_placed", 1))
    run = service.run("lint", "v1.avsc")
    assert run.code == 0, run.output
    assert "no lint findings" in run.out and "No lint errors." in run.out


def test_manifest_section_enables_rules_and_overrides_severities(payments: Service) -> None:
    payments.manifest(LINTED)
    run = payments.run("lint")
    assert run.code == 1, run.output
    assert f"schemas/payment.proto:{MONEY_LINE}: warning MONEY_AS_FLOAT" in run.out
    line = next(i for i, text in enumerate(MONEY_PROTO.splitlines(), 1) if "message PaymentProcessed" in text)
    assert f"schemas/payment.proto:{line}: error EVENT_ID_FIELD at #/PaymentProcessed" in run.out
    assert "FAIL produces payments-value" in run.out


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ("  enable: [NO_SUCH_RULE]\n", "lint.enable[0]"),
        ("  severity: {FIELD_DOC: fatal}\n", "lint.severity.FIELD_DOC"),
        ("  names: {field_case: kebab}\n", "lint.names.field_case"),
        ("  colour: red\n", "lint.colour"),
    ],
)
def test_configuration_errors_exit_2_naming_the_key(payments: Service, section: str, key: str) -> None:
    payments.manifest("produces:\n  - topic: payments\n    schema: schemas/payment.proto\nlint:\n" + section)
    for command in (("lint",), ("lint", "schemas/payment.proto"), ("check", "--against", "HEAD")):
        run = payments.run(*command)
        assert run.code == 2, (command, run.output)
        assert f"schemata.yaml: {key}: " in run.err


def test_json(payments: Service) -> None:
    run = payments.run("lint", "--format", "json")
    document = json.loads(run.out)
    assert document["ok"] is False and document["contracts"] == []
    [result] = document["lint"]
    assert result["name"] == "produces payments-value" and result["ok"] is False
    assert result["findings"] == [{
        "rule": "MONEY_AS_FLOAT", "errorType": "MONEY_AS_FLOAT", "path": "#/PaymentProcessed/3",
        "message": "Field 'amount_cents' looks like money but is a floating-point number",
        "hint": result["findings"][0]["hint"], "severity": "error", "file": "schemas/payment.proto",
        "line": MONEY_LINE,
    }]


def test_junit(payments: Service) -> None:
    root = ET.fromstring(payments.run("lint", "--format", "junit").out)
    assert root.get("tests") == "1" and root.get("failures") == "1"
    [suite] = root.findall("testsuite")
    failure = suite.find("testcase/failure")
    assert suite.get("name") == "schemata lint" and failure is not None
    assert failure.text == (
        f"schemas/payment.proto:{MONEY_LINE}: error MONEY_AS_FLOAT at #/PaymentProcessed/3: Field 'amount_cents' "
        "looks like money but is a floating-point number. Hint: " + failure.text.split("Hint: ", 1)[1]
    )


def test_sarif_validates_with_rule_metadata_and_levels(payments: Service) -> None:
    payments.manifest(LINTED)
    document = json.loads(payments.run("lint", "--format", "sarif").out)
    jsonschema.validate(document, SARIF_SCHEMA)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["EVENT_ID_FIELD"]["defaultConfiguration"] == {"level": "error", "enabled": False}
    assert rules["MONEY_AS_FLOAT"]["properties"]["category"] == "hazards"
    assert rules["MONEY_AS_FLOAT"]["fullDescription"]["text"].startswith("Amounts of money")
    levels = {result["ruleId"]: result["level"] for result in run["results"]}
    assert levels == {"EVENT_ID_FIELD": "error", "MONEY_AS_FLOAT": "warning"}
    money = next(result for result in run["results"] if result["ruleId"] == "MONEY_AS_FLOAT")
    location = money["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "schemas/payment.proto", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": MONEY_LINE}}


def test_github_annotations(payments: Service) -> None:
    payments.manifest(LINTED)
    lines = payments.run("lint", "--format", "github").out.splitlines()
    assert lines[0].startswith("::error file=schemas/payment.proto,line=")
    assert lines[1].startswith(f"::warning file=schemas/payment.proto,line={MONEY_LINE},title=MONEY_AS_FLOAT::")
    assert lines[-1] == "schemata: 1 lint error(s) in 1 schema(s)"


def test_check_lints_the_produced_schemas_unless_told_not_to(payments: Service) -> None:
    payments.init_git()
    payments.commit("v3")
    run = payments.run("check", "--against", "main")
    assert run.code == 1, run.output
    assert "PASS produces payments-value" in run.out  # identical to main: the contract holds
    assert f"schemas/payment.proto:{MONEY_LINE}: error MONEY_AS_FLOAT" in run.out
    assert payments.run("check", "--against", "main", "--no-lint").code == 0


def test_check_finds_a_removed_protobuf_field_that_is_not_reserved(service: Service) -> None:
    service.init_git()
    service.manifest("produces:\n  - topic: orders\n    schema: orders.proto\n")
    service.write("orders.proto", 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  string note = 2;\n}\n')
    service.commit("v1")
    service.write("orders.proto", 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n}\n')
    run = service.run("check", "--against", "main")
    assert run.code == 1, run.output
    assert "orders.proto:2: error PROTOBUF_REMOVED_FIELD_RESERVED at #/Order" in run.out
