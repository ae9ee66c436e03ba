"""Entity tags on a schema by id (`GET /schemas/ids/{id}` and its raw `/schema`): the same tag for the same
answer whether it is cached or not, 304 for an `If-None-Match` that names it, another tag for another answer
(a query variant, or an id that an import brought back with another schema after a permanent delete)."""

from __future__ import annotations

import httpx

from .helpers import err, field, ok, record, register, seg


def _tag(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    tag = response.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"') and len(tag) > 2, tag
    return tag


def test_the_tag_names_the_answer_and_if_none_match_gets_304(api: httpx.Client, subject: str, rname: str) -> None:
    schema_id = register(api, subject, record(rname, field("a", "int")))
    path = f"/schemas/ids/{schema_id}"
    first, cached = api.get(path), api.get(path)  # the router renders the first, the fast path the second
    tag = _tag(first)
    assert _tag(cached) == tag and cached.content == first.content
    for condition in (tag, f"W/{tag}", f'"other", {tag}', "*"):
        for _ in range(2):  # once from the router or the cache, once from the cache
            unchanged = api.get(path, headers={"If-None-Match": condition})
            assert unchanged.status_code == 304, (condition, unchanged.status_code)
            assert unchanged.content == b"" and unchanged.headers["etag"] == tag
            assert unchanged.headers.get_list("vary") == ["Accept"]  # as the 200 it stands for
    assert api.get(path, headers={"If-None-Match": '"other"'}).content == first.content
    java_client = api.get(path, params={"fetchMaxId": "false", "subject": subject})
    assert java_client.json()["subject"] == subject and _tag(java_client) != tag  # it names the subject too
    named = api.get(path, params={"subject": subject}, headers={"If-None-Match": _tag(java_client)})
    assert named.status_code == 304
    assert api.get(path, params={"subject": subject}, headers={"If-None-Match": tag}).status_code == 200


def test_other_answers_have_other_tags(api: httpx.Client, subject: str, rname: str) -> None:
    schema_id = register(api, subject, record(rname, field("a", "int")))
    path = f"/schemas/ids/{schema_id}"
    tags = {
        "plain": _tag(api.get(path)),
        "maxId": _tag(api.get(path, params={"fetchMaxId": "true"})),
        "raw": _tag(api.get(f"{path}/schema")),
    }
    assert len(set(tags.values())) == 3, tags
    raw = api.get(f"{path}/schema", headers={"If-None-Match": tags["raw"]})
    assert raw.status_code == 304 and raw.content == b"" and raw.headers.get_list("vary") == ["Accept"]
    assert api.get(f"{path}/schema", headers={"If-None-Match": tags["plain"]}).status_code == 200


def test_after_a_permanent_delete_the_tag_gets_404_and_a_reimported_id_another_tag(
    api: httpx.Client, subject: str, rname: str
) -> None:
    schema_id = register(api, subject, record(rname, field("a", "int")))
    path = f"/schemas/ids/{schema_id}"
    tag = _tag(api.get(path))
    api.get(path)  # cached
    ok(api.delete(f"/subjects/{seg(subject)}/versions/1"))
    ok(api.delete(f"/subjects/{seg(subject)}/versions/1", params={"permanent": "true"}))
    err(api.get(path, headers={"If-None-Match": tag}), 40403)
    err(api.get(f"{path}/schema", headers={"If-None-Match": tag}), 40403)
    imported = f"{subject}-imported"
    ok(api.put(f"/mode/{seg(imported)}", json={"mode": "IMPORT"}))
    try:
        body = {"schema": record(f"{rname}New", field("b", "string")), "id": schema_id, "version": 1}
        assert ok(api.post(f"/subjects/{seg(imported)}/versions", json=body))["id"] == schema_id
        again = api.get(path, headers={"If-None-Match": tag})
        assert _tag(again) != tag and f"{rname}New" in again.json()["schema"]
    finally:
        ok(api.delete(f"/mode/{seg(imported)}"))


def _schemas_cache_bytes(api: httpx.Client) -> float:
    """What the node's cache of schemas by id holds (its `schemata_cache_bytes` gauge)."""
    line = next(line for line in api.get("/metrics").text.splitlines()
                if line.startswith('schemata_cache_bytes{cache="schemas_by_id"}'))
    return float(line.rsplit(" ", 1)[1])


def test_the_raw_schema_is_kept_with_its_tag_until_its_id_is_deleted_for_good(
    api: httpx.Client, subject: str, rname: str
) -> None:
    schema_id = register(api, subject, record(rname, field("a", "int")))
    path = f"/schemas/ids/{schema_id}/schema"
    before = _schemas_cache_bytes(api)
    first = api.get(path)
    assert _schemas_cache_bytes(api) - before == len(first.content)  # kept, in the schemas' cache
    cached = api.get(path)
    assert cached.content == first.content and _tag(cached) == _tag(first)
    assert api.get(path, headers={"If-None-Match": _tag(first)}).status_code == 304
    named = api.get(path, params={"subject": subject})  # not kept: `subject` picks the context
    assert named.content == first.content and _schemas_cache_bytes(api) - before == len(first.content)
    ok(api.delete(f"/subjects/{seg(subject)}/versions/1"))
    assert api.get(path).content == first.content  # a soft delete leaves the id's schema
    ok(api.delete(f"/subjects/{seg(subject)}/versions/1", params={"permanent": "true"}))
    err(api.get(path), 40403)
