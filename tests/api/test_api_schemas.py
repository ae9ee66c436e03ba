"""GET /schemas, /schemas/ids/{id} and its sub-resources."""

from __future__ import annotations

from .helpers import (
    delete_subject,
    delete_version,
    err,
    field,
    ok,
    record,
    register,
    same_schema,
    set_level,
)

NO_SUCH_ID = 2_000_000_000


def test_schema_by_id_and_sub_resources(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    body = ok(api.get(f"/schemas/ids/{schema_id}"))
    assert same_schema(body["schema"], schema)
    assert body["schemaType"] == "AVRO"
    assert "maxId" not in body
    raw = api.get(f"/schemas/ids/{schema_id}/schema")
    assert raw.status_code == 200 and same_schema(raw.text, schema)
    assert ok(api.get(f"/schemas/ids/{schema_id}/subjects")) == [subject]
    assert ok(api.get(f"/schemas/ids/{schema_id}/versions")) == [{"subject": subject, "version": 1}]


def test_schema_id_shared_by_subjects(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject + "-1", schema)
    assert register(api, subject + "-2", schema) == schema_id
    assert sorted(ok(api.get(f"/schemas/ids/{schema_id}/subjects"))) == [subject + "-1", subject + "-2"]
    pairs = ok(api.get(f"/schemas/ids/{schema_id}/versions"))
    assert sorted(pairs, key=lambda p: p["subject"]) == [
        {"subject": subject + "-1", "version": 1},
        {"subject": subject + "-2", "version": 1},
    ]


def test_unknown_schema_id_is_40403(api):
    message = f"Schema {NO_SUCH_ID} not found"
    err(api.get(f"/schemas/ids/{NO_SUCH_ID}"), 40403, message)
    err(api.get(f"/schemas/ids/{NO_SUCH_ID}/schema"), 40403)
    err(api.get(f"/schemas/ids/{NO_SUCH_ID}/subjects"), 40403)
    err(api.get(f"/schemas/ids/{NO_SUCH_ID}/versions"), 40403)


def test_ids_survive_soft_delete_but_not_hard_delete(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    delete_subject(api, subject)
    assert same_schema(ok(api.get(f"/schemas/ids/{schema_id}"))["schema"], schema)
    raw = api.get(f"/schemas/ids/{schema_id}/schema")
    assert raw.status_code == 200 and same_schema(raw.text, schema)
    # Confluent: without deleted=true the soft-deleted usages are filtered out (an empty list, not 40403)
    assert ok(api.get(f"/schemas/ids/{schema_id}/subjects")) == []
    assert ok(api.get(f"/schemas/ids/{schema_id}/versions")) == []
    assert subject in ok(api.get(f"/schemas/ids/{schema_id}/subjects", params={"deleted": "true"}))
    assert {"subject": subject, "version": 1} in ok(
        api.get(f"/schemas/ids/{schema_id}/versions", params={"deleted": "true"}))
    delete_subject(api, subject, permanent=True)
    err(api.get(f"/schemas/ids/{schema_id}"), 40403)


def test_fetch_max_id(api, subject, rname):
    first = register(api, subject, record(rname, field("a", "int")))
    body = ok(api.get(f"/schemas/ids/{first}", params={"fetchMaxId": "true"}))
    assert body["maxId"] >= first
    second = register(api, subject + "-2", record(rname, field("b", "int")))
    assert ok(api.get(f"/schemas/ids/{first}", params={"fetchMaxId": "true"}))["maxId"] >= second > first


def test_schema_by_id_with_subject_parameter(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)
    body = ok(api.get(f"/schemas/ids/{schema_id}", params={"subject": subject}))
    assert same_schema(body["schema"], schema)
    assert ok(api.get(f"/schemas/ids/{schema_id}/subjects", params={"subject": subject})) == [subject]


def test_list_schemas_with_filters(api, subject, rname):
    set_level(api, subject + "-a", "NONE")
    a1 = register(api, subject + "-a", record(rname, field("a", "int")))
    a2 = register(api, subject + "-a", record(rname, field("b", "int")))
    b1 = register(api, subject + "-b", record(rname, field("c", "int")))
    c1 = register(api, subject + "-c", record(rname, field("d", "int")))
    delete_version(api, subject + "-c", 1)

    listed = ok(api.get("/schemas", params={"subjectPrefix": subject}))
    for item in listed:
        assert {"subject", "version", "id", "schema", "schemaType"} <= set(item), item
    triples = sorted((s["subject"], s["version"], s["id"]) for s in listed)
    assert triples == [(subject + "-a", 1, a1), (subject + "-a", 2, a2), (subject + "-b", 1, b1)]

    latest = ok(api.get("/schemas", params={"subjectPrefix": subject, "latestOnly": "true"}))
    assert sorted((s["subject"], s["version"]) for s in latest) == [(subject + "-a", 2), (subject + "-b", 1)]

    with_deleted = ok(api.get("/schemas", params={"subjectPrefix": subject, "deleted": "true"}))
    assert (subject + "-c", 1, c1) in [(s["subject"], s["version"], s["id"]) for s in with_deleted]
    assert len(with_deleted) == 4

    page1 = ok(api.get("/schemas", params={"subjectPrefix": subject, "offset": 0, "limit": 2}))
    page2 = ok(api.get("/schemas", params={"subjectPrefix": subject, "offset": 2, "limit": 2}))
    assert len(page1) == 2 and len(page2) == 1
    paged = sorted((s["subject"], s["version"]) for s in page1 + page2)
    assert paged == [(subject + "-a", 1), (subject + "-a", 2), (subject + "-b", 1)]
    assert ok(api.get("/schemas", params={"subjectPrefix": subject + "-nothing"})) == []


def test_list_schemas_latest_only_with_deleted_and_pages(api, subject, rname):
    """latestOnly keeps each subject's newest version among those the other filters keep; pages come after."""
    for suffix in ("-a", "-b", "-c"):
        set_level(api, subject + suffix, "NONE")
        register(api, subject + suffix, record(rname, field("x", "int")))
        register(api, subject + suffix, record(rname, field("y", "int")))
    delete_version(api, subject + "-b", 2)

    def listed(**params):
        found = ok(api.get("/schemas", params={"subjectPrefix": subject, "latestOnly": "true", **params}))
        return [(s["subject"].removeprefix(subject), s["version"]) for s in found]

    assert listed() == [("-a", 2), ("-b", 1), ("-c", 2)]
    assert listed(deleted="true") == [("-a", 2), ("-b", 2), ("-c", 2)]
    assert listed(offset=1, limit=1) == [("-b", 1)]
    assert listed(offset=2) == [("-c", 2)]
    assert listed(offset=3) == []


def test_subjects_and_versions_of_an_id_are_paginated(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject + "-1", schema)
    for suffix in ("-2", "-3"):
        assert register(api, subject + suffix, schema) == schema_id
    everything = ok(api.get(f"/schemas/ids/{schema_id}/subjects"))
    assert everything == [subject + "-1", subject + "-2", subject + "-3"]
    assert ok(api.get(f"/schemas/ids/{schema_id}/subjects", params={"offset": 1, "limit": 1})) == [subject + "-2"]
    versions = ok(api.get(f"/schemas/ids/{schema_id}/versions", params={"offset": 2}))
    assert versions == [{"subject": subject + "-3", "version": 1}]
    assert ok(api.get(f"/schemas/ids/{schema_id}/versions", params={"limit": 2})) == [
        {"subject": subject + "-1", "version": 1},
        {"subject": subject + "-2", "version": 1},
    ]


def test_java_client_lookups_answer_the_subject_and_version(api, subject, rname):
    """Confluent's Java client asks /schemas/ids/{id}?fetchMaxId=false&subject=...: the bare path's answer with
    the subject and its version (Confluent 7.x+), and gone with the schema; other parameters still count."""
    schema_id = register(api, subject, record(rname, field("a", "int")))
    bare = ok(api.get(f"/schemas/ids/{schema_id}"))
    assert "subject" not in bare and "version" not in bare
    for _ in range(2):  # the bare path's second answer comes from the cache the first one filled
        asked = ok(api.get(f"/schemas/ids/{schema_id}", params={"fetchMaxId": "false", "subject": subject}))
        assert asked == {"subject": subject, "version": 1, **bare}
        assert ok(api.get(f"/schemas/ids/{schema_id}", params={"fetchMaxId": "false"})) == bare
        assert ok(api.get(f"/subjects/{subject}/versions/latest", params={"deleted": "false"}))["id"] == schema_id
    assert ok(api.get(f"/schemas/ids/{schema_id}", params={"fetchMaxId": "true"}))["maxId"] >= schema_id
    delete_subject(api, subject)
    err(api.get(f"/subjects/{subject}/versions/latest", params={"deleted": "false"}), 40401)
    delete_subject(api, subject, permanent=True)
    err(api.get(f"/schemas/ids/{schema_id}", params={"fetchMaxId": "false", "subject": subject}), 40403)
