"""Listings show only what the caller may read; the audit log holds exactly the writes made, with who made
them and how they ended (live registry, authentication on; and off, where writes are `anonymous`)."""

from __future__ import annotations

import json
import uuid

import httpx

from tests.security.conftest import Secured


def schema(name: str) -> dict[str, str]:
    return {"schema": json.dumps({"type": "record", "name": name, "fields": []})}


def test_listings_show_only_the_readable_subjects(secured: Secured) -> None:
    tag = uuid.uuid4().hex[:8]
    mine, theirs = f"sec-a-{tag}", f"sec-b-{tag}"
    with secured.client("ann") as ann:
        shared = ann.post(f"/subjects/{mine}/versions", json=schema(f"Shared{tag}")).json()["id"]
        assert ann.post(f"/subjects/{theirs}/versions", json=schema(f"Shared{tag}")).json()["id"] == shared
        private = ann.post(f"/subjects/{theirs}-p/versions", json=schema(f"Private{tag}")).json()["id"]
        assert {mine, theirs} <= set(ann.get("/subjects").json())
    with secured.client("ria") as ria:  # reads sec-a-* only
        listed = ria.get("/subjects").json()
        assert mine in listed and all(name.startswith("sec-a-") for name in listed)
        assert ria.get("/subjects", params={"subjectPrefix": f"sec-b-{tag}"}).json() == []
        assert ria.get("/subjects", params={"subjectPrefix": mine}).json() == [mine]
        versions = ria.get("/schemas", params={"subjectPrefix": "sec-"}).json()
        assert {v["subject"] for v in versions} == {v for v in listed}
        assert ria.get(f"/schemas/ids/{shared}/subjects").json() == [mine]
        assert ria.get(f"/schemas/ids/{shared}/versions").json() == [{"subject": mine, "version": 1}]
        assert ria.get(f"/schemas/ids/{shared}").status_code == 200  # used by a subject she reads
        hidden = [ria.get(f"/schemas/ids/{private}{end}") for end in ("/subjects", "/versions")]
        assert [(h.status_code, h.json()["error_code"]) for h in hidden] == [(404, 40403)] * 2
        assert ria.get(f"/schemas/ids/{private}").json()["error_code"] == 40301
        paged = ria.get("/subjects", params={"limit": 1, "offset": 0}).json()
        assert paged == listed[:1]
    with secured.client("ann") as ann:
        ann.post(f"/subjects/:.sec-ctx-{tag}:sec-a-x/versions", json=schema(f"Ctx{tag}")).raise_for_status()
        assert f".sec-ctx-{tag}" in ann.get("/contexts").json()
    with secured.client("ria") as ria:
        assert f".sec-ctx-{tag}" not in ria.get("/contexts").json()  # its subject is not hers


def test_a_schema_by_id_follows_the_subjects_that_use_it(secured: Secured) -> None:
    """Whether a restricted reader may fetch a schema changes with the subjects using it, at once."""
    tag = uuid.uuid4().hex[:8]
    with secured.client("ann") as ann, secured.client("ria") as ria:
        schema_id = ann.post(f"/subjects/sec-b-{tag}/versions", json=schema(f"Moving{tag}")).json()["id"]
        assert [ria.get(f"/schemas/ids/{schema_id}").status_code for _ in range(2)] == [403, 403]
        ann.post(f"/subjects/sec-a-{tag}/versions", json=schema(f"Moving{tag}")).raise_for_status()
        assert [ria.get(f"/schemas/ids/{schema_id}").status_code for _ in range(2)] == [200, 200]
        ann.delete(f"/subjects/sec-a-{tag}").raise_for_status()
        ann.delete(f"/subjects/sec-a-{tag}", params={"permanent": "true"}).raise_for_status()
        assert ria.get(f"/schemas/ids/{schema_id}").status_code == 403


def audit_of(secured: Secured, subject: str) -> list[tuple[str, str, str, int]]:
    with secured.client("ann") as ann:
        entries = ann.get("/audit", params={"subject": subject}).raise_for_status().json()
    return [(e["principal"], e["method"], e["path"], e["status"]) for e in entries]


def test_the_audit_log_holds_exactly_the_writes_made(secured: Secured, subject: str) -> None:
    token = {"Authorization": "Bearer " + secured.issuer.token("wes")}
    with httpx.Client(base_url=secured.url, headers=token) as wes, secured.client("ann") as ann, \
            secured.client("rae") as rae:
        assert wes.post(f"/subjects/{subject}/versions", json=schema("A")).status_code == 200
        assert wes.get(f"/subjects/{subject}/versions/1").status_code == 200  # reads are not recorded
        assert wes.post(f"/compatibility/subjects/{subject}/versions", json=schema("A")).status_code == 200
        assert rae.delete(f"/subjects/{subject}").status_code == 403  # refused writes are recorded too
        assert ann.put(f"/config/{subject}", json={"compatibility": "NONE"}).status_code == 200
        assert ann.put(f"/mode/{subject}", json={"mode": "READONLY"}).status_code == 200
        assert wes.post(f"/subjects/{subject}/versions", json=schema("B")).status_code == 422  # read-only now
        assert ann.delete(f"/mode/{subject}").status_code == 200
        assert ann.delete(f"/subjects/{subject}", params={"permanent": "false"}).status_code == 200
        assert httpx.delete(f"{secured.url}/subjects/{subject}").status_code == 401  # nobody: not recorded
    assert audit_of(secured, subject) == [
        ("wes", "POST", f"/subjects/{subject}/versions", 200),
        ("rae", "DELETE", f"/subjects/{subject}", 403),
        ("ann", "PUT", f"/config/{subject}", 200),
        ("ann", "PUT", f"/mode/{subject}", 200),
        ("wes", "POST", f"/subjects/{subject}/versions", 422),
        ("ann", "DELETE", f"/mode/{subject}", 200),
        ("ann", "DELETE", f"/subjects/{subject}?permanent=false", 200),
    ]


def test_a_read_falls_back_only_to_a_subject_the_caller_may_read(secured: Secured, subject: str) -> None:
    """`sec-x` read by a caller of `sec-*` finds `:.ctx:sec-x` only if it may read that one too (not rae)."""
    elsewhere = f":.sec-fb-{uuid.uuid4().hex[:8]}:{subject}"
    with secured.client("ann") as ann, secured.client("rae") as rae:
        ann.post(f"/subjects/{elsewhere}/versions", json=schema("F")).raise_for_status()
        for _ in range(2):  # the router's answer, then a second ask (nothing of another context is kept)
            assert ann.get(f"/subjects/{subject}/versions/1").json()["subject"] == elsewhere
            assert rae.get(f"/subjects/{subject}/versions/1").json()["error_code"] == 40401
        assert ann.post(f"/subjects/{subject}", json=schema("F")).json()["subject"] == elsewhere
        assert rae.post(f"/subjects/{subject}", json=schema("F")).json()["error_code"] == 40401
        assert rae.get(f"/subjects/{subject}/versions/1/schema").status_code == 404


def test_deleting_a_context_needs_the_global_admin_role_and_is_audited(secured: Secured, subject: str) -> None:
    path = f"/contexts/.sec-gone-{subject[-8:]}"
    with secured.client("ann") as ann, secured.client("rae") as rae:
        assert rae.delete(path).status_code == 403
        assert ann.delete(path).status_code == 204
        entries = ann.get("/audit", params={"principal": "ann"}).raise_for_status().json()
        refused = ann.get("/audit", params={"principal": "rae"}).raise_for_status().json()
    assert [(e["method"], e["status"]) for e in entries if e["path"] == path] == [("DELETE", 204)]
    assert [(e["method"], e["status"]) for e in refused if e["path"] == path] == [("DELETE", 403)]


def test_the_audit_log_filters_by_principal_and_time(secured: Secured, subject: str) -> None:
    with secured.client("ann") as ann:
        ann.post(f"/subjects/{subject}/versions", json=schema("A")).raise_for_status()
        first = ann.get("/audit", params={"subject": subject}).json()[0]
        ann.put(f"/config/{subject}", json={"compatibility": "FULL"}).raise_for_status()
        later = ann.get("/audit", params={"subject": subject, "since": first["time"]}).json()
        assert [e["method"] for e in later] == ["POST", "PUT"]
        assert ann.get("/audit", params={"subject": subject, "until": first["time"]}).json() == []
        assert ann.get("/audit", params={"subject": subject, "principal": "wes"}).json() == []
        assert ann.get("/audit", params={"subject": subject, "after": first["id"]}).json() == later[1:]
        bad = ann.get("/audit", params={"since": "yesterday"})
        assert (bad.status_code, bad.json()["error_code"]) == (422, 422)
        assert "'since' must be an ISO 8601 time" in bad.json()["message"]


def test_without_authentication_writes_are_recorded_as_anonymous(registry_url: str, subject: str) -> None:
    """On both back ends (the migration included)."""
    with httpx.Client(base_url=registry_url) as client:
        client.post(f"/subjects/{subject}/versions", json=schema("A")).raise_for_status()
        client.delete(f"/subjects/{subject}/versions/1").raise_for_status()
        entries = client.get("/audit", params={"subject": subject}).json()
    assert [(e["principal"], e["method"], e["status"]) for e in entries] == [
        ("anonymous", "POST", 200), ("anonymous", "DELETE", 200)]
