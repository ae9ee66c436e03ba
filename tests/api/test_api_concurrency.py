"""Concurrent registrations: one id per schema, gap-free distinct versions."""

from __future__ import annotations

from .helpers import describe, field, get_version, ok, record, register_concurrently, set_level, versions

THREADS = 20


def test_same_schema_same_subject_concurrently(api, registry_url, subject, rname):
    schema = record(rname, field("a", "int"))
    answers = register_concurrently([(registry_url, subject, schema)] * THREADS)
    ids = {ok(resp)["id"] for resp in answers}
    assert len(ids) == 1, [describe(r) for r in answers]
    assert versions(api, subject, deleted="true") == [1]


def test_same_schema_many_subjects_concurrently(api, registry_url, subject, rname):
    schema = record(rname, field("a", "int"))
    answers = register_concurrently([(registry_url, f"{subject}-{i}", schema) for i in range(THREADS)])
    ids = {ok(resp)["id"] for resp in answers}
    assert len(ids) == 1, [describe(r) for r in answers]
    schema_id = ids.pop()
    assert len(ok(api.get(f"/schemas/ids/{schema_id}/subjects"))) == THREADS


def test_different_schemas_one_subject_concurrently(api, registry_url, subject, rname):
    set_level(api, subject, "NONE")
    schemas = [record(rname, field(f"f{i}", "int")) for i in range(THREADS)]
    answers = register_concurrently([(registry_url, subject, s) for s in schemas])
    ids = [ok(resp)["id"] for resp in answers]
    assert len(set(ids)) == THREADS, [describe(r) for r in answers]
    assert versions(api, subject) == list(range(1, THREADS + 1))
    by_version = {get_version(api, subject, v)["id"] for v in range(1, THREADS + 1)}
    assert by_version == set(ids)


def test_new_schemas_in_many_subjects_get_a_consecutive_id_block(api, registry_url, subject, rname):
    """id = max id + 1 also under contention: 20 new schemas take 20 consecutive ids, no gaps, no duplicates."""
    jobs = [(registry_url, f"{subject}-{i}", record(rname, field(f"f{i}", "int"))) for i in range(THREADS)]
    ids = sorted(ok(resp)["id"] for resp in register_concurrently(jobs))
    assert ids == list(range(ids[0], ids[0] + THREADS)), ids
