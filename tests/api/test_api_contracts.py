"""Event contracts over HTTP: services' producer and consumer contracts, enforced on registration both ways."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.api.helpers import field, ok, record, seg


@pytest.fixture
def service() -> str:
    return f"svc-{uuid.uuid4().hex[:10]}"


@pytest.fixture(autouse=True)
def restore_enforcement(api: httpx.Client) -> Iterator[None]:
    yield
    api.delete("/contracts/enforcement")


def register(api: httpx.Client, subject: str, schema: str, **body: object) -> httpx.Response:
    return api.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema, **body})


def put_contract(api: httpx.Client, service: str, **body: object) -> httpx.Response:
    return api.put(f"/contracts/services/{service}", json=body)


def v1(name: str) -> str:
    return record(name, field("id", "string"), field("amount", "long"))


def without_amount(name: str) -> str:
    return record(name, field("id", "string"))


def test_contracts_round_trip(api: httpx.Client, subject: str, rname: str, service: str) -> None:
    ok(register(api, subject, v1(rname)))
    body = ok(put_contract(
        api, service, produces=[{"subject": subject}], consumes=[{"subject": subject, "schema": v1(rname)}]
    ))
    assert body["service"] == service
    assert body["produces"] == [{"service": service, "subject": subject, "topic": subject}]
    assert body["consumes"][0]["schemaType"] == "AVRO" and body["consumes"][0]["subject"] == subject
    assert ok(api.get(f"/contracts/services/{service}")) == body
    assert service in ok(api.get("/contracts/services"))
    by_subject = ok(api.get(f"/contracts/subjects/{seg(subject)}"))
    assert [c["service"] for c in by_subject["producers"]] == [service]
    assert [c["service"] for c in by_subject["consumers"]] == [service]
    # Replacing the contract replaces the whole set.
    ok(put_contract(api, service, produces=[{"subject": subject, "topic": "orders"}]))
    assert ok(api.get(f"/contracts/services/{service}"))["consumes"] == []
    assert ok(api.delete(f"/contracts/services/{service}"))["produces"][0]["topic"] == "orders"
    gone = api.get(f"/contracts/services/{service}")
    assert gone.status_code == 404 and gone.json()["error_code"] == 40470


def test_a_contract_on_the_default_context_spelling_is_on_the_subject(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    """A contract naming `:.:s` is on `s`, as every request naming a subject means it: registrations to `s`
    are checked against its reader."""
    ok(register(api, subject, v1(rname)))
    body = ok(put_contract(api, service, consumes=[{"subject": f":.:{subject}", "schema": v1(rname)}]))
    assert body["consumes"][0]["subject"] == subject
    assert [c["service"] for c in ok(api.get(f"/contracts/subjects/{seg(subject)}"))["consumers"]] == [service]
    refused = register(api, subject, without_amount(rname))
    assert refused.status_code == 409 and service in refused.json()["message"], refused.text


def test_a_consumer_blocks_a_producers_breaking_change(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    ok(register(api, subject, v1(rname)))
    ok(put_contract(api, service, consumes=[{"subject": subject, "schema": v1(rname)}]))
    # Dropping a field is BACKWARD compatible, but this consumer's reader needs `amount` (no default).
    refused = register(api, subject, without_amount(rname))
    assert refused.status_code == 409, refused.text
    body = refused.json()
    assert body["error_code"] == 409 and service in body["message"]
    [finding] = body["schemata"]["findings"]
    assert finding["consumer"] == service and finding["rule"] == "READER_FIELD_MISSING_DEFAULT_VALUE"
    assert finding["subject"] == subject and finding["path"] == "/fields/1"
    assert ok(api.get(f"/subjects/{seg(subject)}/versions")) == [1]  # nothing written
    # The compatibility endpoints answer the same, so CI checks see it before registration does.
    check = ok(api.post(
        f"/compatibility/subjects/{seg(subject)}/versions?verbose=true", json={"schema": without_amount(rname)}
    ))
    assert check["is_compatible"] is False
    assert check["schemata"]["consumers"]["consumers"] == [service]
    assert any(f"consumer:'{service}'" in m for m in check["messages"])
    # Made safe: keep writing `amount`; a new optional field is one the consumer's reader simply skips.
    safe = record(rname, field("id", "string"), field("amount", "long"), field("note", ["null", "string"],
                  default=None))
    assert ok(register(api, subject, safe))["version"] == 2


def test_warn_lets_a_breaking_change_through_and_reports_it(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    ok(register(api, subject, v1(rname)))
    ok(put_contract(api, service, consumes=[{"subject": subject, "schema": v1(rname)}]))
    assert ok(api.put(f"/contracts/enforcement/{seg(subject)}", json={"enforcement": "warn"})) == {
        "enforcement": "WARN"
    }
    before = _warned(api)
    answer = ok(register(api, subject, without_amount(rname)))
    assert answer["version"] == 2
    assert [w["consumer"] for w in answer["schemata"]["warnings"]] == [service]
    assert _warned(api) == before + 1
    ok(api.put(f"/contracts/enforcement/{seg(subject)}", json={"enforcement": "OFF"}))
    third = record(rname, field("id", "string"), field("other", "int", default=0))
    assert "schemata" not in ok(register(api, subject, third))


def _warned(api: httpx.Client) -> float:
    for line in api.get("/metrics").text.splitlines():
        if line.startswith('schemata_consumer_contract_breaks_total{outcome="warned"}'):
            return float(line.split()[-1])
    return 0.0


def test_the_consumer_side_check_refuses_a_reader_that_cannot_read_an_old_version(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    ok(register(api, subject, record(rname, field("id", "string"))))
    ok(register(api, subject, record(rname, field("id", "string"), field("b", "int", default=0))))
    reader = record(rname, field("id", "string"), field("b", "int"))  # cannot read version 1 (no b, no default)
    refused = put_contract(api, service, consumes=[{"subject": subject, "schema": reader}])
    assert refused.status_code == 409, refused.text
    [finding] = refused.json()["schemata"]["findings"]
    assert finding["oldVersion"] == 1 and finding["consumer"] == service
    assert api.get(f"/contracts/services/{service}").status_code == 404  # nothing half-written
    accepted = put_contract(api, service, consumes=[{"subject": subject, "schema": reader, "fromVersion": 2}])
    assert ok(accepted)["consumes"][0]["fromVersion"] == 2


def test_impact_names_the_consumers_a_change_would_break(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    ok(register(api, subject, v1(rname)))
    ok(put_contract(api, service, consumes=[{"subject": subject, "schema": v1(rname)}]))
    ok(api.put("/contracts/enforcement", json={"enforcement": "OFF"}))
    answer = ok(api.post(f"/contracts/subjects/{seg(subject)}/impact", json={"schema": without_amount(rname)}))
    assert answer["enforcement"] == "OFF" and answer["breaksConsumers"] is True
    assert answer["consumers"] == [service]
    fine = ok(api.post(f"/contracts/subjects/{seg(subject)}/impact", json={"schema": v1(rname)}))
    assert fine["breaksConsumers"] is False and fine["findings"] == []


@pytest.mark.parametrize(
    ("body", "status", "code", "words"),
    [
        ({"consumes": [{"subject": "S"}]}, 422, 42270, "reader 'schema'"),
        ({"consumes": [{"subject": "S", "schema": "{nope"}]}, 422, 42201, "Invalid schema"),
        ({"consumes": [{"subject": "S", "schema": '{"type":"string"}', "schemaType": "JSON"}]}, 422, 42201, "JSON"),
        ({"consumes": [{"subject": "S", "schema": '"string"', "fromVersion": 0}]}, 422, 42270, "fromVersion"),
        ({"produces": [{"subject": "bad\u0007subject"}]}, 422, 42208, "not a valid"),
        ({"produces": "S"}, 422, 42270, "must be a list"),
        ({"produces": [{"subject": "S"}, {"subject": "S"}]}, 422, 42270, "twice"),
        ({"provides": []}, 422, 42270, "Unknown contract field"),
        (
            {"consumes": [{"subject": "S", "schema": '"string"', "references": [{"name": "x", "subject": "nope",
                                                                                "version": 1}]}]},
            422, 42201, "nope",
        ),
    ],
)
def test_bad_contracts_are_refused_with_a_clear_error(
    api: httpx.Client, subject: str, service: str, body: dict[str, object], status: int, code: int, words: str
) -> None:
    ok(register(api, subject, '"string"'))
    resp = put_contract(api, service, **json.loads(json.dumps(body).replace('"S"', json.dumps(subject))))
    assert resp.status_code == status, resp.text
    assert resp.json()["error_code"] == code and words in resp.json()["message"]
    assert api.get(f"/contracts/services/{service}").status_code == 404


@pytest.mark.parametrize("name", [" ", "-leading", "has space", "x" * 129, "ünïcode", "a/b"])
def test_invalid_service_names(api: httpx.Client, name: str) -> None:
    for resp in (api.put(f"/contracts/services/{seg(name)}", json={"produces": []}),
                 api.get(f"/contracts/services/{seg(name)}")):
        assert resp.status_code == 422, resp.text
        assert resp.json()["error_code"] == 42270 and "Invalid service name" in resp.json()["message"]


def test_a_consumer_may_come_before_the_producer(api: httpx.Client, subject: str, rname: str, service: str) -> None:
    """A contract on a subject with no version yet waits for it: the first version is checked against it."""
    ok(put_contract(api, service, consumes=[{"subject": subject, "schema": v1(rname)}]))
    refused = register(api, subject, without_amount(rname))
    assert refused.status_code == 409 and refused.json()["schemata"]["findings"][0]["consumer"] == service
    other_type = register(api, subject, '{"type": "string"}', schemaType="JSON")
    assert other_type.status_code == 409
    assert other_type.json()["schemata"]["findings"][0]["rule"] == "SCHEMA_TYPE_CHANGED"
    assert ok(register(api, subject, v1(rname)))["version"] == 1


def test_enforcement_settings(api: httpx.Client, subject: str) -> None:
    assert ok(api.get("/contracts/enforcement")) == {"enforcement": "ENFORCE"}
    assert ok(api.get(f"/contracts/enforcement/{seg(subject)}")) == {"enforcement": "ENFORCE"}
    ok(api.put("/contracts/enforcement", json={"enforcement": "WARN"}))
    assert ok(api.get(f"/contracts/enforcement/{seg(subject)}")) == {"enforcement": "WARN"}
    bad = api.put("/contracts/enforcement", json={"enforcement": "SOMETIMES"})
    assert bad.status_code == 422 and bad.json()["error_code"] == 42270


def test_catalog_lists_topics_with_producers_and_consumers(
    api: httpx.Client, subject: str, rname: str, service: str
) -> None:
    topic_subject = f"{subject}-value"
    ok(register(api, topic_subject, v1(rname)))
    ok(put_contract(api, service, produces=[{"subject": topic_subject}]))
    reader_service = f"{service}-reader"
    ok(put_contract(api, reader_service, consumes=[{"subject": topic_subject, "schema": v1(rname)}]))
    topics = {t["topic"]: t for t in ok(api.get("/catalog"))["topics"]}
    entry = topics[subject]
    assert entry["producers"] == [service]
    assert entry["consumers"] == [{"service": reader_service, "subject": topic_subject}]
    assert entry["subjects"] == [{"subject": topic_subject, "version": 1, "id": entry["subjects"][0]["id"],
                                  "schemaType": "AVRO"}]
    document = ok(api.get("/asyncapi"))
    assert document["asyncapi"] == "3.0.0"
    channel = next(c for c in document["channels"].values() if c["address"] == subject)
    assert len(channel["messages"]) == 1
    actions = {(op["x-schemata-service"], op["action"]) for op in document["operations"].values()}
    assert {(service, "send"), (reader_service, "receive")} <= actions
    for name in (service, reader_service):
        api.delete(f"/contracts/services/{name}")
