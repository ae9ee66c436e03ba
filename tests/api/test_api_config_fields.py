"""Confluent's other config fields over HTTP: stored, echoed, answered (with defaultToGlobal), deleted, and
applied to registration (default/override contracts, compatibility groups, alias)."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg, versions

RULE = {"name": "positive", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "message.a > 0"}
FULL_CONFIG: dict[str, Any] = {
    "compatibility": "FULL",
    "compatibilityGroup": "application.major.version",
    "defaultMetadata": {"properties": {"owner": "team-a"}},
    "overrideMetadata": {"properties": {"tier": "gold"}},
    "defaultRuleSet": {"domainRules": [RULE]},
    "overrideRuleSet": {"migrationRules": []},
    "alias": "some-other-subject",
    "normalize": True,
    "validateFields": True,
    "validateRules": False,
}


def _answer(put: dict[str, Any]) -> dict[str, Any]:
    """What GET answers for a config PUT as `put`: the level under `compatibilityLevel`."""
    got = {key: value for key, value in put.items() if key != "compatibility"}
    return {"compatibilityLevel": put["compatibility"], **got}


def test_every_field_is_stored_echoed_answered_and_deleted(api, subject):
    assert ok(api.put(f"/config/{seg(subject)}", json=FULL_CONFIG)) == FULL_CONFIG
    assert ok(api.get(f"/config/{seg(subject)}")) == _answer(FULL_CONFIG)
    assert ok(api.delete(f"/config/{seg(subject)}")) == _answer(FULL_CONFIG)
    err(api.get(f"/config/{seg(subject)}"), 40408)


def test_global_fields_round_trip_without_alias(api):
    config = {key: value for key, value in FULL_CONFIG.items() if key != "alias"}
    assert ok(api.put("/config", json=config)) == config
    assert ok(api.get("/config")) == _answer(config)
    assert ok(api.delete("/config")) == _answer(config)
    assert ok(api.get("/config")) == {"compatibilityLevel": "BACKWARD"}


def test_a_put_keeps_the_fields_it_leaves_out_and_null_clears_one(api, subject):
    path = f"/config/{seg(subject)}"
    ok(api.put(path, json={"compatibility": "FORWARD", "compatibilityGroup": "g"}))
    assert ok(api.put(path, json={"validateFields": True})) == {"validateFields": True}
    assert ok(api.get(path)) == {"compatibilityLevel": "FORWARD", "compatibilityGroup": "g", "validateFields": True}
    assert ok(api.put(path, json={"compatibilityGroup": None})) == {}
    assert ok(api.get(path)) == {"compatibilityLevel": "FORWARD", "validateFields": True}


def test_compatibility_level_spelling_is_accepted_in_a_put(api, subject):
    """confluent-kafka's ServerConfig sends `compatibilityLevel` when that attribute is the one set."""
    assert ok(api.put(f"/config/{seg(subject)}", json={"compatibilityLevel": "NONE"})) == {"compatibility": "NONE"}
    assert ok(api.get(f"/config/{seg(subject)}"))["compatibilityLevel"] == "NONE"


def test_default_to_global_fills_each_field_the_subject_leaves_unset(api, subject):
    ok(api.put("/config", json={"compatibility": "FULL", "defaultMetadata": {"properties": {"owner": "x"}}}))
    ok(api.put(f"/config/{seg(subject)}", json={"compatibilityGroup": "g"}))
    assert ok(api.get(f"/config/{seg(subject)}")) == {"compatibilityGroup": "g"}
    merged = ok(api.get(f"/config/{seg(subject)}", params={"defaultToGlobal": "true"}))
    assert merged == {"compatibilityLevel": "FULL", "compatibilityGroup": "g",
                      "defaultMetadata": {"properties": {"owner": "x"}}}


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"compatibilityGroup": 5}, 422),
        ({"compatibilityGroup": ""}, 422),
        ({"validateFields": "yes"}, 422),
        ({"defaultMetadata": ["owner"]}, 422),
        ({"overrideMetadata": {"properties": {"n": 1}}}, 422),
        ({"defaultRuleSet": {"domainRules": [{"name": "r", "kind": "MAYBE", "mode": "WRITE"}]}}, 42210),
        ({"alias": "__GLOBAL"}, 42208),
        ({}, 42203),
    ],
)
def test_bad_field_values_are_refused_and_nothing_is_stored(api, subject, body, code):
    err(api.put(f"/config/{seg(subject)}", json=body), code)
    err(api.get(f"/config/{seg(subject)}"), 40408)


def test_default_and_override_contracts_are_merged_into_new_versions(api, subject, rname):
    ok(api.put(f"/config/{seg(subject)}", json={
        "defaultMetadata": {"properties": {"owner": "team-a", "tier": "bronze"}},
        "overrideMetadata": {"properties": {"tier": "gold"}},
        "defaultRuleSet": {"domainRules": [RULE, {**RULE, "name": "shadowed", "expr": "true"}]},
        "overrideRuleSet": {"domainRules": [{**RULE, "name": "forced"}]},
    }))
    own_rule = {**RULE, "name": "shadowed", "expr": "message.a < 10"}
    register(api, subject, record(rname, field("a", "int")),
             metadata={"properties": {"owner": "team-b", "tier": "silver", "email": "b@example.com"}},
             ruleSet={"domainRules": [own_rule]})
    got = get_version(api, subject, 1)
    assert got["metadata"] == {"properties": {"owner": "team-b", "tier": "gold", "email": "b@example.com"}}
    assert [r["name"] for r in got["ruleSet"]["domainRules"]] == ["positive", "shadowed", "forced"]
    assert got["ruleSet"]["domainRules"][1]["expr"] == "message.a < 10"
    # the same schema again (contract inherited, merged the same way) is the same version
    register(api, subject, record(rname, field("a", "int")))
    assert versions(api, subject) == [1]


def test_global_default_metadata_reaches_a_subject_without_config(api, subject, rname):
    ok(api.put("/config", json={"defaultMetadata": {"properties": {"owner": "platform"}}}))
    register(api, subject, record(rname, field("a", "int")))
    assert get_version(api, subject, 1)["metadata"] == {"properties": {"owner": "platform"}}


def test_import_stores_the_contract_as_given(api, subject, rname):
    ok(api.put(f"/config/{seg(subject)}", json={"overrideMetadata": {"properties": {"tier": "gold"}}}))
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "IMPORT"}))
    register(api, subject, record(rname, field("a", "int")), version=1)
    assert "metadata" not in get_version(api, subject, 1)


def test_compatibility_group_checks_only_versions_of_the_same_group(api, subject, rname):
    ok(api.put(f"/config/{seg(subject)}", json={"compatibility": "BACKWARD_TRANSITIVE",
                                                "compatibilityGroup": "major"}))
    v1 = {"metadata": {"properties": {"major": "1"}}}
    v2 = {"metadata": {"properties": {"major": "2"}}}
    register(api, subject, record(rname, field("a", "int")), **v1)
    # a breaking change in another group is a new lineage
    register(api, subject, record(rname, field("b", "string")), **v2)
    # within group 2, the check still runs (and group 1's version is not part of it)
    register(api, subject, record(rname, field("b", "string"), field("c", "int", default=0)), **v2)
    err(post_schema(api, subject, record(rname, field("z", "long")), **v2), 409)
    check = ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions",
                        json={"schema": record(rname, field("b", "string")), **v2}))
    assert check["is_compatible"] is True
    check = ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions",
                        json={"schema": record(rname, field("b", "string")), **v1}))
    assert check["is_compatible"] is False
    assert versions(api, subject) == [1, 2, 3]


def test_a_check_against_one_version_of_another_compatibility_group_checks_no_direction(api, subject, rname):
    # Confluent's check against a chosen version filters it by group as registration filters them all.
    ok(api.put(f"/config/{seg(subject)}", json={"compatibility": "BACKWARD", "compatibilityGroup": "major"}))
    v1 = {"metadata": {"properties": {"major": "1"}}}
    register(api, subject, record(rname, field("a", "int")), **v1)
    register(api, subject, record(rname, field("a", "string")), metadata={"properties": {"major": "2"}})
    path = f"/compatibility/subjects/{seg(subject)}/versions"
    group_one = {"schema": record(rname, field("a", "int"), doc="v3"), **v1}
    for version in ("2", "latest"):
        answer = ok(api.post(f"{path}/{version}", json=group_one, params={"verbose": "true"}))
        assert answer["is_compatible"] is True and answer["schemata"]["checked"] == [], (version, answer)
    assert ok(api.post(f"{path}/1", json=group_one))["is_compatible"] is True
    breaking = {"schema": record(rname, field("a", "string"), doc="v3"), **v1}
    answer = ok(api.post(f"{path}/1", json=breaking, params={"verbose": "true"}))
    assert answer["is_compatible"] is False and answer["schemata"]["checked"] == [1], answer


def test_an_alias_answers_for_its_subject(api, subject, rname):
    target, alias = f"{subject}-target", f"{subject}-alias"
    first = register(api, target, record(rname, field("a", "int")))
    ok(api.put(f"/config/{seg(alias)}", json={"alias": target}))
    assert get_version(api, alias, 1)["id"] == first
    assert get_version(api, alias, "latest")["subject"] == target
    assert versions(api, alias) == [1]
    found = ok(api.post(f"/subjects/{seg(alias)}", json={"schema": record(rname, field("a", "int"))}))
    assert (found["subject"], found["id"]) == (target, first)
    # registrations and checks through the alias land on the target
    second = register(api, alias, record(rname, field("a", "int"), field("b", "int", default=0)))
    assert versions(api, target) == [1, 2] and get_version(api, target, 2)["id"] == second
    check = ok(api.post(f"/compatibility/subjects/{seg(alias)}/versions/latest",
                        json={"schema": record(rname, field("z", "long"))}))
    assert check["is_compatible"] is False
    # the alias's own config stays its own, and once deleted the alias is a subject of its own again
    assert ok(api.get(f"/config/{seg(alias)}")) == {"alias": target}
    ok(api.delete(f"/config/{seg(alias)}"))
    err(api.get(f"/subjects/{seg(alias)}/versions/1"), 40401)
