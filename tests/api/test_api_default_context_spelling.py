"""The default context written out (`:.:name`) and other qualified spellings, as Confluent's REST layer
normalises them (`QualifiedSubject.normalize` in each resource): `:.:name` is the subject `name` at every
subject endpoint, in `?subject=`, at /config and /mode, and in the web UI; `:.ctx` (no closing colon) is the
context `:.ctx:`. Paths are sent both as written (`:` unescaped, as clients send them, so the read fast path
sees them) and percent-encoded."""

from __future__ import annotations

import uuid

import pytest

from .helpers import err, field, get_version, ok, post_schema, record, register, seg, versions

DEFAULT = ":.:"


@pytest.fixture
def ctx() -> str:
    return f".ctx{uuid.uuid4().hex[:8]}"


def test_registered_as_default_context_qualified_it_is_the_plain_subject(api, subject, rname):
    schema_id = register(api, DEFAULT + subject, record(rname, field("a", "int")))
    assert versions(api, subject) == [1]
    got = get_version(api, subject, 1)
    assert (got["subject"], got["id"]) == (subject, schema_id)
    assert ok(api.get("/subjects", params={"subjectPrefix": subject})) == [subject]
    assert ok(api.get("/subjects", params={"subjectPrefix": DEFAULT})) == []
    # As a client writes it, twice (the second answer may come from the read fast path's cache) ...
    for _ in range(2):
        body = ok(api.get(f"/subjects/{DEFAULT}{subject}/versions/1"))
        assert (body["subject"], body["version"], body["id"]) == (subject, 1, schema_id)
    ok(api.put(f"/config/{subject}", json={"compatibility": "NONE"}))
    newer = register(api, subject, record(rname, field("b", "string")))
    # ... and never a stale answer once the subject has moved on.
    body = ok(api.get(f"/subjects/{DEFAULT}{subject}/versions/latest"))
    assert (body["subject"], body["version"], body["id"]) == (subject, 2, newer)
    assert ok(api.get(f"/subjects/{DEFAULT}{subject}/versions")) == [1, 2]


def test_registered_plain_it_is_read_looked_up_checked_and_deleted_as_default_context_qualified(
    api, subject, rname
):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    qualified = DEFAULT + subject
    assert versions(api, qualified) == [1]
    assert get_version(api, qualified, "latest")["subject"] == subject
    assert ok(api.get(f"/subjects/{seg(qualified)}/versions/1/schema")) == {
        "type": "record", "name": rname, "fields": [{"name": "a", "type": "int"}],
    }
    found = ok(api.post(f"/subjects/{seg(qualified)}", json={"schema": schema}))
    assert (found["subject"], found["version"], found["id"]) == (subject, 1, schema_id)
    assert ok(api.get(f"/subjects/{seg(qualified)}/metadata"))["subject"] == subject
    check = ok(api.post(f"/compatibility/subjects/{seg(qualified)}/versions/latest", json={"schema": schema}))
    assert check == {"is_compatible": True}
    assert ok(api.get(f"/subjects/{seg(qualified)}/versions/1/referencedby")) == []
    # Registering the same schema under the other spelling is the same version, not a second subject.
    again = ok(post_schema(api, qualified, schema))
    assert again["id"] == schema_id and versions(api, subject) == [1]
    assert ok(api.delete(f"/subjects/{seg(qualified)}/versions/1")) == 1
    err(api.get(f"/subjects/{seg(subject)}/versions"), 40401, f"Subject '{subject}' not found.")
    assert ok(api.delete(f"/subjects/{seg(qualified)}", params={"permanent": "true"})) == [1]
    err(api.get(f"/subjects/{seg(subject)}/versions", params={"deleted": "true"}), 40401)


def test_a_missing_subject_is_named_as_normalised(api, subject):
    err(api.get(f"/subjects/{seg(DEFAULT + subject)}/versions"), 40401, f"Subject '{subject}' not found.")


def test_config_and_mode_of_a_subject_under_either_spelling(api, subject, rname):
    qualified = DEFAULT + subject
    register(api, subject, record(rname, field("a", "int")))
    ok(api.put(f"/config/{seg(qualified)}", json={"compatibility": "FULL"}))
    assert ok(api.get(f"/config/{seg(subject)}"))["compatibilityLevel"] == "FULL"
    assert ok(api.get(f"/config/{qualified}"))["compatibilityLevel"] == "FULL"
    assert ok(api.get("/config"))["compatibilityLevel"] != "FULL"  # the subject's, not the global config
    assert ok(api.delete(f"/config/{seg(subject)}"))["compatibilityLevel"] == "FULL"
    err(api.get(f"/config/{seg(qualified)}"), 40408)

    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "READONLY"}))
    assert ok(api.get(f"/mode/{seg(qualified)}")) == {"mode": "READONLY"}
    err(post_schema(api, qualified, record(rname, field("b", "int"))), 42205)
    assert ok(api.get("/mode")) == {"mode": "READWRITE"}
    assert ok(api.delete(f"/mode/{seg(qualified)}")) == {"mode": "READONLY"}
    err(api.get(f"/mode/{seg(subject)}"), 40409)


def test_the_subject_query_parameter_of_a_schema_by_id(api, subject, rname):
    schema_id = register(api, DEFAULT + subject, record(rname, field("a", "int")))
    body = ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": DEFAULT + subject}))
    assert (body["subject"], body["version"]) == (subject, 1)
    listed = ok(api.get(f"/schemas/ids/{schema_id}/versions", params={"subject": DEFAULT + subject}))
    assert {"subject": subject, "version": 1} in listed
    assert subject in ok(api.get(f"/schemas/ids/{schema_id}/subjects", params={"subject": DEFAULT + subject}))


def test_a_context_without_its_closing_colon_is_the_context(api, ctx, subject, rname):
    schema_id = register(api, f":{ctx}:{subject}", record(rname, field("a", "int")))
    # `:.ctx` is read as `:.ctx:`: the id in that context, and that context's config.
    body = ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": f":{ctx}"}))
    assert body["schema"] == ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": f":{ctx}:"}))["schema"]
    ok(api.put(f"/config/{seg(':' + ctx)}", json={"compatibility": "FORWARD"}))
    assert ok(api.get(f"/config/{seg(f':{ctx}:')}"))["compatibilityLevel"] == "FORWARD"
    assert ok(api.get(f"/config/{seg(f':{ctx}:{subject}')}", params={"defaultToGlobal": "true"}))[
        "compatibilityLevel"
    ] == "FORWARD"
    ok(api.delete(f"/config/{seg(f':{ctx}:')}"))


def test_the_default_context_alone_names_no_subject(api, rname):
    for spelling in (DEFAULT, ":.", ":.:__GLOBAL"):
        body = err(post_schema(api, spelling, record(rname, field("a", "int"))), 42208)
        assert body["message"] == f"The specified subject '{spelling}' is not a valid."
    # ... but at /config and /mode, `:.:` (or `:.`) is the global config and mode.
    ok(api.put(f"/config/{seg(':.')}", json={"compatibility": "FULL_TRANSITIVE"}))
    assert ok(api.get("/config"))["compatibilityLevel"] == "FULL_TRANSITIVE"


def _referrers_section(page: str) -> str:
    start = page.index('id="referenced-by"')
    return page[start : page.index("</section>", start)]


def test_the_web_ui_lists_referrers_under_every_spelling_of_the_reference(api, ctx, subject, rname):
    """A reference names its subject as written: `:.:money` from the default context, `money` from a schema of
    another context (its own `money`). The UI finds the referrers as the API's referencedby does."""
    money = record(rname + "Money", field("cents", "long"))
    order = record(rname, field("price", rname + "Money"))
    refs = [{"name": rname + "Money", "subject": f"{DEFAULT}{subject}-money", "version": 1}]
    register(api, f"{subject}-money", money)
    order_id = register(api, f"{subject}-order", order, references=refs)
    assert ok(api.get(f"/subjects/{seg(subject)}-money/versions/1/referencedby")) == [order_id]
    page = api.get(f"/ui/subjects/{seg(subject)}-money")
    assert page.status_code == 200, page.text[:300]
    assert f"{subject}-order v1</a> refers to v1" in _referrers_section(page.text)

    within = [{"name": rname + "Money", "subject": f"{subject}-money", "version": 1}]
    register(api, f":{ctx}:{subject}-money", money)
    register(api, f":{ctx}:{subject}-order", order, references=within)
    page = api.get(f"/ui/subjects/{seg(f':{ctx}:{subject}-money')}")
    assert page.status_code == 200, page.text[:300]
    section = _referrers_section(page.text)
    assert f":{ctx}:{subject}-order v1</a> refers to v1" in section
    assert f">{subject}-order v1</a>" not in section  # the default context's order refers to the other money
    # The page of a subject spelled with the default context is the subject's own.
    page = api.get(f"/ui/subjects/{seg(DEFAULT + subject)}-money")
    assert page.status_code == 200 and f"{subject}-order v1</a> refers to v1" in _referrers_section(page.text)
