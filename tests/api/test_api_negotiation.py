"""Content negotiation, trailing slashes and path ids as Confluent's REST layer answers them."""

from __future__ import annotations

import json

import pytest

from .helpers import V1_JSON, err, field, ok, post_schema, record, register, seg, versions


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        ("application/json", "application/json"),
        ("application/vnd.schemaregistry+json", "application/vnd.schemaregistry+json"),
        ("*/*", V1_JSON),
        ("application/*", V1_JSON),
        ("application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json", V1_JSON),
        ("application/json, application/vnd.schemaregistry.v1+json;q=0.5", "application/json"),
        ("text/html, application/json;q=0.1", "application/json"),
        ("application/json; charset=utf-8", "application/json"),
        (", ".join([*(f"text/x-{n}" for n in range(100)), "application/json"]), "application/json"),  # not kept
    ],
)
def test_the_answer_has_the_type_the_accept_header_prefers(api, subject, rname, accept, answered):
    register(api, subject, record(rname, field("a", "int")))
    for resp in (api.get("/subjects", headers={"Accept": accept}),
                 api.get(f"/subjects/{seg(subject)}/versions/1", headers={"Accept": accept}),
                 api.get(f"/subjects/{seg(subject)}/versions/1", headers={"Accept": accept}),  # a cached answer
                 api.get(f"/subjects/{seg(subject)}-missing/versions", headers={"Accept": accept})):
        assert resp.headers["content-type"].split(";")[0] == answered, (resp.request.url, resp.headers)


@pytest.mark.parametrize(
    "accept", ["text/html", "application/xml, text/plain", "application/json;q=0", "garbage", "application/json;q=0."]
)
def test_an_accept_nothing_satisfies_is_406(api, accept):
    refused = api.get("/subjects", headers={"Accept": accept})
    err(refused, 406, "HTTP 406 Not Acceptable")
    assert refused.headers.get_list("vary") == ["Accept"]


@pytest.mark.parametrize(
    "accept",
    ["application/json;q=abc", "text/html;q=2, application/json", "application/json;charset", "/json", "application/"],
)
def test_an_accept_jersey_cannot_parse_is_400(api, subject, rname, accept):
    register(api, subject, record(rname, field("a", "int")))
    for path in ("/subjects", f"/subjects/{seg(subject)}/versions/1", f"/subjects/{seg(subject)}/versions/1"):
        err(api.get(path, headers={"Accept": accept}), 400, "HTTP 400 Bad Request")


def test_an_accept_of_a_type_alone_or_a_leading_dot_q_value_is_read_as_jersey_reads_it(api):
    # What Java's HttpURLConnection sends by default: `*` for `*/*`, `q=.2`.
    accept = "text/html, image/gif, image/jpeg, *; q=.2, */*; q=.2"
    resp = api.get("/subjects", headers={"Accept": accept})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith(V1_JSON)
    preferred = "application/json;q=1.000, application/vnd.schemaregistry+json;q=.9"
    resp = api.get("/subjects", headers={"Accept": preferred})
    assert resp.headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("accept", [None, "application/json", "application/vnd.schemaregistry.v1+json"])
def test_answers_whose_type_depends_on_accept_say_so(api, subject, rname, accept):
    schema_id = register(api, subject, record(rname, field("a", "int")))
    headers = {"Accept": accept} if accept else {}
    paths = ["/subjects", f"/subjects/{seg(subject)}/versions/1", f"/schemas/ids/{schema_id}",
             f"/schemas/ids/{schema_id}/schema", f"/subjects/{seg(subject)}-missing/versions"]
    for path in paths:
        for _ in range(2):  # the router's answer, then the fast path's (where it keeps one)
            resp = api.get(path, headers=headers)
            assert resp.headers.get_list("vary") == ["Accept"], (path, resp.headers)
    for path in ("/metrics", "/health", "/ui/"):  # their own types, whatever the Accept
        assert "vary" not in api.get(path, headers=headers).headers, path


def test_metrics_keep_their_own_type(api):
    resp = api.get("/metrics", headers={"Accept": "text/plain"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x"])
def test_an_unsupported_body_type_is_415_and_nothing_is_written(api, subject, rname, content_type):
    body = json.dumps({"schema": record(rname, field("a", "int"))}).encode()
    resp = api.post(f"/subjects/{seg(subject)}/versions", content=body, headers={"Content-Type": content_type})
    err(resp, 415, "HTTP 415 Unsupported Media Type")
    err(api.get(f"/subjects/{seg(subject)}/versions"), 40401)


def test_a_body_charset_is_honoured(api, subject, rname):
    schema = record(rname, field("a", "int", doc="caf\u00e9"))
    body = json.dumps({"schema": schema}, ensure_ascii=False).encode("latin-1")
    resp = api.post(f"/subjects/{seg(subject)}/versions", content=body,
                    headers={"Content-Type": "application/json; charset=ISO-8859-1"})
    ok(resp)
    stored = ok(api.get(f"/subjects/{seg(subject)}/versions/1"))
    assert json.loads(stored["schema"])["fields"][0]["doc"] == "caf\u00e9"
    unknown = api.post(f"/subjects/{seg(subject)}/versions", content=body,
                       headers={"Content-Type": "application/json; charset=no-such-charset"})
    err(unknown, 400)


@pytest.mark.parametrize("name_suffix", ["", "/with/slashes"])
def test_trailing_slashes_are_served_without_a_redirect(api, subject, rname, name_suffix):
    name = subject + name_suffix
    schema = record(rname, field("a", "int"))
    resp = api.post(f"/subjects/{seg(name)}/versions/", json={"schema": schema})
    assert resp.status_code == 200, resp.text  # never a 307 that drops the body or changes the subject
    assert versions(api, name) == [1]
    check = api.post(f"/compatibility/subjects/{seg(name)}/versions/", json={"schema": schema})
    assert ok(check)["is_compatible"] is True
    assert ok(api.get(f"/subjects/{seg(name)}/versions/")) == [1]
    assert name in ok(api.get("/subjects/", params={"subjectPrefix": subject}))


def test_a_non_numeric_schema_id_is_a_plain_404(api, subject, rname):
    schema_id = register(api, subject, record(rname, field("a", "int")))
    for bad in ("invalid", "1.5", "99999999999", f"{schema_id}x"):
        err(api.get(f"/schemas/ids/{bad}"), 404, "HTTP 404 Not Found")
    err(api.get("/schemas/ids/0"), 40403)
    assert ok(api.get(f"/schemas/ids/{schema_id}"))["schemaType"] == "AVRO"
    err(post_schema(api, subject, "{"), 42201)  # other errors keep their codes
