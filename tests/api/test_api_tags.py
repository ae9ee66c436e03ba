"""POST /subjects/{s}/versions/{v}/tags and a registration's schemaTagsToAdd/Remove (Confluent 7.x/8.x
schema tags): the new version, its schema and metadata, and the errors of bad paths, versions and bodies."""

from __future__ import annotations

import json
from typing import Any

from .helpers import err, field, get_version, ok, post_schema, record, register, seg, set_level, versions

TAGS = "confluent:tags"


def entity(path: str, kind: str = "sr_field", *tags: str) -> dict[str, Any]:
    return {"schemaEntity": {"entityPath": path, "entityType": kind}, "tags": list(tags)}


def post_tags(api, subject: str, version: int | str, **body: Any):
    return api.post(f"/subjects/{seg(subject)}/versions/{version}/tags", json=body)


def test_tags_make_a_new_version_with_tags_in_the_avro_schema(api, subject, rname):
    first = register(api, subject, record(rname, field("email", "string"), field("n", "int")))
    answer = ok(post_tags(api, subject, 1, tagsToAdd=[
        entity(f"{rname}.email", "sr_field", "PII", "EMAIL"), entity(rname, "sr_record", "SENSITIVE"),
    ]))
    assert answer["version"] == 2 and answer["id"] != first and "subject" not in answer
    stored = get_version(api, subject, 2)
    schema = json.loads(stored["schema"])
    assert schema[TAGS] == ["SENSITIVE"]
    assert schema["fields"][0][TAGS] == ["PII", "EMAIL"] and TAGS not in schema["fields"][1]
    assert stored["metadata"]["properties"]["confluent:version"] == "2"
    assert versions(api, subject) == [1, 2]
    assert TAGS not in get_version(api, subject, 1)["schema"]  # the tagged version stays as it was


def test_a_later_registration_inheriting_confluent_version_gets_its_own_number(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    ok(post_tags(api, subject, 1, tagsToAdd=[entity(f"{rname}.a", "sr_field", "T")]))
    tagged = get_version(api, subject, 2)
    again = ok(post_schema(api, subject, tagged["schema"]))  # the same schema, metadata inherited
    assert again["id"] == tagged["id"] and versions(api, subject) == [1, 2]
    set_level(api, subject, "NONE")
    ok(post_schema(api, subject, record(rname, field("b", "string"))))
    assert get_version(api, subject, 3)["metadata"]["properties"]["confluent:version"] == "3"


def test_tags_removed_from_latest_and_metadata_kept(api, subject, rname):
    tagged = record(rname, field("email", "string", **{TAGS: ["PII", "EMAIL"]}))
    register(api, subject, tagged, metadata={"properties": {"owner": "team-a"}})
    ok(post_tags(api, subject, "latest", tagsToRemove=[entity(f"{rname}.email", "sr_field", "PII")]))
    stored = get_version(api, subject, "latest")
    assert stored["version"] == 2
    assert json.loads(stored["schema"])["fields"][0][TAGS] == ["EMAIL"]
    assert stored["metadata"]["properties"] == {"owner": "team-a", "confluent:version": "2"}


def test_tags_on_a_json_schema(api, subject):
    schema = json.dumps({"type": "object", "properties": {"ssn": {"type": "string"}}})
    register(api, subject, schema, schema_type="JSON")
    ok(post_tags(api, subject, 1, tagsToAdd=[entity("object.ssn", "SR_FIELD", "PII")]))
    stored = get_version(api, subject, 2)
    assert stored["schemaType"] == "JSON"
    assert json.loads(stored["schema"])["properties"]["ssn"][TAGS] == ["PII"]


def test_new_version_must_be_the_next_one(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    add = [entity(f"{rname}.a", "sr_field", "T")]
    err(post_tags(api, subject, 1, newVersion=5, tagsToAdd=add), 42201)
    assert versions(api, subject) == [1]
    ok(post_tags(api, subject, 1, newVersion=2, tagsToAdd=add))
    assert get_version(api, subject, 2)["metadata"]["properties"]["confluent:version"] == "2"


def test_given_metadata_and_rules_to_merge_and_remove(api, subject, rname):
    rule = {"name": "keep", "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"}
    other = {**rule, "name": "drop"}
    register(api, subject, record(rname, field("a", "int")), ruleSet={"domainRules": [rule, other]})
    added = {**rule, "name": "added"}
    ok(post_tags(
        api, subject, 1, tagsToAdd=[entity(rname, "sr_record", "T")], metadata={"properties": {"k": "v"}},
        rulesToMerge={"domainRules": [added]}, rulesToRemove=["drop"],
    ))
    stored = get_version(api, subject, 2)
    assert stored["metadata"]["properties"] == {"k": "v", "confluent:version": "2"}
    assert [r["name"] for r in stored["ruleSet"]["domainRules"]] == ["keep", "added"]
    body = err(post_tags(api, subject, 2, ruleSet={"domainRules": [rule]}, rulesToRemove=["keep"]), 42210)
    assert "ruleSet should be omitted" in body["message"]


def test_the_new_version_is_checked_for_compatibility(api, subject, rname):
    set_level(api, subject, "BACKWARD")
    register(api, subject, record(rname, field("a", "int"), field("b", "string")))
    register(api, subject, record(rname, field("a", "int")))  # b dropped: backward compatible
    # version 1 again (tagged) cannot read version 2's data: b has no default
    body = err(post_tags(api, subject, 1, tagsToAdd=[entity(f"{rname}.a", "sr_field", "T")]), 409)
    assert "incompatible" in body["message"]
    assert versions(api, subject) == [1, 2]
    ok(post_tags(api, subject, 2, tagsToAdd=[entity(f"{rname}.a", "sr_field", "T")]))


def test_unknown_path_subject_and_version_get_confluents_codes(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    body = err(post_tags(api, subject, 1, tagsToAdd=[entity(f"{rname}.nope", "sr_field", "T")]), 42201)
    assert f"No matching path '{rname}.nope'" in body["message"]
    err(post_tags(api, subject, 9, tagsToAdd=[entity(rname, "sr_record", "T")]), 40402)
    err(post_tags(api, f"{subject}-missing", 1, tagsToAdd=[entity(rname, "sr_record", "T")]), 40401)
    err(post_tags(api, subject, "zero", tagsToAdd=[entity(rname, "sr_record", "T")]), 42202)
    assert versions(api, subject) == [1]


def test_malformed_tag_bodies_are_422_naming_the_place(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    bad_type = entity(rname, "sr_table", "T")
    body = err(post_tags(api, subject, 1, tagsToAdd=[bad_type]), 422)
    assert "tagsToAdd[0].schemaEntity.entityType" in body["message"]
    body = err(post_tags(api, subject, 1, tagsToRemove=[{"tags": ["T"]}]), 422)
    assert "tagsToRemove[0]" in body["message"]
    body = err(post_tags(api, subject, 1, tagsToAdd=[{**entity(rname, "sr_record"), "tags": [1]}]), 422)
    assert "tagsToAdd[0].tags" in body["message"]
    err(post_tags(api, subject, 1, tagsToAdd={"not": "a list"}), 422)
    assert versions(api, subject) == [1]


def test_tags_on_a_protobuf_schema(api, subject):
    register(api, subject, 'syntax = "proto3";\npackage acme;\nmessage M { string a = 1; }\n', schema_type="PROTOBUF")
    ok(post_tags(api, subject, 1, tagsToAdd=[entity("M.a", "sr_field", "PII"), entity("M", "sr_record", "REC")]))
    stored = get_version(api, subject, 2)["schema"]
    assert 'import "confluent/meta.proto";' in stored
    assert "(confluent.field_meta) = {" in stored and '"PII"' in stored
    assert "option (confluent.message_meta) = {" in stored and '"REC"' in stored
    body = err(post_tags(api, subject, 2, tagsToAdd=[entity("acme.M.a", "sr_field", "T")]), 42201)
    assert "No matching path 'acme.M.a'" in body["message"]


def test_registration_with_schema_tags_to_add_and_remove(api, subject, rname):
    schema = record(rname, field("a", "int", **{TAGS: ["OLD"]}), field("b", "string"))
    answer = ok(post_schema(api, subject, schema, schemaTagsToAdd=[entity(f"{rname}.b", "sr_field", "PII")],
                            schemaTagsToRemove=[entity(f"{rname}.a", "sr_field", "OLD")]))
    stored = get_version(api, subject, answer.get("version", 1))
    fields = json.loads(stored["schema"])["fields"]
    assert TAGS not in fields[0] and fields[1][TAGS] == ["PII"]
    body = err(post_schema(api, subject, schema, schemaTagsToAdd=[entity(f"{rname}.x", "sr_field", "T")]), 42201)
    assert f"'{rname}.x'" in body["message"]


def test_propagate_schema_tags_carries_the_latest_versions_tags_over(api, subject, rname):
    register(api, subject, record(rname, field("a", "int", **{TAGS: ["PII"]}), field("b", "string"),
                                  **{TAGS: ["REC"]}))
    set_level(api, subject, "NONE")
    answer = ok(post_schema(api, subject, record(rname, field("a", "long"), field("b", "string")),
                            propagateSchemaTags=True, schemaTagsToAdd=[entity(f"{rname}.b", "sr_field", "NEW")]))
    schema = json.loads(get_version(api, subject, answer.get("version", 2))["schema"])
    assert schema[TAGS] == ["REC"]
    assert schema["fields"][0][TAGS] == ["PII"] and schema["fields"][1][TAGS] == ["NEW"]
    # a tagged field the new schema no longer has cannot take its tags: 42201, as in Confluent
    body = err(post_schema(api, subject, record(rname, field("b", "string")), propagateSchemaTags=True), 42201)
    assert f"No matching path '{rname}.a'" in body["message"]
    ok(post_schema(api, subject, record(rname, field("b", "string")), propagateSchemaTags=False))
    err(post_schema(api, subject, record(rname, field("b", "string")), propagateSchemaTags="yes"), 422)


def test_a_read_only_subject_refuses_tags_like_any_registration(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "READONLY"}))
    try:
        err(post_tags(api, subject, 1, tagsToAdd=[entity(rname, "sr_record", "T")]), 42205)
    finally:
        ok(api.delete(f"/mode/{seg(subject)}"))
    assert versions(api, subject) == [1]
