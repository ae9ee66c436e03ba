"""DELETE of subjects and versions: soft, permanent, and their error codes."""

from __future__ import annotations

from .helpers import (
    delete_subject,
    delete_version,
    err,
    field,
    get_version,
    ok,
    record,
    register,
    set_level,
    versions,
)


def _two_versions(api, subject, rname):
    set_level(api, subject, "NONE")
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("b", "int")))


def test_soft_delete_subject_returns_versions_and_hides_it(api, subject, rname):
    _two_versions(api, subject, rname)
    assert delete_subject(api, subject) == [1, 2]
    err(api.get(f"/subjects/{subject}/versions"), 40401)
    err(api.get(f"/subjects/{subject}/versions/latest"), 40401)
    assert subject not in ok(api.get("/subjects", params={"subjectPrefix": subject}))
    resp = api.delete(f"/subjects/{subject}")
    err(resp, 40404, f"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently")


def test_permanent_subject_delete_needs_soft_delete_first(api, subject, rname):
    _two_versions(api, subject, rname)
    err(api.delete(f"/subjects/{subject}", params={"permanent": "true"}), 40405,
        f"Subject '{subject}' was not deleted first before being permanently deleted")
    assert versions(api, subject) == [1, 2]  # nothing happened
    assert delete_subject(api, subject) == [1, 2]
    assert delete_subject(api, subject, permanent=True) == [1, 2]
    err(api.get(f"/subjects/{subject}/versions", params={"deleted": "true"}), 40401)
    err(api.delete(f"/subjects/{subject}"), 40401)
    err(api.delete(f"/subjects/{subject}", params={"permanent": "true"}), 40401)


def test_soft_delete_only_deletes_live_versions(api, subject, rname):
    set_level(api, subject, "NONE")
    for name in ("a", "b", "c"):
        register(api, subject, record(rname, field(name, "int")))
    delete_version(api, subject, 2)
    assert delete_subject(api, subject) == [1, 3]
    assert sorted(delete_subject(api, subject, permanent=True)) == [1, 2, 3]


def test_delete_unknown_subject_is_40401(api, subject):
    err(api.delete(f"/subjects/{subject}"), 40401, f"Subject '{subject}' not found.")
    err(api.delete(f"/subjects/{subject}/versions/1"), 40401, f"Subject '{subject}' not found.")
    err(api.delete(f"/subjects/{subject}/versions/latest"), 40401)


def test_soft_and_permanent_version_delete(api, subject, rname):
    _two_versions(api, subject, rname)
    assert delete_version(api, subject, 1) == 1
    err(api.delete(f"/subjects/{subject}/versions/1"), 40406,
        f"Subject '{subject}' Version 1 was soft deleted.Set permanent=true to delete permanently")
    err(api.delete(f"/subjects/{subject}/versions/2", params={"permanent": "true"}), 40407,
        f"Subject '{subject}' Version 2 was not deleted first before being permanently deleted")
    assert get_version(api, subject, 2)["version"] == 2  # still live
    assert delete_version(api, subject, 1, permanent=True) == 1
    assert versions(api, subject, deleted="true") == [2]
    err(api.get(f"/subjects/{subject}/versions/1", params={"deleted": "true"}), 40402)
    err(api.delete(f"/subjects/{subject}/versions/1"), 40402, "Version 1 not found.")
    err(api.delete(f"/subjects/{subject}/versions/1", params={"permanent": "true"}), 40402)
    err(api.delete(f"/subjects/{subject}/versions/7"), 40402, "Version 7 not found.")


def test_delete_latest_version(api, subject, rname):
    _two_versions(api, subject, rname)
    assert delete_version(api, subject, "latest") == 2
    assert versions(api, subject) == [1]
    assert delete_version(api, subject, "-1") == 1
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_deleting_the_last_version_then_registering_continues_numbering(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    delete_version(api, subject, 1)
    body = ok(api.post(f"/subjects/{subject}/versions", json={"schema": record(rname, field("zz", "long"))}))
    assert get_version(api, subject, "latest")["id"] == body["id"]
    assert versions(api, subject) == [2]


def test_permanent_delete_removes_subject_config_and_mode(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    ok(api.put(f"/config/{subject}", json={"compatibility": "FULL"}))
    ok(api.put(f"/mode/{subject}", json={"mode": "READWRITE"}))
    delete_subject(api, subject)
    delete_subject(api, subject, permanent=True)
    err(api.get(f"/config/{subject}"), 40408)
    err(api.get(f"/mode/{subject}"), 40409)
    # the name is free again: a new registration starts at version 1 under the global level
    register(api, subject, record(rname, field("b", "string")))
    assert versions(api, subject) == [1]


def test_soft_then_permanent_delete_of_latest(api, subject, rname):
    """`latest` with deleted=true / permanent=true means the newest version, soft-deleted or not (Confluent)."""
    _two_versions(api, subject, rname)
    assert delete_version(api, subject, "latest") == 2
    assert get_version(api, subject, "latest", deleted="true")["version"] == 2
    assert get_version(api, subject, "latest")["version"] == 1
    assert delete_version(api, subject, "latest", permanent=True) == 2
    assert versions(api, subject, deleted="true") == [1]


def test_reregistering_after_hard_delete_is_consistent(api, subject, rname):
    schema = record(rname, field("a", "int"))
    old_id = register(api, subject, schema)
    delete_subject(api, subject)
    delete_subject(api, subject, permanent=True)
    body = ok(api.post(f"/subjects/{subject}/versions", json={"schema": schema}))
    new_id = body["id"]
    assert versions(api, subject) == [1]
    assert get_version(api, subject, 1)["id"] == new_id
    assert ok(api.get(f"/schemas/ids/{new_id}/versions")) == [{"subject": subject, "version": 1}]
    assert ok(api.get(f"/schemas/ids/{new_id}/subjects")) == [subject]
    found = ok(api.post(f"/subjects/{subject}", json={"schema": schema}))
    assert (found["id"], found["version"]) == (new_id, 1)
    if new_id != old_id:  # a fresh id: the old one stays gone
        err(api.get(f"/schemas/ids/{old_id}"), 40403)
