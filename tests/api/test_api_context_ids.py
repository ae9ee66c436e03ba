"""Contexts have their own id space (Confluent's schema contexts): ids from 1 per context, de-duplication per
context, ids resolved in the context the request names (`?subject=`, `/contexts/{ctx}/schemas/ids/...`),
references within the referring subject's context, IMPORT per context."""

from __future__ import annotations

import uuid

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg


@pytest.fixture
def ctx() -> str:
    """A context no other test uses."""
    return f".ids{uuid.uuid4().hex[:10]}"


def test_a_fresh_context_numbers_its_schemas_from_one(api, ctx, subject, rname):
    first, second = record(rname, field("a", "int")), record(rname + "B", field("b", "int"))
    assert register(api, f":{ctx}:{subject}", first) == 1
    assert register(api, f":{ctx}:{subject}-other", second) == 2
    assert register(api, f":{ctx}:{subject}-again", first) == 1  # de-duplicated within the context
    elsewhere = register(api, f":{ctx}x:{subject}", second)  # another fresh context: its own 1
    assert elsewhere == 1
    plain = register(api, subject, first)  # the default context's id for the same text
    assert get_version(api, subject, 1)["id"] == plain
    assert ok(api.get("/schemas", params={"subjectPrefix": f":{ctx}:"})) == [
        {**get_version(api, f":{ctx}:{name}", 1)} for name in (subject, f"{subject}-again", f"{subject}-other")
    ]
    assert [s["id"] for s in ok(api.get(f"/contexts/{ctx}/schemas"))] == [1, 1, 2]
    max_id = ok(api.get("/schemas/ids/1", params={"subject": f":{ctx}:", "fetchMaxId": "true"}))["maxId"]
    assert max_id == 2


def test_ids_resolve_in_the_context_the_request_names(api, ctx, subject, rname):
    inside = f":{ctx}:{subject}"
    schema = record(rname, field("a", "int"))
    assert register(api, inside, schema) == 1
    body = {"schema": ok(api.get("/schemas/ids/1", params={"subject": f":{ctx}:"}))["schema"]}
    assert body == {"schema": schema}
    named = ok(api.get("/schemas/ids/1", params={"subject": inside}))
    assert (named["subject"], named["version"], named["schema"]) == (inside, 1, schema)
    context_only = ok(api.get("/schemas/ids/1", params={"subject": f":{ctx}:"}))
    assert "subject" not in context_only and context_only["schema"] == schema
    # A subject of the context that does not use the id: not found (as Confluent answers).
    err(api.get("/schemas/ids/1", params={"subject": f":{ctx}:{subject}-none"}), 40403)
    err(api.get("/schemas/ids/2", params={"subject": f":{ctx}:"}), 40403)
    # The context path prefix is the same lookup.
    assert ok(api.get(f"/contexts/{ctx}/schemas/ids/1"))["schema"] == schema
    assert ok(api.get(f"/contexts/{ctx}/schemas/ids/1", params={"subject": subject}))["subject"] == inside
    raw = api.get("/schemas/ids/1/schema", params={"subject": inside})
    assert raw.status_code == 200 and raw.text == schema
    assert ok(api.get("/schemas/ids/1/subjects", params={"subject": f":{ctx}:"})) == [inside]
    assert ok(api.get("/schemas/ids/1/versions", params={"subject": inside})) == [{"subject": inside, "version": 1}]
    guid = ok(api.get("/schemas/ids/1", params={"subject": inside}))["guid"]
    assert ok(api.get(f"/schemas/guids/{guid}"))["id"] == 1


def test_an_id_only_a_context_holds_is_not_found_without_its_context(api, ctx, subject, rname):
    """Without a subject an id is the default context's (Confluent does not look in other contexts)."""
    plain_id = register(api, subject, record(rname, field("a", "int")))
    beyond = ok(api.get(f"/schemas/ids/{plain_id}", params={"fetchMaxId": "true"}))["maxId"] + 1000
    inside = f":{ctx}:{subject}"
    ok(api.put(f"/mode/{seg(inside)}", json={"mode": "IMPORT"}))
    schema = record(rname, field("b", "long"))
    assert ok(post_schema(api, inside, schema, id=beyond, version=1))["id"] == beyond
    err(api.get(f"/schemas/ids/{beyond}"), 40403)
    assert ok(api.get(f"/schemas/ids/{beyond}", params={"subject": inside}))["schema"] == schema
    # An unqualified subject also tries its name in each other context (what Schema Linking's copies need).
    found = ok(api.get(f"/schemas/ids/{beyond}", params={"subject": subject}))
    assert (found["subject"], found["version"], found["schema"]) == (inside, 1, schema)
    err(api.get(f"/schemas/ids/{beyond}", params={"subject": subject + "-unknown"}), 40403)


def test_an_unqualified_subject_finds_its_own_id_first(api, ctx, subject, rname):
    plain = record(rname, field("a", "int"))
    plain_id = register(api, subject, plain)
    ok(api.put(f"/mode/{seg(f':{ctx}:{subject}')}", json={"mode": "IMPORT"}))
    register(api, f":{ctx}:{subject}", record(rname, field("b", "long")), id=plain_id, version=1)
    found = ok(api.get(f"/schemas/ids/{plain_id}", params={"subject": subject}))
    assert (found["subject"], found["schema"]) == (subject, plain)
    assert ok(api.get(f"/schemas/ids/{plain_id}"))["schema"] == plain
    other = ok(api.get(f"/schemas/ids/{plain_id}", params={"subject": f":{ctx}:{subject}"}))
    assert other["schema"] == record(rname, field("b", "long"))


def test_import_mode_brings_ids_per_context(api, ctx, subject, rname):
    one, two = f":{ctx}:{subject}", f":{ctx}b:{subject}"
    for name in (one, two):
        ok(api.put(f"/mode/{seg(name)}", json={"mode": "IMPORT"}))
    first, other = record(rname, field("a", "int")), record(rname, field("z", "string"))
    assert register(api, one, first, id=5, version=1) == 5
    assert register(api, two, other, id=5, version=1) == 5  # the same id, another schema, another context
    assert ok(api.get("/schemas/ids/5", params={"subject": one}))["schema"] == first
    assert ok(api.get("/schemas/ids/5", params={"subject": two}))["schema"] == other
    body = err(post_schema(api, one, record(rname, field("q", "long")), id=5, version=2), 42205)
    assert body["message"] == f"Overwrite new schema with id 5 in context :{ctx}: is not permitted."
    ok(api.put(f"/mode/{seg(one)}", json={"mode": "READWRITE"}))
    ok(api.put(f"/config/{seg(one)}", json={"compatibility": "NONE"}))
    assert register(api, one, record(rname, field("n", "long"))) == 6  # after the imported id


def test_references_resolve_within_the_referring_subjects_context(api, ctx, subject, rname):
    money = f":{ctx}:{subject}-money"
    register(api, money, record(rname + "Money", field("cents", "long")))
    order = record(rname, field("price", rname + "Money"))
    refs = [{"name": rname + "Money", "subject": f"{subject}-money", "version": 1}]
    err(post_schema(api, f"{subject}-order", order, references=refs), 42201)  # no such subject outside ctx
    body = ok(post_schema(api, f":{ctx}:{subject}-order", order, references=refs))
    assert body["id"] == 2
    got = get_version(api, f":{ctx}:{subject}-order", 1)
    assert got["references"] == refs  # answered as registered
    assert ok(api.get(f"/subjects/{seg(money)}/versions/1/referencedby")) == [2]
    err(api.delete(f"/subjects/{seg(money)}/versions/1"), 42206)
    found = ok(api.post(f"/subjects/{seg(f':{ctx}:{subject}-order')}", json={"schema": order, "references": refs}))
    assert found["id"] == 2
    assert ok(api.get("/schemas/ids/2", params={"subject": f":{ctx}:"}))["references"] == refs


def test_each_spelling_of_a_referenced_subject_is_its_own_schema(api, ctx, subject, rname):
    """Confluent resolves a reference's subject in the referring subject's context (`:.:dep` from the default
    context is `dep`), but keeps and hashes it as written: the same text with the subject spelled otherwise
    is another schema (a new id, not found by a lookup with the other spelling)."""
    money = record(rname + "Money", field("cents", "long"))
    order = record(rname, field("price", rname + "Money"))

    def refs(referenced: str) -> list[dict[str, object]]:
        return [{"name": rname + "Money", "subject": referenced, "version": 1}]

    register(api, f"{subject}-money", money)
    qualified = register(api, f"{subject}-order", order, references=refs(f":.:{subject}-money"))
    assert ok(api.get(f"/subjects/{seg(subject)}-money/versions/1/referencedby")) == [qualified]
    err(api.delete(f"/subjects/{seg(subject)}-money/versions/1"), 42206)
    plain = register(api, f"{subject}-order", order, references=refs(f"{subject}-money"))
    assert plain != qualified and ok(api.get(f"/subjects/{seg(subject)}-order/versions")) == [1, 2]

    register(api, f":{ctx}:{subject}-money", money)
    within = register(api, f":{ctx}:{subject}-order", order, references=refs(f"{subject}-money"))
    lookup = {"schema": order, "references": refs(f":{ctx}:{subject}-money")}
    err(api.post(f"/subjects/{seg(f':{ctx}:{subject}-order')}", json=lookup), 40403)
    assert register(api, f":{ctx}:{subject}-order", order, references=lookup["references"]) != within
    # From another context `:.:name` is a name within that context (`:{ctx}::.:name`), as Confluent has it.
    err(post_schema(api, f":{ctx}:{subject}-other", order, references=refs(f":.:{subject}-money")), 42201)
