"""Every difference type: a pair producing it (exact types and paths), its verdicts, and the swapped pair."""

from __future__ import annotations

import pytest

from schemata.compat.jsonschema import BOOK, LENIENT, STRICT, compatible_types, diff
from tests.compat.jsonschema.cases import CASES, Case, obj
from tests.compat.jsonschema.helpers import FORMAT, parse


def _ids(case: Case) -> str:
    return case.rule if case.expected else "no-difference"


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_differences_are_exact(case: Case) -> None:
    found = sorted((d.rule, d.path) for d in diff(parse(case.original), parse(case.update)))
    assert found == sorted(case.expected)


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_verdicts_under_both_policies(case: Case) -> None:
    original, update = parse(case.original), parse(case.update)
    for policy, compatible in ((STRICT, case.strict), (LENIENT, case.lenient)):
        findings = FORMAT.check(reader=update, writer=original, policy=policy)
        assert (not findings) == compatible, (policy, findings)
        assert {f.rule for f in findings} <= {rule for rule, _ in case.expected}


@pytest.mark.parametrize("case", [c for c in CASES if c.expected], ids=[c.rule for c in CASES if c.expected])
def test_swapped_pair(case: Case) -> None:
    path = case.expected[0][1]
    swapped = [d.rule for d in diff(parse(case.update), parse(case.original)) if d.path == path]
    assert sorted(swapped) == sorted(case.reverse)


REVERSED = [c for c in CASES if c.reverse]


@pytest.mark.parametrize("case", REVERSED, ids=[f"{c.rule}->{'+'.join(c.reverse)}" for c in REVERSED])
def test_swapped_pair_verdicts_under_both_policies(case: Case) -> None:
    original, update = parse(case.update), parse(case.original)
    for policy, compatible in ((STRICT, case.reverse_strict), (LENIENT, case.reverse_lenient)):
        findings = FORMAT.check(reader=update, writer=original, policy=policy)
        assert (not findings) == compatible, (policy, findings)


def test_every_difference_type_has_a_case() -> None:
    covered = {rule for c in CASES for rule, _ in c.expected} | {rule for c in CASES for rule in c.reverse}
    assert covered == set(BOOK.rules)


def test_policy_sets() -> None:
    strict, lenient = compatible_types(STRICT), compatible_types(LENIENT)
    assert strict < lenient <= set(BOOK.rules)
    assert lenient - strict == {
        "ADDITIONAL_PROPERTIES_NARROWED", "ADDITIONAL_PROPERTIES_REMOVED", "UNEVALUATED_PROPERTIES_NARROWED",
        "UNEVALUATED_PROPERTIES_REMOVED", "REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL",
        "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL", "PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL",
        "PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
        "PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL",
    }
    assert compatible_types("lenient") == lenient
    assert compatible_types("UNKNOWN") == strict


def test_every_rule_has_a_purpose_and_incompatible_ones_a_hint() -> None:
    strict = compatible_types(STRICT)
    for rule in BOOK.rules.values():
        assert rule.purpose
        assert bool(rule.hint) == (rule.id not in strict), rule.id


def test_open_content_model_finding_explains_and_hints() -> None:
    old = parse(obj({"name": {"type": "string"}}))
    new = parse(obj({"name": {"type": "string"}, "email": {"type": "string"}}))
    (finding,) = FORMAT.check(reader=new, writer=old, policy=STRICT)
    assert finding.rule == "OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"
    assert finding.path == "#/properties/email"
    assert "'email'" in finding.message and "open content model" in finding.message
    assert "additionalProperties: false" in finding.hint and "LENIENT" in finding.hint


def test_findings_name_old_and_new_values() -> None:
    old, new = parse({"type": "string", "maxLength": 10}), parse({"type": "string", "maxLength": 5})
    (finding,) = FORMAT.check(reader=new, writer=old, policy=STRICT)
    assert (finding.rule, finding.path) == ("MAX_LENGTH_DECREASED", "#/maxLength")
    assert "10" in finding.message and "5" in finding.message
    assert finding.hint


D4 = {"$schema": "http://json-schema.org/draft-04/schema#", "type": "number"}


def _verdicts(old: object, new: object) -> tuple[bool, bool]:
    """(STRICT, LENIENT): whether `new` can read data written with `old`."""
    original, update = parse(old), parse(new)
    strict, lenient = (not FORMAT.check(reader=update, writer=original, policy=p) for p in (STRICT, LENIENT))
    return strict, lenient


def test_draft4_boolean_exclusive_limits_read_as_numbers() -> None:
    boolean_form = parse({**D4, "maximum": 5, "exclusiveMaximum": True})
    assert diff(boolean_form, parse({"type": "number", "exclusiveMaximum": 5})) == []
    relaxed = [(d.rule, d.path) for d in diff(boolean_form, parse({**D4, "maximum": 5}))]
    assert relaxed == [("EXCLUSIVE_MAXIMUM_REMOVED", "#/exclusiveMaximum")]
    raised = [(d.rule, d.path) for d in diff(boolean_form, parse({**D4, "maximum": 6}))]
    assert raised == [("MAXIMUM_INCREASED", "#/maximum")]  # what Confluent reports too


@pytest.mark.parametrize(
    ("old", "new", "compatible"),
    [
        ({"maximum": 5, "exclusiveMaximum": True}, {"maximum": 5}, True),
        ({"maximum": 5, "exclusiveMaximum": True}, {"maximum": 6}, True),
        ({"maximum": 5, "exclusiveMaximum": True}, {"maximum": 6, "exclusiveMaximum": True}, True),
        ({"maximum": 5}, {"maximum": 6, "exclusiveMaximum": True}, True),
        ({"maximum": 5}, {"maximum": 5, "exclusiveMaximum": True}, False),
        ({"maximum": 5, "exclusiveMaximum": True}, {"maximum": 4}, False),
        ({"maximum": 5, "exclusiveMaximum": False}, {"maximum": 5}, True),
        ({"minimum": 5, "exclusiveMinimum": True}, {"minimum": 5}, True),
        ({"minimum": 5, "exclusiveMinimum": True}, {"minimum": 4}, True),
        ({"minimum": 5}, {"minimum": 5, "exclusiveMinimum": True}, False),
        ({"minimum": 5}, {"minimum": 4, "exclusiveMinimum": True}, True),
        ({"minimum": 5, "exclusiveMinimum": True}, {"minimum": 6}, False),
    ],
)
def test_draft4_exclusive_limit_verdicts(old: dict[str, object], new: dict[str, object], compatible: bool) -> None:
    assert _verdicts({**D4, **old}, {**D4, **new}) == (compatible, compatible)


@pytest.mark.parametrize(
    ("old", "new", "expected", "compatible"),
    [
        ({"maximum": 5}, {"exclusiveMaximum": 5}, ("EXCLUSIVE_MAXIMUM_ADDED", "#/exclusiveMaximum"), False),
        ({"exclusiveMaximum": 5}, {"maximum": 5}, ("EXCLUSIVE_MAXIMUM_REMOVED", "#/exclusiveMaximum"), True),
        ({"maximum": 5}, {"exclusiveMaximum": 6}, ("EXCLUSIVE_MAXIMUM_INCREASED", "#/exclusiveMaximum"), True),
        ({"exclusiveMinimum": 5}, {"minimum": 5}, ("EXCLUSIVE_MINIMUM_REMOVED", "#/exclusiveMinimum"), True),
        ({"minimum": 5}, {"exclusiveMinimum": 4}, ("EXCLUSIVE_MINIMUM_DECREASED", "#/exclusiveMinimum"), True),
        ({"maximum": 9, "exclusiveMaximum": 5}, {"maximum": 7, "exclusiveMaximum": 5}, None, True),
    ],
)
def test_an_inclusive_limit_and_an_exclusive_one_are_one_bound(
    old: dict[str, object], new: dict[str, object], expected: tuple[str, str] | None, compatible: bool
) -> None:
    # Deviation from Confluent, which compares the two keywords separately (maximum 5 -> exclusiveMaximum 6
    # is MAXIMUM_REMOVED plus EXCLUSIVE_MAXIMUM_ADDED there, incompatible): the bound they set together is
    # what decides which values are valid.
    found = [(d.rule, d.path) for d in diff(parse({"type": "number", **old}), parse({"type": "number", **new}))]
    assert found == ([expected] if expected else [])
    assert _verdicts({"type": "number", **old}, {"type": "number", **new}) == (compatible, compatible)


def test_dependency_spellings_are_equivalent() -> None:
    old = parse({"type": "object", "dependencies": {"a": ["b"], "c": {"required": ["d"]}}})
    new = parse({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "dependentRequired": {"a": ["b"]}, "dependentSchemas": {"c": {"required": ["d"]}}})
    assert diff(old, new) == []


@pytest.mark.parametrize("draft", ["http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-07/schema#"])
def test_dependencies_mixing_schemas_and_arrays_in_any_order(draft: str) -> None:
    """A schema value before an array value once crashed the reference crawler (a bug of `referencing`)."""
    def schema(kind: str) -> object:
        return {"$schema": draft, "dependencies": {"c": {"properties": {"d": {"type": kind}}}, "a": ["b"]}}

    findings = diff(parse(schema("string")), parse(schema("integer")))
    assert [(d.rule, d.path) for d in findings] == [("TYPE_CHANGED", "#/dependencies/c/properties/d")]


def test_boolean_schemas() -> None:
    anything, nothing, string = parse(True), parse(False), parse({"type": "string"})
    assert diff(nothing, string) == []
    assert diff(string, anything) == []
    assert [(d.rule, d.path) for d in diff(anything, nothing)] == [("TYPE_CHANGED", "#/")]
    assert [(d.rule, d.path) for d in diff(anything, string)] == [("TYPE_NARROWED", "#/")]


def test_if_then_else_compared_branch_by_branch() -> None:
    base = {"if": {"properties": {"kind": {"const": "a"}}}, "then": {"required": ["x"]}}
    tighter = {**base, "then": {"required": ["x"], "maxProperties": 3}, "else": {"required": ["y"]}}
    found = sorted((d.rule, d.path) for d in diff(parse(base), parse(tighter)))
    assert found == [("MAX_PROPERTIES_ADDED", "#/then/maxProperties"), ("SCHEMA_ADDED", "#/else")]


def test_lenient_policy_changes_what_counts_as_covered() -> None:
    old = parse({"type": "object", "properties": {"o": {"type": "object", "properties": {}}}, "additionalProperties":
                 {"type": "object", "properties": {}}})
    new = parse({"type": "object", "properties": {"o": {"type": "object", "properties": {}},
                 "p": {"type": "object", "properties": {"q": {"type": "string"}}}},
                 "additionalProperties": {"type": "object", "properties": {}}})
    rules = {policy: [d.rule for d in diff(old, new, policy=policy)] for policy in (STRICT, LENIENT)}
    assert rules[STRICT] == ["PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]
    assert rules[LENIENT] == ["PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"]


def test_reserved_names_are_not_the_diffs_to_check() -> None:
    """Confluent checks `confluent:reserved` in the registry, with validateFields, for every format
    (`schemata.compat.reserved`); its JSON Schema diff reports no reserved names."""
    schema = parse(obj({"a": {"type": "string"}}))
    assert diff(schema.with_reserved(frozenset({"old"})), schema) == []
    assert diff(schema, schema.with_reserved(frozenset({"a"}))) == []
