"""Bounded work per request: caps on the widths the check compares pairwise (42201 naming the cap), a work
budget per check that ends in 42201 (never a verdict), and reference chains walked without recursion."""

from __future__ import annotations

import json

import pytest

from tests.hardening.conftest import Live

#: CPU seconds of the server a refused or stopped request may cost (the issue's cases cost 15 s to minutes).
WORK_BOUND = 5.0


def avro_union(count: int, field_type: str) -> str:
    return json.dumps([
        {"type": "record", "name": f"R{i}", "fields": [{"name": "f", "type": field_type}]} for i in range(count)
    ])


def json_any_of(count: int, field_type: str) -> str:
    members = [
        {"type": "object", "properties": {f"p{i}": {"type": field_type}}, "required": [f"p{i}"]}
        for i in range(count)
    ]
    return json.dumps({"anyOf": members})


def proto_messages(count: int) -> str:
    return 'syntax = "proto3";\n' + "".join(f"message M{i} {{ int32 f = 1; }}\n" for i in range(count))


def _refused(live: Live, subject: str, body: dict[str, object], *needles: str) -> None:
    before = live.cpu()
    for path in (f"/subjects/{subject}/versions", f"/compatibility/subjects/{subject}/versions/latest"):
        answer = live.http.post(path, json=body)
        assert answer.status_code == 422 and answer.json()["error_code"] == 42201, answer.text[:500]
        for needle in needles:
            assert needle in answer.json()["message"], answer.text[:500]
    spent = live.cpu() - before
    assert spent < WORK_BOUND, f"refusing cost {spent:.1f} CPU seconds"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"schema": avro_union(1001, "int")}, "a union has 1001 branches; the limit is 1000"),
        ({"schema": json_any_of(1001, "string"), "schemaType": "JSON"}, "anyOf has 1001 members; the limit is 1000"),
        (
            {"schema": json.dumps({"properties": {f"p{i}": {} for i in range(10_001)}}), "schemaType": "JSON"},
            "more than 10000 properties",
        ),
        ({"schema": proto_messages(5001), "schemaType": "PROTOBUF"}, "5001 messages; the limit is 5000"),
    ],
    ids=["avro-union", "json-anyOf", "json-properties", "protobuf-messages"],
)
def test_widths_over_the_caps_are_42201_naming_the_cap(
    live: Live, subject: str, body: dict[str, object], needle: str
) -> None:
    _refused(live, subject, body, needle)
    assert live.http.get(f"/subjects/{subject}/versions").status_code == 404


@pytest.mark.parametrize(
    ("schema_type", "make", "count", "old", "new"),
    [("AVRO", avro_union, 700, "int", "string"), ("JSON", json_any_of, 400, "integer", "string")],
    ids=["avro-union-700", "json-anyOf-400"],
)
def test_a_check_past_its_work_budget_is_42201_not_a_verdict(
    live: Live, subject: str, schema_type: str, make: object, count: int, old: str, new: str
) -> None:
    assert callable(make)
    original = {"schema": make(count, old), "schemaType": schema_type}
    first = live.http.post(f"/subjects/{subject}/versions", json=original)
    assert first.status_code == 200, first.text[:300]
    changed = {"schema": make(count, new), "schemaType": schema_type}
    _refused(live, subject, changed, "the limit per check")
    assert live.http.get(f"/subjects/{subject}/versions").json() == [1]  # nothing was stored


def test_reference_chain_past_the_depth_cap_is_42201(sqlite_live: Live, subject: str) -> None:
    """At a depth of 972 this was a 500 (RecursionError in the reference walk); the walk is above storage."""
    http = sqlite_live.http
    depth = 100
    for level in range(depth + 2):
        fields = [{"name": "f", "type": f"R{level - 1}" if level else "int"}]
        body: dict[str, object] = {"schema": json.dumps({"type": "record", "name": f"R{level}", "fields": fields})}
        if level:
            body["references"] = [{"name": f"R{level - 1}", "subject": f"{subject}-{level - 1}", "version": 1}]
        answer = http.post(f"/subjects/{subject}-{level}/versions", json=body)
        if level <= depth:
            assert answer.status_code == 200, (level, answer.text[:300])
        else:
            assert answer.status_code == 422 and answer.json()["error_code"] == 42201, answer.text[:300]
            assert f"references nest more than {depth} deep" in answer.json()["message"]
