"""With authentication on, the fast path runs behind content negotiation: its answers carry `Vary: Accept`
once, as the router's do."""

from __future__ import annotations

import json

from tests.security.conftest import Secured


def test_cached_and_rendered_answers_vary_by_accept_once(secured: Secured, subject: str) -> None:
    schema = json.dumps({"type": "record", "name": "V", "fields": [{"name": "a", "type": "int"}]})
    with secured.client("ann") as http:
        schema_id = http.post(f"/subjects/{subject}/versions", json={"schema": schema}).json()["id"]
        for path in (f"/schemas/ids/{schema_id}", f"/subjects/{subject}/versions/1"):
            for accept in ("application/vnd.schemaregistry.v1+json", "application/json"):
                for _ in range(2):  # the router's answer, then the fast path's
                    resp = http.get(path, headers={"Accept": accept})
                    assert resp.status_code == 200 and resp.headers["content-type"] == accept
                    assert resp.headers.get_list("vary") == ["Accept"], (path, resp.headers)
            tag = http.get(path).headers.get("etag")
            if tag:
                unchanged = http.get(path, headers={"If-None-Match": tag})
                assert unchanged.status_code == 304 and unchanged.headers.get_list("vary") == ["Accept"]
