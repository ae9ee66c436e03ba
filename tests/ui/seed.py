"""The sample e-commerce flow of sample_schemas/, registered over HTTP as a user would: each event's v1, the
services' contracts from sample_schemas/services/*/schemata.yaml (the payment service consumes orders-value,
...), then each event's v2. The registry refuses two of the v2s (`REFUSED_V2`: a registered consumer's reader
could not read them), so those subjects stay at v1; v3, which breaks v2, stays a proposal (it is refused).

A subject with `/` and non-ASCII letters in its name, one of whose versions is soft-deleted, joins them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import yaml

SAMPLES = Path(__file__).resolve().parents[2] / "sample_schemas"
SCHEMA_TYPES = {".avsc": "AVRO", ".json": "JSON", ".proto": "PROTOBUF"}


@dataclass(frozen=True)
class SampleSubject:
    subject: str
    schema_type: str
    folder: Path  # holds v1, v2 (registered) and v3 (the breaking proposal)

    def version_file(self, version: int) -> Path:
        return next(self.folder.glob(f"v{version}.*"))

    def schema(self, version: int) -> str:
        return self.version_file(version).read_text()


#: The subjects the services' manifests name (TopicNameStrategy, or RecordNameStrategy for shipments).
SUBJECTS = (
    SampleSubject("orders-value", "AVRO", SAMPLES / "avro" / "order_placed"),
    SampleSubject("payments-value", "AVRO", SAMPLES / "avro" / "payment_processed"),
    SampleSubject("inventory-value", "JSON", SAMPLES / "json" / "inventory_reserved"),
    SampleSubject("notifications-value", "JSON", SAMPLES / "json" / "notification_sent"),
    SampleSubject("com.example.shop.ShipmentDispatched", "PROTOBUF", SAMPLES / "protobuf" / "shipment_dispatched"),
)
#: The v2s a consumer's reader refuses: payments (order-service's enum lacks REFUNDED), inventory (shipping-service).
REFUSED_V2 = frozenset({"payments-value", "inventory-value"})
#: The subject whose name needs encoding in a URL, and whose version 1 is soft-deleted.
ODD_SUBJECT = SampleSubject("team/zürich-orders-value", "AVRO", SAMPLES / "avro" / "notification_sent")


def register(client: httpx.Client, subject: str, schema_type: str, schema: str) -> httpx.Response:
    body = {"schema": schema} if schema_type == "AVRO" else {"schema": schema, "schemaType": schema_type}
    return client.post(f"/subjects/{encoded(subject)}/versions", json=body)


def encoded(subject: str) -> str:
    """A subject as one path segment (`/` as %2F)."""
    return quote(subject, safe="")


def _ok(response: httpx.Response) -> httpx.Response:
    assert response.status_code == 200, f"{response.request.method} {response.request.url}: {response.text}"
    return response


def service_contracts(manifest: Path) -> tuple[str, dict[str, list[dict[str, str]]]]:
    """A service manifest as the body of PUT /contracts/services/{service}: (service, body)."""
    document = yaml.safe_load(manifest.read_text())
    service = document.get("service") or manifest.parent.name

    def subject_of(entry: dict[str, str]) -> str:
        if entry.get("subject_strategy") == "record":
            return next(s.subject for s in SUBJECTS if s.folder == (manifest.parent / entry["schema"]).resolve().parent)
        return f"{entry['topic']}-value"

    produces = [{"subject": subject_of(e), "topic": e["topic"]} for e in document.get("produces", [])]
    consumes = []
    for entry in document.get("consumes", []):
        reader = manifest.parent / entry["schema"]
        consumes.append({
            "subject": subject_of(entry), "topic": entry["topic"], "schema": reader.read_text(),
            "schemaType": SCHEMA_TYPES[reader.suffix],
        })
    return service, {"produces": produces, "consumes": consumes}


def seed(client: httpx.Client) -> None:
    """Register the sample flow on the (empty) registry `client` talks to."""
    for sample in SUBJECTS:
        _ok(register(client, sample.subject, sample.schema_type, sample.schema(1)))
    for manifest in sorted(SAMPLES.glob("services/*/schemata.yaml")):
        service, body = service_contracts(manifest)
        _ok(client.put(f"/contracts/services/{service}", json=body))
    for sample in SUBJECTS:
        response = register(client, sample.subject, sample.schema_type, sample.schema(2))
        if sample.subject in REFUSED_V2:
            assert response.status_code == 409, response.text
        else:
            _ok(response)
    for version in (1, 2):
        _ok(register(client, ODD_SUBJECT.subject, ODD_SUBJECT.schema_type, ODD_SUBJECT.schema(version)))
    _ok(client.delete(f"/subjects/{encoded(ODD_SUBJECT.subject)}/versions/1"))
