"""Without security the fast path answers plain cached lookups before every other layer: what those layers
would do to a request must still happen to every request they would change (negotiation, raw-path decoding)."""

from __future__ import annotations

import httpx

from .helpers import field, record, register, seg


def test_a_cached_lookup_is_still_negotiated(api: httpx.Client, subject: str, rname: str) -> None:
    schema_id = register(api, subject, record(rname, field("a", "int")))
    path = f"/schemas/ids/{schema_id}"
    plain = [api.get(path) for _ in range(3)][-1]  # cached by now
    assert plain.status_code == 200 and plain.headers["content-type"] == "application/vnd.schemaregistry.v1+json"
    refused = api.get(path, headers={"Accept": "text/html"})
    assert refused.status_code == 406, refused.text
    as_json = api.get(path, headers={"Accept": "application/json"})
    assert as_json.status_code == 200 and as_json.headers["content-type"] == "application/json"
    assert as_json.content == plain.content
    twice = api.get(path, headers=[("Accept", "text/html"), ("Accept", "application/json")])
    assert twice.status_code == 200 and twice.headers["content-type"] == "application/json"


def test_an_escaped_path_is_decoded_before_the_cache_answers(api: httpx.Client, subject: str, rname: str) -> None:
    slashed = f"{subject}/team"
    register(api, slashed, record(rname, field("a", "int")))
    versions = f"/subjects/{seg(slashed)}/versions/1"
    first = [api.get(versions) for _ in range(3)][-1]
    assert first.status_code == 200 and first.json()["subject"] == slashed
    stand_in = api.get(f"/subjects/{subject}%EE%80%80team/versions/1")  # the internal stand-in for %2F
    assert stand_in.status_code != 200 or stand_in.json().get("subject") != slashed, stand_in.text
