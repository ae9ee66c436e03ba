"""The registry's lint policy over HTTP: /lint/config global and per subject, refusals (422, 42250) and
warnings (under `schemataLint`) on registration, the /metrics counters, and Confluent's /config untouched."""

from __future__ import annotations

import re

import httpx
import pytest

from .helpers import err, field, ok, post_schema, record, register, seg

MONEY = "MONEY_AS_FLOAT"


def money_schema(name: str) -> str:
    return record(name, field("amount", "double"))


def metric(api: httpx.Client, name: str, **labels: str) -> float:
    """The value of one sample of /metrics (0 if it has not been counted yet)."""
    wanted = ",".join(f'{key}="{value}"' for key, value in sorted(labels.items()))
    for line in api.get("/metrics").text.splitlines():
        found = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if found and ",".join(sorted(found.group(1).split(","))) == wanted:
            return float(found.group(2))
    return 0.0


def test_off_by_default(api, subject, rname):
    body = ok(post_schema(api, subject, money_schema(rname)))
    assert "schemataLint" not in body and body["version"] == 1
    assert ok(api.get("/lint/config"))["enabled"] is False
    err(api.get(f"/lint/config/{seg(subject)}"), 40408, f"Subject '{subject}' does not have a lint policy")


def test_error_findings_refuse_the_registration(api, subject, rname):
    policy = ok(api.put(f"/lint/config/{seg(subject)}", json={"enabled": True}))
    assert policy["enabled"] is True and policy["severity"] == {}
    refusals = metric(api, "schemata_lint_refusals_total", schema_type="AVRO")
    resp = post_schema(api, subject, money_schema(rname))
    assert resp.status_code == 422
    body = err(resp, 42250)
    assert body["message"] == f"Schema refused by the lint policy of subject '{subject}': 1 error(s) ({MONEY})"
    [finding] = body["schemataLint"]["errors"]
    assert (finding["rule"], finding["path"], finding["severity"]) == (MONEY, "/fields/0", "error")
    assert "hint" in finding and "money" in finding["message"]
    assert api.get(f"/subjects/{seg(subject)}/versions").status_code == 404  # nothing half-written
    assert metric(api, "schemata_lint_refusals_total", schema_type="AVRO") == refusals + 1


def test_warnings_are_answered_and_counted(api, subject, rname):
    ok(api.put(f"/lint/config/{seg(subject)}", json={"severity": {MONEY: "warning"}}))
    before = metric(api, "schemata_lint_findings_total", schema_type="AVRO", severity="warning")
    body = ok(post_schema(api, subject, record(rname, field("amount", "double"), field("BadName", "int"))))
    assert body["version"] == 1 and isinstance(body["id"], int)
    warnings = body["schemataLint"]["warnings"]
    assert sorted((w["rule"], w["path"], w["severity"]) for w in warnings) == [
        ("FIELD_NAME_CASE", "/fields/1", "warning"), (MONEY, "/fields/0", "warning"),
    ]
    assert metric(api, "schemata_lint_findings_total", schema_type="AVRO", severity="warning") == before + 2
    # Registering the same schema again is the existing version: no new lint.
    again = ok(post_schema(api, subject, record(rname, field("amount", "double"), field("BadName", "int"))))
    assert again["id"] == body["id"] and again["version"] == 1 and "schemataLint" not in again


def test_a_subject_policy_can_switch_lint_off_and_delete_falls_back(api, subject, rname):
    ok(api.put(f"/lint/config/{seg(subject)}", json={"enabled": False}))
    register(api, subject, money_schema(rname))
    removed = ok(api.delete(f"/lint/config/{seg(subject)}"))
    assert removed["enabled"] is False
    err(api.get(f"/lint/config/{seg(subject)}"), 40408)


def test_the_global_policy_applies_to_subjects_without_their_own(api, subject, rname):
    try:
        ok(api.put("/lint/config", json={"enable": ["EVENT_ID_FIELD"], "severity": {MONEY: "info"}}))
        body = err(post_schema(api, subject, money_schema(rname)), 42250)
        assert [f["rule"] for f in body["schemataLint"]["errors"]] == ["EVENT_ID_FIELD"]
        good = record(rname, field("event_id", "string"), field("amount", "double"))
        answer = ok(post_schema(api, subject, good))
        assert [w["rule"] for w in answer["schemataLint"]["warnings"]] == [MONEY]
    finally:
        api.delete("/lint/config")
    assert ok(api.get("/lint/config"))["enabled"] is False


def test_protobuf_removed_field_must_be_reserved(api, subject):
    v1 = 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  string note = 2;\n}\n'
    register(api, subject, v1, schema_type="PROTOBUF")
    ok(api.put(f"/lint/config/{seg(subject)}", json={}))
    ok(api.put(f"/config/{seg(subject)}", json={"compatibility": "NONE"}))
    v2 = 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n}\n'
    body = err(post_schema(api, subject, v2, schema_type="PROTOBUF"), 42250)
    assert [(f["rule"], f["path"]) for f in body["schemataLint"]["errors"]] == [
        ("PROTOBUF_REMOVED_FIELD_RESERVED", "#/Order")
    ]
    v3 = 'syntax = "proto3";\nmessage Order {\n  string id = 1;\n  reserved 2;\n  reserved "note";\n}\n'
    assert ok(post_schema(api, subject, v3, schema_type="PROTOBUF"))["version"] == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"enable": ["NOPE"]}, "Invalid lint policy: enable[0]: unknown lint rule 'NOPE'; see `schemata lint "
         "--list-rules`"),
        ({"severity": {MONEY: "fatal"}}, f"Invalid lint policy: severity.{MONEY}: unknown severity 'fatal'; use one "
         "of error, warning, info"),
        ({"enabled": "yes"}, "Invalid lint policy: enabled: must be true or false, not 'yes'"),
    ],
)
def test_an_invalid_policy_is_refused_naming_the_key(api, subject, body, message):
    err(api.put(f"/lint/config/{seg(subject)}", json=body), 42251, message)
    err(api.get(f"/lint/config/{seg(subject)}"), 40408)


def test_confluent_config_is_untouched(api, subject):
    ok(api.put(f"/lint/config/{seg(subject)}", json={"enabled": True}))
    err(api.get(f"/config/{seg(subject)}"), 40408)
    assert "schemataLint" not in ok(api.get("/config"))
