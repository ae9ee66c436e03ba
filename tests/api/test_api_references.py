"""Schema references (Avro named types in other subjects): registration, resolution, referencedby, delete guards."""

from __future__ import annotations

import json
import uuid

import pytest

from .helpers import (
    delete_subject,
    delete_version,
    err,
    get_version,
    ok,
    post_schema,
    register,
)


@pytest.fixture
def ns() -> str:
    return f"com.t{uuid.uuid4().hex[:10]}"


def address(ns, extra_field=False):
    fields = [{"name": "street", "type": "string"}]
    if extra_field:
        fields.append({"name": "zip", "type": "string", "default": ""})
    return json.dumps({"type": "record", "name": "Address", "namespace": ns, "fields": fields})


def user(ns):
    return json.dumps({"type": "record", "name": "User", "namespace": ns,
                       "fields": [{"name": "name", "type": "string"}, {"name": "addr", "type": f"{ns}.Address"}]})


def test_register_with_reference_and_read_it_back(api, subject, ns):
    ref_subject, main = subject + "-addr", subject + "-user"
    register(api, ref_subject, address(ns))
    refs = [{"name": f"{ns}.Address", "subject": ref_subject, "version": 1}]
    user_id = register(api, main, user(ns), references=refs)

    stored = get_version(api, main, 1)
    assert stored["references"] == refs
    by_id = ok(api.get(f"/schemas/ids/{user_id}"))
    assert by_id["references"] == refs
    # lookup needs the same references
    found = ok(api.post(f"/subjects/{main}", json={"schema": user(ns), "references": refs}))
    assert found["id"] == user_id and found["version"] == 1
    # identical registration (same schema + references) dedupes
    assert register(api, main, user(ns), references=refs) == user_id
    assert ok(api.get(f"/subjects/{ref_subject}/versions/1/referencedby")) == [user_id]
    assert ok(api.get(f"/subjects/{ref_subject}/versions/latest/referencedby")) == [user_id]
    assert ok(api.get(f"/subjects/{main}/versions/1/referencedby")) == []


def test_unresolved_named_type_without_reference_is_42201(api, subject, ns):
    err(post_schema(api, subject, user(ns)), 42201)


def test_missing_reference_is_42201(api, subject, ns):
    refs = [{"name": f"{ns}.Address", "subject": subject + "-nowhere", "version": 1}]
    err(post_schema(api, subject, user(ns), references=refs), 42201)
    register(api, subject + "-addr", address(ns))
    refs = [{"name": f"{ns}.Address", "subject": subject + "-addr", "version": 9}]
    err(post_schema(api, subject, user(ns), references=refs), 42201)
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_reference_version_minus_one_resolves_to_latest_number(api, subject, ns):
    ref_subject, main = subject + "-addr", subject + "-user"
    register(api, ref_subject, address(ns))
    register(api, ref_subject, address(ns, extra_field=True))  # backward compatible: zip has a default
    refs = [{"name": f"{ns}.Address", "subject": ref_subject, "version": -1}]
    user_id = register(api, main, user(ns), references=refs)
    assert get_version(api, main, 1)["references"] == [{"name": f"{ns}.Address", "subject": ref_subject, "version": 2}]
    assert ok(api.get(f"/subjects/{ref_subject}/versions/2/referencedby")) == [user_id]
    assert ok(api.get(f"/subjects/{ref_subject}/versions/1/referencedby")) == []


def test_transitive_references(api, subject, ns):
    street = json.dumps({"type": "record", "name": "Street", "namespace": ns,
                         "fields": [{"name": "line", "type": "string"}]})
    addr = json.dumps({"type": "record", "name": "Address", "namespace": ns,
                       "fields": [{"name": "street", "type": f"{ns}.Street"}]})
    register(api, subject + "-street", street)
    addr_refs = [{"name": f"{ns}.Street", "subject": subject + "-street", "version": 1}]
    register(api, subject + "-addr", addr, references=addr_refs)
    user_refs = [{"name": f"{ns}.Address", "subject": subject + "-addr", "version": 1}]
    user_id = register(api, subject + "-user", user(ns), references=user_refs)
    assert get_version(api, subject + "-user", 1)["references"] == user_refs
    # compatibility checks resolve references transitively too
    resp = api.post(f"/compatibility/subjects/{subject}-user/versions/latest",
                    json={"schema": user(ns), "references": user_refs})
    assert ok(resp)["is_compatible"] is True
    assert ok(api.get(f"/schemas/ids/{user_id}"))["references"] == user_refs


def test_referenced_schema_cannot_be_deleted(api, subject, ns):
    ref_subject, main = subject + "-addr", subject + "-user"
    register(api, ref_subject, address(ns))
    refs = [{"name": f"{ns}.Address", "subject": ref_subject, "version": 1}]
    register(api, main, user(ns), references=refs)

    key = f"{{magic=1,keytype=SCHEMA,subject={ref_subject},version=1}}"
    err(api.delete(f"/subjects/{ref_subject}"), 42206, f"One or more references exist to the schema {key}.")
    err(api.delete(f"/subjects/{ref_subject}/versions/1"), 42206)
    err(api.delete(f"/subjects/{ref_subject}/versions/latest"), 42206)
    assert get_version(api, ref_subject, 1)["version"] == 1

    # once the referrer is only soft-deleted, a soft delete is allowed but a hard delete is not
    delete_subject(api, main)
    assert delete_version(api, ref_subject, 1) == 1
    err(api.delete(f"/subjects/{ref_subject}/versions/1", params={"permanent": "true"}), 42206)
    err(api.delete(f"/subjects/{ref_subject}", params={"permanent": "true"}), 42206)
    # with the referrer gone for good, the referenced version can go too
    delete_subject(api, main, permanent=True)
    assert delete_version(api, ref_subject, 1, permanent=True) == 1


def test_stored_schema_keeps_the_reference_unexpanded(api, subject, ns):
    register(api, subject + "-addr", address(ns))
    refs = [{"name": f"{ns}.Address", "subject": subject + "-addr", "version": 1}]
    user_id = register(api, subject + "-user", user(ns), references=refs)
    for text in (get_version(api, subject + "-user", 1)["schema"], ok(api.get(f"/schemas/ids/{user_id}"))["schema"],
                 api.get(f"/schemas/ids/{user_id}/schema").text):
        ref_type = json.loads(text)["fields"][1]["type"]
        # a name (full, or relative to the enclosing namespace as Avro prints it), not the inlined record
        assert ref_type in (f"{ns}.Address", "Address"), text


def test_same_text_with_other_references_is_another_schema(api, subject, ns):
    ref_subject, main = subject + "-addr", subject + "-user"
    register(api, ref_subject, address(ns))
    register(api, ref_subject, address(ns, extra_field=True))
    refs1 = [{"name": f"{ns}.Address", "subject": ref_subject, "version": 1}]
    refs2 = [{"name": f"{ns}.Address", "subject": ref_subject, "version": 2}]
    id1 = register(api, main, user(ns), references=refs1)
    err(api.post(f"/subjects/{main}", json={"schema": user(ns), "references": refs2}), 40403)
    id2 = register(api, main, user(ns), references=refs2)  # backward compatible: zip has a default
    assert id2 != id1
    assert get_version(api, main, 2)["references"] == refs2
    found = ok(api.post(f"/subjects/{main}", json={"schema": user(ns), "references": refs1}))
    assert (found["id"], found["version"]) == (id1, 1)


def test_compatibility_resolves_referenced_types(api, subject, ns):
    ref_subject, main = subject + "-addr", subject + "-user"
    ok(api.put(f"/config/{ref_subject}", json={"compatibility": "NONE"}))
    register(api, ref_subject, address(ns))
    breaking = json.dumps({"type": "record", "name": "Address", "namespace": ns,
                           "fields": [{"name": "street", "type": "string"}, {"name": "city", "type": "string"}]})
    register(api, ref_subject, breaking)  # version 2: a new field without default
    register(api, main, user(ns), references=[{"name": f"{ns}.Address", "subject": ref_subject, "version": 1}])
    refs2 = [{"name": f"{ns}.Address", "subject": ref_subject, "version": 2}]
    body = ok(api.post(f"/compatibility/subjects/{main}/versions/latest", params={"verbose": "true"},
                       json={"schema": user(ns), "references": refs2}))
    assert body["is_compatible"] is False, body  # the new reader's Address.city has no default
    err(post_schema(api, main, user(ns), references=refs2), (409, 40901))


def test_two_reference_names_for_one_subject_version(api, subject):
    """Each reference is resolved under its own name, also when another one names the same subject version."""
    address = json.dumps({"type": "object", "properties": {"city": {"type": "string"}}})
    register(api, subject + "-addr", address, schema_type="JSON")
    uses = {"home": {"$ref": "home.json"}, "work": {"$ref": "work.json"}}
    person = json.dumps({"type": "object", "properties": uses})
    refs = [{"name": name, "subject": subject + "-addr", "version": 1} for name in ("home.json", "work.json")]
    person_id = register(api, subject + "-person", person, schema_type="JSON", references=refs)
    assert ok(api.get(f"/schemas/ids/{person_id}"))["references"] == refs


def test_a_subject_whose_versions_refer_to_each_other_can_be_deleted(api, subject, ns):
    """Only references from other subjects block deleting a whole subject, as in Confluent."""
    ok(api.put(f"/config/{subject}", json={"compatibility": "NONE"}))
    register(api, subject, address(ns))
    refs = [{"name": f"{ns}.Address", "subject": subject, "version": 1}]
    register(api, subject, user(ns), references=refs)
    err(api.delete(f"/subjects/{subject}/versions/1"), 42206)  # one version alone is still referenced
    assert delete_subject(api, subject) == [1, 2]
    assert delete_subject(api, subject, permanent=True) == [1, 2]
    err(api.get(f"/subjects/{subject}/versions"), 40401)


def test_an_invalid_schema_message_prints_references_as_confluent(api, subject, ns):
    register(api, subject + "-addr", address(ns))
    refs = [{"name": f"{ns}.Address", "subject": subject + "-addr", "version": 1}]
    body = err(post_schema(api, subject, user(ns).replace('"string"', '"no-such-type"'), references=refs), 42201)
    assert f"with refs [{{name='{ns}.Address', subject='{subject}-addr', version=1}}] of type AVRO" in body["message"]
