"""An unqualified subject not found in the default context is read from the subject of that name in the other
contexts, in context order, as Confluent's `getUsingContexts` (GET /subjects/{s}/versions/{v}, its `/schema`
and `/referencedby`) and `lookUpSchemaUnderSubjectUsingContexts` (POST /subjects/{s}) do; writes, listings
and qualified subjects never fall back."""

from __future__ import annotations

import uuid

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg


@pytest.fixture
def ctxs() -> tuple[str, str]:
    """Two contexts no other test uses, the first sorting before the second."""
    stem = f".fb{uuid.uuid4().hex[:10]}"
    return f"{stem}a", f"{stem}b"


def test_a_version_of_an_unqualified_subject_is_read_from_the_first_context_that_has_it(api, ctxs, subject, rname):
    first, second = ctxs
    in_second = record(rname, field("b", "int"))
    in_first = record(rname, field("a", "int"))
    register(api, f":{second}:{subject}", in_second)
    register(api, f":{first}:{subject}", in_first)
    found = get_version(api, subject, 1)
    assert (found["subject"], found["version"], found["schema"]) == (f":{first}:{subject}", 1, in_first)
    assert get_version(api, subject, "latest")["subject"] == f":{first}:{subject}"
    raw = api.get(f"/subjects/{seg(subject)}/versions/1/schema")
    assert raw.status_code == 200 and raw.text == in_first
    assert ok(api.get(f"/subjects/{seg(subject)}/versions/1/referencedby")) == []
    # Nothing found: the error is the default context's (Confluent asks `hasSubjects` of the name as given).
    err(api.get(f"/subjects/{seg(subject)}-none/versions/1"), 40401)
    err(api.get(f"/subjects/{seg(subject)}/versions/2"), 40401)
    # Listings and qualified subjects do not fall back.
    err(api.get(f"/subjects/{seg(subject)}/versions"), 40401)
    err(api.get(f"/subjects/{seg(f':{first}x:{subject}')}/versions/1"), 40401)


def test_a_version_missing_from_the_default_context_is_read_from_another(api, ctxs, subject, rname):
    first, _ = ctxs
    register(api, subject, record(rname, field("a", "int")))
    inside = f":{first}:{subject}"
    register(api, inside, record(rname, field("a", "int")))
    newer = record(rname, field("a", "int"), field("b", "int", default=0))
    register(api, inside, newer)
    assert get_version(api, subject, 1)["subject"] == subject
    err(api.get(f"/subjects/{seg(subject)}/versions/3"), 40402)
    found = get_version(api, subject, 2)
    assert (found["subject"], found["schema"]) == (inside, newer)


def test_a_lookup_of_an_unqualified_subject_finds_the_schema_in_another_context(api, ctxs, subject, rname):
    first, second = ctxs
    only_second = record(rname, field("b", "int"))
    register(api, f":{first}:{subject}", record(rname, field("a", "int")))
    sid = register(api, f":{second}:{subject}", only_second)
    found = ok(api.post(f"/subjects/{seg(subject)}", json={"schema": only_second}))
    assert (found["subject"], found["version"], found["id"]) == (f":{second}:{subject}", 1, sid)
    err(api.post(f"/subjects/{seg(subject)}", json={"schema": record(rname, field("c", "int"))}), 40401)
    err(api.post(f"/subjects/{seg(subject)}-none", json={"schema": only_second}), 40401)
    # A qualified subject does not fall back to the default context.
    register(api, f"{subject}-plain", only_second)
    err(api.post(f"/subjects/{seg(f':{first}:{subject}-plain')}", json={"schema": only_second}), 40401)


def test_a_registration_stays_in_the_default_context(api, ctxs, subject, rname):
    first, _ = ctxs
    schema = record(rname, field("a", "int"))
    register(api, f":{first}:{subject}", schema)
    assert get_version(api, subject, 1)["subject"] == f":{first}:{subject}"
    answer = ok(post_schema(api, subject, schema))
    assert ok(api.get(f"/subjects/{seg(subject)}/versions")) == [1]
    # The write is seen at once: the default context's own version, not the answer from the other context.
    found = get_version(api, subject, 1)
    assert (found["subject"], found["id"]) == (subject, answer["id"])
    assert ok(api.post(f"/subjects/{seg(subject)}", json={"schema": schema}))["subject"] == subject
    assert ok(api.get(f"/subjects/{seg(f':{first}:{subject}')}/versions")) == [1]


def test_a_context_is_deleted_only_once_empty(api, ctxs, subject, rname):
    ctx, unused = ctxs
    inside = f":{ctx}:{subject}"
    register(api, inside, record(rname, field("a", "int")))
    refused = err(api.delete(f"/contexts/{ctx}"), 42211)
    assert refused["message"] == f"Context '{ctx}' is not empty: delete its subjects permanently first."
    ok(api.delete(f"/subjects/{seg(inside)}"))
    err(api.delete(f"/contexts/{ctx}"), 42211)  # a soft-deleted subject is still there
    assert ctx in ok(api.get("/contexts"))
    ok(api.delete(f"/subjects/{seg(inside)}", params={"permanent": "true"}))
    gone = api.delete(f"/contexts/{ctx}")
    assert (gone.status_code, gone.content) == (204, b"")
    assert ctx not in ok(api.get("/contexts"))
    assert api.delete(f"/contexts/{unused}").status_code == 204  # never used: empty too
    err(api.delete("/contexts/%2E"), 42205)  # the default context (a bare `.` segment is dropped on the way)
    err(api.delete("/contexts/nodot"), 422)
