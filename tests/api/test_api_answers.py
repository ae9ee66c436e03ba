"""What answers carry beyond the basics: deleted flags, registration time `ts`, Confluent 8's `guid` (and
GET /schemas/guids/{guid}), deletedOnly, referencedby?deleted=true, /v1/metadata/deployment."""

from __future__ import annotations

import json
import time
import uuid

from .helpers import delete_subject, delete_version, err, field, get_version, ok, post_schema, record, register, seg


def test_soft_deleted_versions_say_so_when_asked_for(api, subject, rname):
    register(api, subject, record(rname, field("a", "int")))
    register(api, subject, record(rname, field("a", "int"), field("b", "int", default=0)))
    delete_version(api, subject, 1)
    assert get_version(api, subject, 1, deleted="true")["deleted"] is True
    assert "deleted" not in get_version(api, subject, 2, deleted="true")
    listed = ok(api.get("/schemas", params={"subjectPrefix": subject, "deleted": "true"}))
    assert [(s["version"], s.get("deleted", False)) for s in listed] == [(1, True), (2, False)]
    assert all("deleted" not in s for s in ok(api.get("/schemas", params={"subjectPrefix": subject})))


def test_deleted_only_lists_subjects_whose_every_version_is_soft_deleted(api, subject, rname):
    gone, partly, live = f"{subject}-gone", f"{subject}-partly", f"{subject}-live"
    for name in (gone, partly, live):
        register(api, name, record(rname, field("a", "int")))
    register(api, partly, record(rname, field("a", "int"), field("b", "int", default=0)))
    delete_subject(api, gone)
    delete_version(api, partly, 1)
    assert ok(api.get("/subjects", params={"subjectPrefix": subject, "deletedOnly": "true"})) == [gone]


def test_answers_carry_ts_and_guid(api, subject, rname):
    before = int(time.time() * 1000)
    answer = ok(post_schema(api, subject, record(rname, field("a", "int"))))
    guid = answer["guid"]
    assert uuid.UUID(guid) and before - 5000 <= answer["ts"] <= int(time.time() * 1000) + 5000
    got = get_version(api, subject, 1)
    assert (got["guid"], got["ts"]) == (guid, answer["ts"])
    assert ok(api.get(f"/schemas/ids/{answer['id']}"))["guid"] == guid
    found = ok(api.post(f"/subjects/{seg(subject)}", json={"schema": record(rname, field("a", "int"))}))
    assert found["guid"] == guid
    by_guid = ok(api.get(f"/schemas/guids/{guid}"))
    assert by_guid["id"] == answer["id"] and by_guid["guid"] == guid
    assert json.loads(by_guid["schema"]) == json.loads(got["schema"])
    # the same schema under another subject is the same id, hence the same guid
    assert ok(post_schema(api, f"{subject}-2", record(rname, field("a", "int"))))["guid"] == guid
    err(api.get(f"/schemas/guids/{uuid.uuid4()}"), 40403)


def test_referenced_by_with_deleted_lists_soft_deleted_referrers(api, subject):
    ns = f"com.t{uuid.uuid4().hex[:10]}"
    address = json.dumps({"type": "record", "name": "Address", "namespace": ns,
                          "fields": [{"name": "street", "type": "string"}]})
    user = json.dumps({"type": "record", "name": "User", "namespace": ns,
                       "fields": [{"name": "addr", "type": f"{ns}.Address"}]})
    register(api, f"{subject}-addr", address)
    refs = [{"name": f"{ns}.Address", "subject": f"{subject}-addr", "version": 1}]
    user_id = register(api, f"{subject}-user", user, references=refs)
    delete_subject(api, f"{subject}-user")
    assert ok(api.get(f"/subjects/{seg(subject)}-addr/versions/1/referencedby")) == []
    assert ok(api.get(f"/subjects/{seg(subject)}-addr/versions/1/referencedby", params={"deleted": "true"})) == [
        user_id
    ]


def test_deployment_metadata(api):
    assert ok(api.get("/v1/metadata/deployment")) == {"attributes": ["opensource"]}
