"""The catalogue as AsyncAPI 3.0, validated by the AsyncAPI project's own parser (from npm), over the sample
e-commerce flow registered in all three formats with its services' contracts, on a registry of its own."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import SAMPLES
from tests.conftest import LiveServer
from tests.npm_tools import npm_tool

PARSERS = ["@asyncapi/parser@3", "@asyncapi/avro-schema-parser@3", "@asyncapi/protobuf-schema-parser@3"]
FORMATS = {"AVRO": ("avro", ".avsc"), "JSON": ("json", ".json"), "PROTOBUF": ("protobuf", ".proto")}
EVENTS = {"orders": "order_placed", "payments": "payment_processed", "inventory": "inventory_reserved",
          "shipments": "shipment_dispatched", "notifications": "notification_sent"}


@pytest.fixture(scope="module")
def validator() -> Path:
    root = npm_tool("asyncapi", PARSERS, "node_modules/@asyncapi/protobuf-schema-parser/package.json")
    script = root / "validate_asyncapi.mjs"
    shutil.copyfile(Path(__file__).with_name("validate_asyncapi.mjs"), script)
    return script


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registry holding v1 and v2 of every sample event in every format (topic `TOPIC-FORMAT`), produced by
    `TOPIC-producer` and read with v2 (which reads both) by `TOPIC-reader`."""
    folder = tmp_path_factory.mktemp("asyncapi")
    server = LiveServer(f"sqlite:///{folder / 'registry.db'}", folder / "server.log")
    try:
        _seed(server.url)
        yield server.url
    finally:
        server.stop()


MONEY = '{"type":"record","name":"Money","namespace":"com.acme","fields":[{"name":"cents","type":"long"}]}'
PRICED = '{"type":"record","name":"Priced","fields":[{"name":"price","type":"com.acme.Money"}]}'


def _seed(url: str) -> None:
    with httpx.Client(base_url=url, timeout=30) as http:
        # A schema with a reference: its message carries the text and references, not an incomplete payload.
        assert http.post("/subjects/money/versions", json={"schema": MONEY}).is_success
        refs = [{"name": "com.acme.Money", "subject": "money", "version": 1}]
        assert http.post("/subjects/priced-value/versions", json={"schema": PRICED, "references": refs}).is_success
        for schema_type, (fmt, ext) in FORMATS.items():
            for topic, event in EVENTS.items():
                subject = f"{topic}-{fmt}-value"
                for version in ("v1", "v2"):
                    text = (SAMPLES / fmt / event / f"{version}{ext}").read_text()
                    body = {"schema": text, "schemaType": schema_type}
                    answer = http.post(f"/subjects/{subject}/versions", json=body)
                    assert answer.is_success, answer.text
                reader = {"subject": subject, "schemaType": schema_type,
                          "schema": (SAMPLES / fmt / event / f"v2{ext}").read_text()}
                for service, body in ((f"{topic}-{fmt}-producer", {"produces": [{"subject": subject}]}),
                                      (f"{topic}-{fmt}-reader", {"consumes": [reader]})):
                    answer = http.put(f"/contracts/services/{service}", json=body)
                    assert answer.is_success, answer.text


def test_the_document_validates_with_the_asyncapi_parser(seeded: str, validator: Path, tmp_path: Path) -> None:
    document = httpx.get(f"{seeded}/asyncapi", timeout=30).json()
    path = tmp_path / "asyncapi.json"
    path.write_text(json.dumps(document))
    run = subprocess.run(["node", str(validator), str(path)], capture_output=True, text=True, timeout=120,
                         cwd=validator.parent, check=False)
    diagnostics = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0, (run.stderr, [d for d in diagnostics if d["severity"] <= 1])
    assert not [d for d in diagnostics if d["severity"] <= 1], diagnostics  # no errors, no warnings
    # What it says: a channel per topic, a message per subject with the right schemaFormat, one send per
    # producer and one receive per reader.
    assert {c["address"] for c in document["channels"].values()} == {
        f"{topic}-{fmt}" for topic in EVENTS for fmt, _ in FORMATS.values()
    } | {"money", "priced"}
    messages = document["components"]["messages"]
    priced = next(m for m in messages.values() if m["x-schemata-subject"] == "priced-value")
    assert "payload" not in priced and priced["x-schemata-references"][0]["subject"] == "money"
    formats = {m["x-schemata-subject"].split("-")[1]: m["payload"]["schemaFormat"]
               for m in messages.values() if m["x-schemata-subject"].count("-") == 2}
    assert formats == {"avro": "application/vnd.apache.avro+json;version=1.9.0",
                       "json": "application/schema+json;version=draft-07",
                       "protobuf": "application/vnd.google.protobuf;version=3"}
    actions = sorted((op["x-schemata-service"].rsplit("-", 1)[1], op["action"])
                     for op in document["operations"].values())
    assert actions == sorted([("producer", "send"), ("reader", "receive")] * 15)


def test_a_parser_error_is_caught(validator: Path, tmp_path: Path) -> None:
    """The oracle can fail: a payload that is not Avro is an error."""
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({
        "asyncapi": "3.0.0", "info": {"title": "t", "version": "1"},
        "components": {"messages": {"m": {"payload": {
            "schemaFormat": "application/vnd.apache.avro+json;version=1.9.0", "schema": {"type": "recrod"}}}}},
    }))
    run = subprocess.run(["node", str(validator), str(path)], capture_output=True, text=True, timeout=120,
                         cwd=validator.parent, check=False)
    assert run.returncode == 1
