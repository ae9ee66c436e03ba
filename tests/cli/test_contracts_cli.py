"""Event contracts end to end: the real `schemata` command against live registries (SQLite and PostgreSQL).

A consumer's registered reader blocks a producer's change; WARN lets it through with a warning; the
consumer-side check refuses a reader that cannot read an old version; impact, contracts and catalog report.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import Service

V1 = ('{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, '
      '{"name": "customer", "type": "string"}]}')
WITHOUT_CUSTOMER = '{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}]}'
NEEDS_NOTE = ('{"type": "record", "name": "Order", "fields": [{"name": "id", "type": "string"}, '
              '{"name": "customer", "type": "string"}, {"name": "note", "type": "string"}]}')


def repo(tmp_path: Path, name: str, role: str, topic: str, schema: str) -> Service:
    service = Service(tmp_path / name)
    service.root.mkdir()
    service.manifest(f"service: {name}\n{role}:\n  - topic: {topic}\n    schema: order.avsc\n")
    service.write("order.avsc", schema)
    return service


@pytest.fixture
def names(tmp_path: Path) -> tuple[str, str, str]:
    tag = uuid.uuid4().hex[:8]
    return f"orders-{tag}", f"producer-{tag}", f"reader-{tag}"


def test_a_registered_consumer_blocks_a_producers_change(
    registry_url: str, tmp_path: Path, names: tuple[str, str, str]
) -> None:
    topic, producer_name, reader_name = names
    url = ["--registry", registry_url]
    producer = repo(tmp_path, producer_name, "produces", topic, V1)
    assert producer.run("register", *url).code == 0
    reader = repo(tmp_path, reader_name, "consumes", topic, V1)
    published = reader.run("register", *url)
    assert published.code == 0, published.output
    assert published.out == f"contracts   {reader_name}: 0 produced, 1 consumed\n"

    producer.write("order.avsc", WITHOUT_CUSTOMER)  # BACKWARD compatible, but the reader needs `customer`
    check = producer.run("check", *url)
    assert check.code == 1, check.output
    assert f"problem(s) against version 1, consumer {reader_name} (BACKWARD)" in check.out
    assert f"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (against consumer {reader_name}, CONSUMER)" in check.out
    for fmt in ("json", "sarif", "junit", "github"):
        assert reader_name in producer.run("check", *url, "--format", fmt).out, fmt
    refused = producer.run("register", *url)
    assert refused.code == 1
    assert f"consumer {reader_name}: READER_FIELD_MISSING_DEFAULT_VALUE" in refused.err
    assert httpx.get(f"{registry_url}/subjects/{topic}-value/versions").json() == [1]

    impact = producer.run("impact", f"{topic}-value", "order.avsc", *url)
    assert impact.code == 1 and f"BREAKS {reader_name}" in impact.out
    listed = producer.run("contracts", "list", "--subject", f"{topic}-value", *url)
    assert listed.out.splitlines() == [
        f"{producer_name} produces {topic}-value", f"{reader_name} consumes {topic}-value"
    ]
    catalog = json.loads(producer.run("catalog", "--format", "asyncapi", *url).out)
    assert catalog["asyncapi"] == "3.0.0"
    assert any(op["x-schemata-service"] == reader_name for op in catalog["operations"].values())

    # WARN: registration accepts the change and reports it; check passes with a warning.
    httpx.put(f"{registry_url}/contracts/enforcement/{topic}-value", json={"enforcement": "WARN"}).raise_for_status()
    check = producer.run("check", *url)
    assert check.code == 0, check.output
    assert f"warning: registered consumer(s) {reader_name} could not read it" in check.out
    assert producer.run("register", *url).code == 0
    assert httpx.get(f"{registry_url}/subjects/{topic}-value/versions").json() == [1, 2]
    for name in (producer_name, reader_name):
        assert producer.run("contracts", "delete", name, *url).code == 0


def test_the_registry_refuses_a_reader_that_cannot_read_an_old_version(
    registry_url: str, tmp_path: Path, names: tuple[str, str, str]
) -> None:
    topic, producer_name, reader_name = names
    url = ["--registry", registry_url]
    assert repo(tmp_path, producer_name, "produces", topic, V1).run("register", *url).code == 0
    reader = repo(tmp_path, reader_name, "consumes", topic, NEEDS_NOTE)
    refused = reader.run("register", *url)
    assert refused.code == 1, refused.output
    assert f"refused     contracts of {reader_name}" in refused.err
    assert f"{topic}-value version 1: READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2" in refused.err
    shown = reader.run("contracts", "show", reader_name, *url)
    assert shown.code == 2 and f"Service '{reader_name}' has no contracts." in shown.err
    httpx.delete(f"{registry_url}/contracts/services/{producer_name}")
