"""Every lint rule, in each format it applies to: a passing and a failing schema, the exact rule id, path and
line of the finding (all rules enabled, so that the ones off by default run too)."""

from __future__ import annotations

import pytest

from schemata.cli.locate import locate
from schemata.compat import parse_schema
from schemata.compat.lint import CATALOGUE, LintConfig, LintTarget, Severity, lint_schema, parse_config
from tests.compat.lint.cases import CASES, Case, avro, js

EVERY_RULE = LintConfig(enable=frozenset(rule.id for rule in CATALOGUE))


def findings_of(case: Case, text: str, **target: str | None) -> list[tuple[str, str]]:
    previous = parse_schema(case.schema_type, case.previous) if case.previous else None
    found = lint_schema(LintTarget(parse_schema(case.schema_type, text), text, previous=previous, **target),
                        EVERY_RULE)
    return [(f.finding.rule, f.finding.path) for f in found if f.finding.rule == case.rule]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_good_schema_passes(case: Case) -> None:
    assert findings_of(case, case.good, **case.good_target) == []


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_bad_schema_fails_at_the_path_and_line(case: Case) -> None:
    assert findings_of(case, case.bad, topic=case.topic, subject=case.subject) == [(case.rule, case.path)]
    lines = case.bad.splitlines()
    expected = 1 if case.line_text is None else next(i for i, line in enumerate(lines, 1) if case.line_text in line)
    assert locate(case.bad, case.schema_type, case.path) == expected


def test_every_rule_has_cases_in_every_format_it_applies_to() -> None:
    covered = {(case.rule, case.schema_type) for case in CASES}
    assert {(rule.id, fmt) for rule in CATALOGUE for fmt in rule.formats} == covered


def test_avro_optional_union_with_null_last() -> None:
    text = avro([{"name": "coupon", "type": ["string", "null"], "default": "none"}])
    found = lint_schema(LintTarget(parse_schema("AVRO", text), text))
    assert [(f.finding.rule, f.finding.path) for f in found] == [("OPTIONAL_FIELD_NULL_DEFAULT", "/fields/0/type")]


def test_camel_case_fields_when_configured() -> None:
    text = js({"orderId": {"type": "string"}, "order_id": {"type": "string"}})
    config = parse_config({"names": {"field_case": "camel"}})
    found = lint_schema(LintTarget(parse_schema("JSON", text), text), config)
    assert [(f.finding.rule, f.finding.path) for f in found] == [("FIELD_NAME_CASE", "#/properties/order_id")]


def test_envelope_names_are_configurable() -> None:
    text = avro([{"name": "message_id", "type": "string"}])
    config = parse_config({"enable": ["EVENT_ID_FIELD"], "names": {"event_id": ["message_id"]}})
    assert lint_schema(LintTarget(parse_schema("AVRO", text), text), config) == []


def test_documentation_threshold() -> None:
    text = avro([{"name": "a", "type": "int", "doc": "A."}, {"name": "b", "type": "int"}])
    schema = parse_schema("AVRO", text)
    half = parse_config({"enable": ["FIELD_DOC"], "documentation_threshold": 0.5})
    assert lint_schema(LintTarget(schema, text), half) == []
    every = parse_config({"enable": ["FIELD_DOC"]})
    assert [f.finding.path for f in lint_schema(LintTarget(schema, text), every)] == ["/fields/1"]


def test_disable_and_severity_overrides() -> None:
    text = avro([{"name": "amount", "type": "double"}, {"name": "Bad", "type": "int"}])
    schema = parse_schema("AVRO", text)
    config = parse_config({"disable": ["MONEY_AS_FLOAT"], "severity": {"FIELD_NAME_CASE": "error"}})
    found = lint_schema(LintTarget(schema, text), config)
    assert [(f.finding.rule, f.severity) for f in found] == [("FIELD_NAME_CASE", Severity.ERROR)]


def test_a_referenced_avro_type_is_linted_where_it_is_defined() -> None:
    from schemata.compat import Dependency

    dependency = '{"type": "record", "name": "bad_name", "namespace": "shop", "fields": []}'
    text = avro([{"name": "ref", "type": "shop.bad_name"}])
    schema = parse_schema("AVRO", text, [Dependency("shop.bad_name", "AVRO", dependency)])
    assert [f.finding.rule for f in lint_schema(LintTarget(schema, text))] == []


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"enable": ["NO_SUCH_RULE"]}, "lint.enable[0]"),
        ({"disable": "FIELD_DOC"}, "lint.disable"),
        ({"severity": {"FIELD_DOC": "fatal"}}, "lint.severity.FIELD_DOC"),
        ({"severity": {"NOPE": "error"}}, "lint.severity.NOPE"),
        ({"names": {"field_case": "kebab"}}, "lint.names.field_case"),
        ({"names": {"topic_pattern": "("}}, "lint.names.topic_pattern"),
        ({"names": {"event_id": []}}, "lint.names.event_id"),
        ({"names": {"colour": ["x"]}}, "lint.names.colour"),
        ({"documentation_threshold": 2}, "lint.documentation_threshold"),
        ({"rules": []}, "lint.rules"),
    ],
)
def test_configuration_errors_name_the_key(data: dict[str, object], key: str) -> None:
    from schemata.compat.lint import LintConfigError

    with pytest.raises(LintConfigError) as caught:
        parse_config(data, "lint")
    assert caught.value.key == key


def test_the_sample_schemas_pass_the_default_rules_but_one() -> None:
    from pathlib import Path

    samples = Path(__file__).resolve().parents[3] / "sample_schemas"
    types = {".avsc": "AVRO", ".json": "JSON", ".proto": "PROTOBUF"}
    failing = []
    for path in sorted(samples.glob("*/*/v*.*")):
        text = path.read_text()
        for found in lint_schema(LintTarget(parse_schema(types[path.suffix], text), text)):
            failing.append((path.relative_to(samples).as_posix(), found.finding.rule))
    # The walkthrough's lint failure: Protobuf payment_processed v3 turned amount_cents into a double.
    assert failing == [("protobuf/payment_processed/v3.proto", "MONEY_AS_FLOAT")]
