"""Config (compatibility levels) and mode endpoints, global and per subject, including IMPORT."""

from __future__ import annotations

import random

import pytest

from .helpers import (
    LEVELS,
    MSG_INVALID_LEVEL,
    MSG_INVALID_MODE,
    delete_version,
    err,
    field,
    get_version,
    max_id,
    ok,
    post_schema,
    record,
    register,
    versions,
)

# ---------------------------------------------------------------- config


def test_global_config_get_put_delete(api):
    assert ok(api.get("/config"))["compatibilityLevel"] == "BACKWARD"  # server default
    put = ok(api.put("/config", json={"compatibility": "FULL"}))
    assert put == {"compatibility": "FULL"}  # the PUT answer uses the request's key
    got = ok(api.get("/config"))
    assert got["compatibilityLevel"] == "FULL" and "compatibility" not in got
    deleted = ok(api.delete("/config"))
    assert deleted["compatibilityLevel"] == "FULL"  # the previous config
    assert ok(api.get("/config"))["compatibilityLevel"] == "BACKWARD"


@pytest.mark.parametrize("level", LEVELS)
def test_every_level_case_insensitively(api, subject, level):
    for spelling in (level, level.lower(), level.title()):
        ok(api.put(f"/config/{subject}", json={"compatibility": spelling}))
        assert ok(api.get(f"/config/{subject}"))["compatibilityLevel"] == level
    ok(api.put("/config", json={"compatibility": level.lower()}))
    assert ok(api.get("/config"))["compatibilityLevel"] == level


def test_invalid_level_is_42203(api, subject):
    for bad in ("SIDEWAYS", "", "FULL_TRANSITIVE_X", "BACKWARDS"):
        err(api.put("/config", json={"compatibility": bad}), 42203, MSG_INVALID_LEVEL)
        err(api.put(f"/config/{subject}", json={"compatibility": bad}), 42203, MSG_INVALID_LEVEL)
    assert ok(api.get("/config"))["compatibilityLevel"] == "BACKWARD"
    err(api.get(f"/config/{subject}"), 40408)


def test_subject_config_for_a_subject_that_does_not_exist(api, subject):
    err(api.get(f"/config/{subject}"), 40408,
        f"Subject '{subject}' does not have subject-level compatibility configured")
    ok(api.put("/config", json={"compatibility": "FORWARD"}))
    assert ok(api.get(f"/config/{subject}", params={"defaultToGlobal": "true"}))["compatibilityLevel"] == "FORWARD"
    assert ok(api.put(f"/config/{subject}", json={"compatibility": "NONE"})) == {"compatibility": "NONE"}
    assert ok(api.get(f"/config/{subject}"))["compatibilityLevel"] == "NONE"
    assert ok(api.get(f"/config/{subject}", params={"defaultToGlobal": "true"}))["compatibilityLevel"] == "NONE"
    assert ok(api.get("/config"))["compatibilityLevel"] == "FORWARD"  # global untouched
    # a config alone does not make a subject
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deleted": "true"})) == []


def test_delete_subject_config(api, subject):
    err(api.delete(f"/config/{subject}"), 40401)
    ok(api.put(f"/config/{subject}", json={"compatibility": "FULL_TRANSITIVE"}))
    assert ok(api.delete(f"/config/{subject}"))["compatibilityLevel"] == "FULL_TRANSITIVE"
    err(api.get(f"/config/{subject}"), 40408)
    err(api.delete(f"/config/{subject}"), 40401)


def test_compatibility_policy_is_stored_and_returned(api, subject):
    ok(api.put(f"/config/{subject}", json={"compatibility": "BACKWARD", "compatibilityPolicy": "LENIENT"}))
    got = ok(api.get(f"/config/{subject}"))
    assert got["compatibilityLevel"] == "BACKWARD"
    assert got["compatibilityPolicy"] == "LENIENT"


def test_config_normalize_flag_round_trips(api, subject):
    request = {"compatibility": "FULL", "normalize": True}
    assert ok(api.put(f"/config/{subject}", json=request)) == request  # the PUT answer echoes the request
    got = ok(api.get(f"/config/{subject}"))
    assert got["compatibilityLevel"] == "FULL" and got["normalize"] is True


# ---------------------------------------------------------------- mode


def test_global_mode_get_put_delete(api):
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}
    assert ok(api.put("/mode", json={"mode": "READONLY"})) == {"mode": "READONLY"}
    assert ok(api.get("/mode")) == {"mode": "READONLY"}
    assert ok(api.put("/mode", json={"mode": "READONLY_OVERRIDE"})) == {"mode": "READONLY_OVERRIDE"}
    assert ok(api.get("/mode")) == {"mode": "READONLY_OVERRIDE"}
    assert ok(api.put("/mode", json={"mode": "READWRITE"})) == {"mode": "READWRITE"}
    ok(api.put("/mode", json={"mode": "READONLY"}))
    ok(api.delete("/mode"))
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}


def test_invalid_mode_is_42204(api, subject):
    for bad in ("SLEEPY", "", "READ_WRITE"):
        err(api.put("/mode", json={"mode": bad}), 42204, MSG_INVALID_MODE)
        err(api.put(f"/mode/{subject}", json={"mode": bad}), 42204, MSG_INVALID_MODE)
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}


def test_mode_input_is_case_insensitive(api, subject):
    ok(api.put(f"/mode/{subject}", json={"mode": "readonly"}))
    assert ok(api.get(f"/mode/{subject}")) == {"mode": "READONLY"}


def test_subject_mode_lifecycle_and_readonly_blocks_writes(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    err(api.get(f"/mode/{subject}"), 40409, f"Subject '{subject}' does not have subject-level mode configured")
    assert ok(api.get(f"/mode/{subject}", params={"defaultToGlobal": "true"})) == {"mode": "READWRITE"}
    assert ok(api.put(f"/mode/{subject}", json={"mode": "READONLY"})) == {"mode": "READONLY"}
    assert ok(api.get(f"/mode/{subject}")) == {"mode": "READONLY"}

    err(post_schema(api, subject, record(rname, field("a", "int"), field("b", "int", default=0))), 42205)
    err(api.delete(f"/subjects/{subject}/versions/1"), 42205)
    err(api.delete(f"/subjects/{subject}"), 42205)
    # reads still work
    assert get_version(api, subject, 1)["version"] == 1
    ok(api.post(f"/subjects/{subject}", json={"schema": record(rname, field("a", "int"))}))
    ok(api.post(f"/compatibility/subjects/{subject}/versions/latest", json={"schema": record(rname)}))
    # other subjects are unaffected
    register(api, subject + "-other", record(rname, field("a", "int")))

    assert ok(api.delete(f"/mode/{subject}")) == {"mode": "READONLY"}
    err(api.get(f"/mode/{subject}"), 40409)
    resp = api.delete(f"/mode/{subject}")
    err(resp, (40401, 40409))  # Confluent answers 40401 here
    register(api, subject, record(rname, field("a", "int"), field("b", "int", default=0)))
    assert versions(api, subject) == [1, 2]


def test_global_readonly_blocks_registration_and_deletes(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    ok(api.put("/mode", json={"mode": "READONLY"}))
    err(post_schema(api, subject + "-new", record(rname, field("a", "int"))), 42205)
    err(api.delete(f"/subjects/{subject}"), 42205)
    err(api.delete(f"/subjects/{subject}/versions/1"), 42205)
    assert get_version(api, subject, 1)["version"] == 1


def test_readonly_override_beats_subject_mode_but_readonly_does_not(api, subject, rname):
    ok(api.put(f"/mode/{subject}", json={"mode": "READWRITE"}))
    ok(api.put("/mode", json={"mode": "READONLY"}))
    register(api, subject, record(rname, field("a", "int")))  # subject READWRITE wins over global READONLY
    ok(api.put("/mode", json={"mode": "READONLY_OVERRIDE"}))
    err(post_schema(api, subject, record(rname, field("a", "int"), field("b", "int", default=0))), 42205)
    err(api.delete(f"/subjects/{subject}/versions/1"), 42205)
    ok(api.put("/mode", json={"mode": "READWRITE"}))
    ok(api.put(f"/mode/{subject}", json={"mode": "READONLY_OVERRIDE"}))
    assert ok(api.get(f"/mode/{subject}")) == {"mode": "READONLY_OVERRIDE"}
    err(post_schema(api, subject, record(rname, field("a", "int"), field("b", "int", default=0))), 42205)


def _fresh_id(api, subject, rname) -> int:
    """An id well above anything allocated so far."""
    probe = register(api, subject + "-probe", record(rname + "Probe", field("p", "int")))
    return max_id(api, probe) + 1000 + random.randrange(1000)


def test_import_mode_with_explicit_ids_and_versions(api, subject, rname):
    base = _fresh_id(api, subject, rname)
    assert ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"})) == {"mode": "IMPORT"}  # empty: no force needed
    v1 = record(rname, field("a", "int"))
    v2 = record(rname, field("a", "string"))  # incompatible: IMPORT skips the check
    assert ok(post_schema(api, subject, v1, id=base, version=1))["id"] == base
    assert ok(post_schema(api, subject, v2, id=base + 1, version=2))["id"] == base + 1
    assert get_version(api, subject, 1)["id"] == base
    assert get_version(api, subject, 2)["id"] == base + 1
    assert ok(api.get(f"/schemas/ids/{base + 1}"))["schema"]
    # the same import replayed is idempotent
    assert ok(post_schema(api, subject, v1, id=base, version=1))["id"] == base
    ok(api.put(f"/mode/{subject}", json={"mode": "READWRITE"}))
    ok(api.put(f"/config/{subject}", json={"compatibility": "NONE"}))
    later = register(api, subject, record(rname, field("z", "int")))
    assert later > base + 1  # allocation continues above imported ids
    assert versions(api, subject) == [1, 2, 3]


def test_import_same_schema_with_another_id_is_42207(api, subject, rname):
    base = _fresh_id(api, subject, rname)
    ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}))
    schema = record(rname, field("a", "int"))
    ok(post_schema(api, subject, schema, id=base, version=1))
    err(post_schema(api, subject, schema, id=base + 1, version=2), 42207)


def test_import_different_schema_under_a_used_id_is_refused(api, subject, rname):
    base = _fresh_id(api, subject, rname)
    ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}))
    ok(post_schema(api, subject, record(rname, field("a", "int")), id=base, version=1))
    body = err(post_schema(api, subject, record(rname, field("b", "int")), id=base, version=2), 42205)
    assert str(base) in body["message"]


def test_id_in_body_outside_import_mode_is_42205(api, subject, rname):
    base = _fresh_id(api, subject, rname)
    err(post_schema(api, subject, record(rname, field("a", "int")), id=base, version=1), 42205)
    err(api.get(f"/schemas/ids/{base}"), 40403)


def test_import_over_existing_subject_needs_force(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    err(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}), 42205)
    err(api.get(f"/mode/{subject}"), 40409)
    assert ok(api.put(f"/mode/{subject}", params={"force": "true"}, json={"mode": "IMPORT"})) == {"mode": "IMPORT"}
    assert ok(api.get(f"/mode/{subject}")) == {"mode": "IMPORT"}


def test_global_import_needs_force_when_subjects_exist(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    err(api.put("/mode", json={"mode": "IMPORT"}), 42205)
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}
    assert ok(api.put("/mode", params={"force": "true"}, json={"mode": "IMPORT"})) == {"mode": "IMPORT"}
    assert ok(api.get("/mode")) == {"mode": "IMPORT"}
    assert ok(api.put("/mode", json={"mode": "READWRITE"})) == {"mode": "READWRITE"}


def test_import_mode_survives_soft_deleted_only_subject(api, subject, rname):
    """Soft-deleted subjects are not live: switching a subject to IMPORT then needs no force."""
    base = _fresh_id(api, subject, rname)
    register(api, subject, record(rname, field("a", "int")))
    delete_version(api, subject, 1)
    ok(api.put(f"/mode/{subject}", json={"mode": "IMPORT"}))
    # importing over the soft-deleted version number works (Confluent clears or overwrites it)
    assert ok(post_schema(api, subject, record(rname, field("imported", "int")), id=base, version=1))["id"] == base
    assert get_version(api, subject, 1)["id"] == base
    assert versions(api, subject) == [1]
