"""Access through a subject's alias is decided on the subject served, the aliased one: an alias reaches nothing
its caller may not read, and a caller who may read a subject reads it through any alias (live registry,
authentication on)."""

from __future__ import annotations

import json
import uuid

import httpx

from tests.security.conftest import Secured


def schema(name: str) -> dict[str, str]:
    return {"schema": json.dumps({"type": "record", "name": name, "fields": []})}


def _refused(response: httpx.Response) -> bool:
    return response.status_code == 403 and response.json()["error_code"] == 40301


def _aliased(secured: Secured, alias: str, target: str) -> int:
    """`target` registered (its id) and `alias` made its alias, by the admin."""
    with secured.client("ann") as ann:
        registered = ann.post(f"/subjects/{target}/versions", json=schema(f"R{uuid.uuid4().hex}"))
        ann.put(f"/config/{alias}", json={"alias": target}).raise_for_status()
    return int(registered.json()["id"])


def test_an_alias_of_a_subject_the_caller_may_not_read_is_refused(secured: Secured) -> None:
    tag = uuid.uuid4().hex[:8]
    alias, secret = f"sec-a-{tag}-alias", f"other-{tag}-secret"
    _aliased(secured, alias, secret)
    with secured.client("ria") as ria:  # reads sec-a-* only
        for _ in range(2):  # the second time past the cache of granted requests
            refused = ria.get(f"/subjects/{alias}/versions/1")
            assert _refused(refused), refused.text
            assert secret in refused.json()["message"]
        assert _refused(ria.get(f"/subjects/{alias}/versions"))
        assert _refused(ria.post(f"/subjects/{alias}", json=schema("Anything")))
        # the alias's own config is hers to read
        assert ria.get(f"/config/{alias}").json() == {"alias": secret}


def test_a_granted_read_is_checked_again_once_the_subject_becomes_an_alias(secured: Secured) -> None:
    tag = uuid.uuid4().hex[:8]
    hers, secret = f"sec-a-{tag}", f"other-{tag}-secret"
    with secured.client("ann") as ann:
        ann.post(f"/subjects/{hers}/versions", json=schema(f"Hers{tag}")).raise_for_status()
        ann.post(f"/subjects/{secret}/versions", json=schema(f"Secret{tag}")).raise_for_status()
    with secured.client("ria") as ria, secured.client("ann") as ann:
        for _ in range(2):
            assert ria.get(f"/subjects/{hers}/versions/1").json()["subject"] == hers
        ann.put(f"/config/{hers}", json={"alias": secret}).raise_for_status()
        assert _refused(ria.get(f"/subjects/{hers}/versions/1"))
        ann.delete(f"/config/{hers}").raise_for_status()
        assert ria.get(f"/subjects/{hers}/versions/1").json()["subject"] == hers


def test_a_subject_the_caller_may_read_is_read_through_any_alias(secured: Secured) -> None:
    tag = uuid.uuid4().hex[:8]
    hers, alias = f"sec-a-{tag}", f"other-{tag}-alias"
    _aliased(secured, alias, hers)
    with secured.client("ria") as ria:
        assert ria.get(f"/subjects/{alias}/versions/1").json()["subject"] == hers
        assert _refused(ria.get(f"/config/{alias}"))  # the alias's own settings are not hers


def test_the_subject_of_a_lookup_by_id_is_checked_through_its_alias(secured: Secured) -> None:
    """`?subject=` picks the context an id is read in: through an alias, the aliased subject's context."""
    tag = uuid.uuid4().hex[:8]
    context = f".sec-alias-{tag}"
    alias, inside = f"sec-a-{tag}-alias", f":{context}:other-{tag}"
    inside_id = _aliased(secured, alias, inside)
    with secured.client("ria") as ria:
        for path in (f"/schemas/ids/{inside_id}", f"/schemas/ids/{inside_id}/schema"):
            refused = ria.get(path, params={"subject": alias})
            assert _refused(refused), (path, refused.text)
