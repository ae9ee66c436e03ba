"""Lookup and registration agree, as in Confluent 8.1 (issue 18): a lookup not found as posted looks again
normalizing; registration looks the schema up first, with its own normalize; `"version": -1` answers the
latest version when it is the posted schema and otherwise makes a new one numbered in `confluent:version`."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .helpers import err, get_version, ok, post_schema, register, set_level, versions


def _spellings(name: str) -> tuple[str, str]:
    """One JSON Schema written two ways: normalizing makes them one text, storing as written keeps them apart."""
    plain = json.dumps({"title": name, "type": "object", "properties": {"a": {"type": "integer"}}})
    variant = json.dumps({"properties": {"a": {"type": "integer"}}, "type": "object", "title": name})
    return plain, variant


def _lookup(api, subject: str, schema: str, **params: Any) -> Any:
    return api.post(f"/subjects/{subject}", json={"schema": schema, "schemaType": "JSON"}, params=params)


# ---------------------------------------------------------------- CP 8.1: a lookup retries normalizing


def test_a_lookup_without_normalize_finds_a_version_registered_normalized(api, subject, rname):
    _, variant = _spellings(rname)
    schema_id = register(api, subject, variant, schema_type="JSON", params={"normalize": "true"})
    assert get_version(api, subject, 1)["schema"] != json.dumps(json.loads(variant), separators=(",", ":"))
    found = ok(_lookup(api, subject, variant))
    assert (found["id"], found["version"]) == (schema_id, 1)
    other = variant.replace("integer", "string")
    err(_lookup(api, subject, other), 40403)


def test_the_retry_applies_to_a_lookup_of_soft_deleted_versions(api, subject, rname):
    _, variant = _spellings(rname)
    schema_id = register(api, subject, variant, schema_type="JSON", params={"normalize": "true"})
    register(api, subject, variant.replace(rname, f"{rname}2"), schema_type="JSON")
    ok(api.delete(f"/subjects/{subject}/versions/1"))
    err(_lookup(api, subject, variant), 40403)
    found = ok(_lookup(api, subject, variant, deleted="true"))
    assert (found["id"], found["version"], found.get("deleted")) == (schema_id, 1, True)


# ---------------------------------------------------------------- registration finds what lookup finds


@pytest.mark.parametrize("where", ["query", "config"])
def test_registering_normalized_answers_a_version_stored_as_written(api, subject, rname, where):
    """A normalizing lookup finds a version stored un-normalized whose normalized text is the posted one's;
    registering normalizing (the query parameter or the subject's config) answers that version too, as
    Confluent's register looks the schema up first."""
    plain, variant = _spellings(rname)
    schema_id = register(api, subject, variant, schema_type="JSON")
    params = {"normalize": "true"} if where == "query" else {}
    if where == "config":
        ok(api.put(f"/config/{subject}", json={"normalize": True}))
    looked_up = ok(_lookup(api, subject, plain, **params))
    registered = ok(post_schema(api, subject, plain, schema_type="JSON", params=params))
    assert (registered["id"], registered["version"]) == (looked_up["id"], looked_up["version"]) == (schema_id, 1)
    assert versions(api, subject) == [1]


# ---------------------------------------------------------------- "version": -1


def _avro(name: str, *fields: str) -> str:
    return json.dumps({"type": "record", "name": name, "fields": [{"name": f, "type": "int", "default": 0}
                                                                   for f in fields]})


def _confluent_version(api, subject: str, version: int) -> str | None:
    found = get_version(api, subject, version)
    return (found.get("metadata") or {}).get("properties", {}).get("confluent:version")


def test_version_minus_one_answers_the_latest_version_when_it_is_the_posted_schema(api, subject, rname):
    first = _avro(rname, "a")
    created = ok(post_schema(api, subject, first, version=-1))
    assert created["version"] == 1 and _confluent_version(api, subject, 1) == "1"
    again = ok(post_schema(api, subject, first, version=-1))
    assert (again["id"], again["version"]) == (created["id"], 1)
    assert ok(post_schema(api, subject, first))["version"] == 1
    assert versions(api, subject) == [1]


def test_version_minus_one_makes_a_new_version_when_the_latest_is_another_schema(api, subject, rname):
    set_level(api, subject, "NONE")
    first, second = _avro(rname, "a"), _avro(rname, "a", "b")
    one = register(api, subject, first)
    register(api, subject, second)
    assert ok(post_schema(api, subject, first))["version"] == 1  # without -1: version 1 is that schema
    made = ok(post_schema(api, subject, first, version=-1))
    assert made["version"] == 3 and made["id"] != one
    assert versions(api, subject) == [1, 2, 3] and _confluent_version(api, subject, 3) == "3"
    assert _confluent_version(api, subject, 1) is None
    assert ok(post_schema(api, subject, first, version=-1))["version"] == 3  # now the latest

    owned = {"properties": {"owner": "team-a"}}
    fourth = ok(post_schema(api, subject, first, version=-1, metadata=owned))
    assert fourth["version"] == 4
    assert get_version(api, subject, 4)["metadata"]["properties"] == {"owner": "team-a", "confluent:version": "4"}
    # the latest again, and a lookup, find it with the same metadata, `confluent:version` aside
    assert ok(post_schema(api, subject, first, version=-1, metadata=owned))["version"] == 4
    found = ok(api.post(f"/subjects/{subject}", json={"schema": first, "metadata": owned}))
    assert found["version"] == 4
    assert versions(api, subject) == [1, 2, 3, 4]


def test_version_minus_one_is_checked_for_compatibility(api, subject, rname):
    set_level(api, subject, "BACKWARD")
    register(api, subject, _avro(rname, "a"))
    breaking = json.dumps({"type": "record", "name": rname, "fields": [{"name": "z", "type": "string"}]})
    err(post_schema(api, subject, breaking, version=-1), 409)
    err(post_schema(api, subject, _avro(rname, "a"), version=-2), 422)
