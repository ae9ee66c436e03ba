"""A schema by id is readable by who may read a subject using it in the context the request names: one id
may name a schema in each context (live registry, authentication on)."""

from __future__ import annotations

import json
import uuid

from tests.security.conftest import Secured


def schema(name: str) -> dict[str, str]:
    return {"schema": json.dumps({"type": "record", "name": name, "fields": []})}


def test_the_access_check_resolves_the_id_in_the_requests_context(secured: Secured) -> None:
    tag = uuid.uuid4().hex[:8]
    context, hers = f".sec-ids-{tag}", f"sec-a-{tag}"
    inside = f":{context}:sec-b-{tag}"
    with secured.client("ann") as ann:
        shared_id = ann.post(f"/subjects/{hers}/versions", json=schema(f"Hers{tag}")).json()["id"]
        ann.put(f"/mode/{inside}", json={"mode": "IMPORT"}).raise_for_status()
        body = {**schema(f"Other{tag}"), "id": shared_id, "version": 1}
        assert ann.post(f"/subjects/{inside}/versions", json=body).json()["id"] == shared_id
    with secured.client("ria") as ria:  # reads sec-a-* only
        assert ria.get(f"/schemas/ids/{shared_id}").status_code == 200
        assert ria.get(f"/schemas/ids/{shared_id}", params={"subject": hers}).json()["subject"] == hers
        for path, params in (
            (f"/schemas/ids/{shared_id}", {"subject": f":{context}:"}),
            (f"/schemas/ids/{shared_id}/schema", {"subject": inside}),
            (f"/contexts/{context}/schemas/ids/{shared_id}", {}),
        ):
            refused = ria.get(path, params=params)
            assert refused.status_code == 403 and refused.json()["error_code"] == 40301, (path, refused.text)
        hidden = ria.get(f"/schemas/ids/{shared_id}/subjects", params={"subject": f":{context}:"})
        assert (hidden.status_code, hidden.json()["error_code"]) == (404, 40403)
