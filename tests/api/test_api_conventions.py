"""Wire conventions: content types, error body shape, root endpoints, unknown fields, schemaType defaults."""

from __future__ import annotations

import json

import pytest

from .helpers import (
    V1_JSON,
    assert_error_shape,
    err,
    field,
    get_version,
    ok,
    post_schema,
    record,
    register,
    seg,
)

REQUEST_TYPES = [
    "application/vnd.schemaregistry.v1+json",
    "application/vnd.schemaregistry+json",
    "application/json",
    "application/octet-stream",
    "application/vnd.schemaregistry.v1+json; charset=utf-8",
    "application/json; charset=UTF-8",
    None,
]


def test_root_get_and_post_answer_empty_object(api):
    assert ok(api.get("/")) == {}
    assert ok(api.post("/", json={})) == {}


def test_responses_use_the_schema_registry_content_type(api, subject, rname):
    schema = record(rname, field("a", "int"))
    answers = [
        api.get("/"),
        api.get("/subjects"),
        api.get("/config"),
        api.get("/mode"),
        api.get("/schemas/types"),
        post_schema(api, subject, schema),
        api.get(f"/subjects/{seg(subject)}/versions"),
        api.get(f"/subjects/{seg(subject)}/versions/latest"),
        api.get(f"/subjects/{seg(subject)}/versions/1/schema"),
        api.post(f"/compatibility/subjects/{seg(subject)}/versions/latest", json={"schema": schema}),
        api.delete(f"/subjects/{seg(subject)}/versions/1"),
        api.delete(f"/subjects/{seg(subject)}"),
        api.get(f"/subjects/{seg(subject + '-missing')}/versions"),  # an error answer too
        post_schema(api, subject, "{"),  # and a 422
    ]
    for resp in answers:
        assert resp.headers.get("content-type", "").startswith(V1_JSON), (resp.request.url, resp.headers)


@pytest.mark.parametrize("content_type", REQUEST_TYPES, ids=lambda t: t or "no-content-type")
def test_request_content_types_are_accepted(api, subject, rname, content_type):
    schema = record(rname, field("a", "string"))
    headers = {"Content-Type": content_type} if content_type else {}
    body = json.dumps({"schema": schema}).encode()
    first = ok(api.post(f"/subjects/{seg(subject)}/versions", content=body, headers=headers))
    assert isinstance(first["id"], int)
    # lookup, compatibility and config take the same content types
    found = ok(api.post(f"/subjects/{seg(subject)}", content=body, headers=headers))
    assert found["id"] == first["id"] and found["version"] == 1
    compat = ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions/latest", content=body, headers=headers))
    assert compat["is_compatible"] is True
    cfg = json.dumps({"compatibility": "FULL"}).encode()
    ok(api.put(f"/config/{seg(subject)}", content=cfg, headers=headers))
    assert ok(api.get(f"/config/{seg(subject)}"))["compatibilityLevel"] == "FULL"


@pytest.mark.parametrize(
    "accept",
    [
        "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json",
        "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5",
        "application/json",
        "*/*",
    ],
)
def test_client_accept_headers_are_served(api, accept):
    resp = api.get("/subjects", headers={"Accept": accept})
    assert isinstance(ok(resp), list)


def test_error_body_shape_and_status_from_code(api, subject):
    resp = api.get(f"/subjects/{seg(subject)}/versions")
    body = err(resp, 40401, f"Subject '{subject}' not found.")
    assert set(body) == {"error_code", "message"}
    assert resp.status_code == 404


def test_unknown_path_is_a_json_404(api):
    resp = api.get("/no/such/endpoint")
    assert resp.status_code == 404
    assert_error_shape(resp)


def test_unknown_json_fields_are_ignored(api, subject, rname):
    schema = record(rname, field("a", "int"))
    body = {"schema": schema, "someFutureField": {"x": [1, 2]}, "another": None}
    first = ok(api.post(f"/subjects/{seg(subject)}/versions", json=body))
    found = ok(api.post(f"/subjects/{seg(subject)}", json=body))
    assert found["id"] == first["id"]
    ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions/latest", json=body))
    ok(api.put(f"/config/{seg(subject)}", json={"compatibility": "NONE", "unknownKnob": True}))
    ok(api.put(f"/mode/{seg(subject)}", json={"mode": "READWRITE", "unknownKnob": 1}))


def test_schema_type_defaults_to_avro_and_is_returned(api, subject, rname):
    schema = record(rname, field("a", "int"))
    schema_id = register(api, subject, schema)  # no schemaType in the request
    # an explicit AVRO is the same schema
    assert register(api, subject, schema, schema_type="AVRO") == schema_id
    assert get_version(api, subject, 1)["schemaType"] == "AVRO"
    assert ok(api.get(f"/schemas/ids/{schema_id}"))["schemaType"] == "AVRO"
    found = ok(api.post(f"/subjects/{seg(subject)}", json={"schema": schema}))
    assert found["schemaType"] == "AVRO"
    listed = ok(api.get("/schemas", params={"subjectPrefix": subject}))
    assert [s["schemaType"] for s in listed] == ["AVRO"]


def test_null_and_empty_fields_are_left_out(api, subject, rname):
    schema_id = register(api, subject, record(rname, field("a", "int")))
    for body in (get_version(api, subject, 1), ok(api.get(f"/schemas/ids/{schema_id}"))):
        assert None not in body.values(), body
        assert "references" not in body, body  # no references: key left out, not [] / null


def test_boolean_query_parameters_accept_python_client_spelling(api, subject, rname):
    """confluent-kafka's Python client sends `normalize=False`, `deleted=True` (capitalised)."""
    schema = record(rname, field("a", "int"))
    ok(api.post(f"/subjects/{seg(subject)}/versions?normalize=False", json={"schema": schema}))
    ok(api.delete(f"/subjects/{seg(subject)}/versions/1"))
    found = ok(api.post(f"/subjects/{seg(subject)}?normalize=False&deleted=True", json={"schema": schema}))
    assert found["version"] == 1
    assert ok(api.get(f"/subjects/{seg(subject)}/versions?deleted=True")) == [1]


def test_schema_types(api):
    types = ok(api.get("/schemas/types"))
    assert isinstance(types, list)
    assert sorted(types) == ["AVRO", "JSON", "PROTOBUF"]


def test_server_metadata(api):
    cluster = ok(api.get("/v1/metadata/id"))
    assert isinstance(cluster, dict) and "id" in cluster and "scope" in cluster, cluster
    version = ok(api.get("/v1/metadata/version"))
    assert isinstance(version, dict), version
    assert isinstance(version.get("version"), str) and version["version"], version
    assert "commitId" in version, version


def test_unsupported_method_is_a_json_405(api):
    resp = api.request("PATCH", "/subjects")
    assert resp.status_code == 405
    assert_error_shape(resp)


def test_null_optional_request_fields_mean_absent(api, subject, rname):
    schema = record(rname, field("a", "int"))
    body = {"schema": schema, "schemaType": None, "references": None, "metadata": None, "ruleSet": None}
    schema_id = ok(api.post(f"/subjects/{seg(subject)}/versions", json=body))["id"]
    assert get_version(api, subject, 1)["schemaType"] == "AVRO"
    assert ok(api.post(f"/subjects/{seg(subject)}", json=body))["id"] == schema_id
    assert ok(api.post(f"/compatibility/subjects/{seg(subject)}/versions/latest", json=body))["is_compatible"] is True


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x"])
def test_foreign_content_types_never_500(api, subject, rname, content_type):
    body = json.dumps({"schema": record(rname, field("a", "int"))}).encode()
    resp = api.post(f"/subjects/{seg(subject)}/versions", content=body, headers={"Content-Type": content_type})
    assert resp.status_code < 500, resp.text
    if resp.status_code >= 400:
        assert_error_shape(resp)
