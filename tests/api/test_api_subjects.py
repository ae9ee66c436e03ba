"""Lookup (POST /subjects/{s}), subject listing, version listing and GET of versions."""

from __future__ import annotations

import pytest

from .helpers import (
    delete_subject,
    delete_version,
    err,
    field,
    get_version,
    msg_invalid_version,
    ok,
    post_schema,
    record,
    register,
    same_schema,
    seg,
    set_level,
    versions,
)

# ---------------------------------------------------------------- lookup


def test_lookup_finds_the_registered_version(api, subject, rname):
    set_level(api, subject, "NONE")
    v1 = record(rname, field("a", "int"))
    v2 = record(rname, field("b", "int"))
    id1 = register(api, subject, v1)
    register(api, subject, v2)
    found = ok(api.post(f"/subjects/{subject}", json={"schema": v1}))
    assert found["subject"] == subject
    assert found["version"] == 1
    assert found["id"] == id1
    assert same_schema(found["schema"], v1)


def test_lookup_unknown_subject_is_40401(api, subject, rname):
    resp = api.post(f"/subjects/{subject}", json={"schema": record(rname)})
    err(resp, 40401, f"Subject '{subject}' not found.")


def test_lookup_unregistered_schema_is_40403(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    resp = api.post(f"/subjects/{subject}", json={"schema": record(rname, field("other", "int"))})
    err(resp, 40403, "Schema not found")


def test_lookup_invalid_schema_is_42201(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    err(api.post(f"/subjects/{subject}", json={"schema": '{"type": "record"'}), 42201)
    err(api.post(f"/subjects/{subject}", json={"schema": record(rname), "schemaType": "NOPE"}), 42201)


def test_lookup_soft_deleted_only_with_deleted_true(api, subject, rname):
    set_level(api, subject, "NONE")
    v1 = record(rname, field("a", "int"))
    id1 = register(api, subject, v1)
    register(api, subject, record(rname, field("b", "int")))
    delete_version(api, subject, 1)
    err(api.post(f"/subjects/{subject}", json={"schema": v1}), 40403)
    found = ok(api.post(f"/subjects/{subject}", params={"deleted": "true"}, json={"schema": v1}))
    assert found["version"] == 1 and found["id"] == id1


# ---------------------------------------------------------------- GET /subjects


def test_list_subjects_with_prefix_deleted_and_pagination(api, subject, rname):
    names = [f"{subject}-a", f"{subject}-b", f"{subject}-c"]
    for name in names:
        register(api, name, record(rname, field("a", "int")))
    delete_subject(api, names[1])

    assert ok(api.get("/subjects", params={"subjectPrefix": subject})) == [names[0], names[2]]
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deleted": "true"})) == names
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deletedOnly": "true"})) == [names[1]]
    everything = ok(api.get("/subjects"))
    assert names[0] in everything and names[2] in everything and names[1] not in everything
    assert names[1] in ok(api.get("/subjects", params={"deleted": "true"}))

    page = {"subjectPrefix": subject, "deleted": "true"}
    assert ok(api.get("/subjects", params={**page, "limit": 2})) == names[:2]
    assert ok(api.get("/subjects", params={**page, "offset": 1, "limit": 1})) == [names[1]]
    assert ok(api.get("/subjects", params={**page, "offset": 2})) == [names[2]]
    assert ok(api.get("/subjects", params={**page, "offset": 3})) == []
    assert ok(api.get("/subjects", params={**page, "offset": 0, "limit": -1})) == names
    assert ok(api.get("/subjects", params={"subjectPrefix": subject + "-zzz"})) == []


def test_hard_deleted_subject_disappears_from_listings(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    delete_subject(api, subject)
    delete_subject(api, subject, permanent=True)
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deleted": "true"})) == []


# ---------------------------------------------------------------- GET /subjects/{s}/versions


def _three_versions_second_deleted(api, subject, rname):
    set_level(api, subject, "NONE")
    for name in ("a", "b", "c"):
        register(api, subject, record(rname, field(name, "int")))
    delete_version(api, subject, 2)


def test_list_versions_filters(api, subject, rname):
    _three_versions_second_deleted(api, subject, rname)
    assert versions(api, subject) == [1, 3]
    assert versions(api, subject, deleted="true") == [1, 2, 3]
    assert versions(api, subject, deletedOnly="true") == [2]
    assert versions(api, subject, deleted="true", deletedAsNegative="true") == [1, -2, 3]


def test_list_versions_unknown_subject_is_40401(api, subject):
    err(api.get(f"/subjects/{subject}/versions"), 40401, f"Subject '{subject}' not found.")


def test_list_versions_of_soft_deleted_subject(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    delete_subject(api, subject)
    err(api.get(f"/subjects/{subject}/versions"), 40401)
    assert versions(api, subject, deleted="true") == [1]
    assert versions(api, subject, deletedOnly="true") == [1]


# ---------------------------------------------------------------- GET /subjects/{s}/versions/{v}


def test_get_version_by_number_latest_and_minus_one(api, subject, rname):
    set_level(api, subject, "NONE")
    v1 = record(rname, field("a", "int"))
    v2 = record(rname, field("b", "int"))
    id1 = register(api, subject, v1)
    id2 = register(api, subject, v2)
    one = get_version(api, subject, 1)
    assert one["subject"] == subject and one["version"] == 1 and one["id"] == id1
    assert one["schemaType"] == "AVRO" and same_schema(one["schema"], v1)
    for alias in ("latest", "LATEST", "Latest", "-1"):
        latest = get_version(api, subject, alias)
        assert latest["version"] == 2 and latest["id"] == id2, alias
        assert same_schema(latest["schema"], v2)


@pytest.mark.parametrize(
    "bad", ["0", "abc", "2147483648", "-2", "1.5", "99999999999999999999", "latest1", "1_0", " 1", "1 ", "1e0"])
def test_invalid_version_strings_are_42202(api, subject, rname, bad):
    register(api, subject, record(rname, field("a", "int")))
    message = msg_invalid_version(bad)
    v = seg(bad)
    err(api.get(f"/subjects/{subject}/versions/{v}"), 42202, message)
    err(api.get(f"/subjects/{subject}/versions/{v}/schema"), 42202, message)
    err(api.get(f"/subjects/{subject}/versions/{v}/referencedby"), 42202, message)
    err(api.delete(f"/subjects/{subject}/versions/{v}"), 42202, message)
    err(api.post(f"/compatibility/subjects/{subject}/versions/{v}", json={"schema": record(rname)}), 42202, message)


def test_version_not_found_and_subject_not_found(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    err(api.get(f"/subjects/{subject}/versions/99"), 40402, "Version 99 not found.")
    err(api.get(f"/subjects/{subject}/versions/2147483647"), 40402, "Version 2147483647 not found.")
    err(api.get(f"/subjects/{subject}-nope/versions/1"), 40401, f"Subject '{subject}-nope' not found.")
    err(api.get(f"/subjects/{subject}-nope/versions/latest"), 40401)


def test_soft_deleted_version_is_40402_unless_deleted_true(api, subject, rname):
    set_level(api, subject, "NONE")
    v1 = record(rname, field("a", "int"))
    register(api, subject, v1)
    register(api, subject, record(rname, field("b", "int")))
    delete_version(api, subject, 1)
    err(api.get(f"/subjects/{subject}/versions/1"), 40402, "Version 1 not found.")
    err(api.get(f"/subjects/{subject}/versions/1/schema"), 40402)
    got = get_version(api, subject, 1, deleted="true")
    assert got["version"] == 1 and same_schema(got["schema"], v1)


def test_latest_skips_soft_deleted_versions(api, subject, rname):
    set_level(api, subject, "NONE")
    id1 = register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("b", "int")))
    delete_version(api, subject, 2)
    assert get_version(api, subject, "latest")["id"] == id1
    assert get_version(api, subject, "-1")["version"] == 1


def test_get_version_schema_is_the_raw_schema_string(api, subject, rname):
    schema = record(rname, field("a", "int"), doc="raw")
    register(api, subject, schema)
    for ref in ("1", "latest"):
        resp = api.get(f"/subjects/{subject}/versions/{ref}/schema")
        assert resp.status_code == 200, resp.text
        assert same_schema(resp.text, schema)
    err(api.get(f"/subjects/{subject}/versions/5/schema"), 40402)
    err(api.get(f"/subjects/{subject}-x/versions/1/schema"), 40401)


def test_register_into_subject_then_post_schema_lookup_with_references_field_empty(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema, references=[])
    found = ok(api.post(f"/subjects/{subject}", json={"schema": schema, "references": []}))
    assert found["id"] == schema_id
    assert ok(post_schema(api, subject, schema))["id"] == schema_id


def test_lookup_on_soft_deleted_subject(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    delete_subject(api, subject)
    err(api.post(f"/subjects/{subject}", json={"schema": schema}), 40401)
    found = ok(api.post(f"/subjects/{subject}", params={"deleted": "true"}, json={"schema": schema}))
    assert found["id"] == schema_id and found["version"] == 1
    assert get_version(api, subject, 1, deleted="true")["id"] == schema_id


def test_list_versions_pagination(api, subject, rname):
    set_level(api, subject, "NONE")
    for name in ("a", "b", "c", "d"):
        register(api, subject, record(rname, field(name, "int")))
    assert versions(api, subject, offset=1, limit=2) == [2, 3]
    assert versions(api, subject, offset=3) == [4]
    assert versions(api, subject, limit=1) == [1]


def test_referencedby_errors(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    assert ok(api.get(f"/subjects/{subject}/versions/1/referencedby")) == []
    err(api.get(f"/subjects/{subject}/versions/3/referencedby"), 40402)
    err(api.get(f"/subjects/{subject}-x/versions/1/referencedby"), 40401)


def test_reregistering_after_subject_soft_delete_reuses_id_with_next_version(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    delete_subject(api, subject)
    body = ok(post_schema(api, subject, schema))
    assert body["id"] == schema_id
    assert versions(api, subject) == [2]
    assert get_version(api, subject, "latest")["version"] == 2
