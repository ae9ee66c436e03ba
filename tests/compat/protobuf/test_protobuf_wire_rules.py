"""The WIRE and WIRE_JSON policies: buf's rule ids, one pair per rule, the exact findings expected."""

from __future__ import annotations

import pytest
from protobuf_testkit import FORMAT, findings, parse
from wire_cases import CASES

from schemata.compat.catalogue import Buf, Policy
from schemata.compat.protobuf.buf_rules import BUF_RULES

WIRE = {
    "FIELD_SAME_DEFAULT", "FIELD_SAME_ONEOF", "FILE_SAME_PACKAGE", "MESSAGE_SAME_REQUIRED_FIELDS",
    "RESERVED_ENUM_NO_DELETE", "RESERVED_MESSAGE_NO_DELETE", "RPC_SAME_CLIENT_STREAMING",
    "RPC_SAME_IDEMPOTENCY_LEVEL", "RPC_SAME_REQUEST_TYPE", "RPC_SAME_RESPONSE_TYPE", "RPC_SAME_SERVER_STREAMING",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_COMPATIBLE_TYPE",
}
WIRE_JSON_ONLY = {
    "ENUM_SAME_JSON_FORMAT", "ENUM_VALUE_SAME_NAME", "FIELD_SAME_JSON_NAME", "FIELD_SAME_NAME",
    "MESSAGE_SAME_JSON_FORMAT", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
}


def rules_of(category: Policy) -> set[str]:
    return {entry.id for entry in Buf.entries if category in entry.checked_under}


def test_categories_are_buf_categories() -> None:
    assert rules_of(Policy.WIRE) == WIRE
    assert rules_of(Policy.WIRE_JSON) == (WIRE - {"FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_COMPATIBLE_TYPE"}
                                          | WIRE_JSON_ONLY)
    assert set(BUF_RULES.rules) == WIRE | WIRE_JSON_ONLY
    assert not any(entry.compatible_under for entry in Buf.entries)


def test_every_rule_is_exercised() -> None:
    seen = {rule for case in CASES.values() for rule, _ in (*case.wire, *case.wire_json)}
    assert seen == set(BUF_RULES.rules)


@pytest.mark.parametrize("name", sorted(CASES))
def test_wire_case(name: str) -> None:
    case = CASES[name]
    old, new = case.old.replace("PKG", "w"), case.new.replace("PKG", "w")
    assert findings(old, new, "WIRE") == list(case.wire)
    assert findings(old, new, "WIRE_JSON") == list(case.wire_json)


def test_findings_have_a_sentence_and_a_hint() -> None:
    case = CASES["field_deleted"]
    old, new = parse(case.old.replace("PKG", "w")), parse(case.new.replace("PKG", "w"))
    (finding,) = FORMAT.check(reader=new, writer=old, policy="WIRE")
    assert finding.message == "Field 2 's' on message 'A' was deleted without reserving the number 2."
    assert finding.hint.startswith("Reserve the number")
