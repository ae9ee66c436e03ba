"""The sample e-commerce flow: in each format every event has a v1, a compatible v2 and a breaking v3, and the
example manifests name files that exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from schemata.cli.manifest import TYPE_BY_EXTENSION, load_manifest
from schemata.compat import Level, check_compatibility, parse_schema
from tests.cli.helpers import SAMPLES

EVENTS = ["order_placed", "payment_processed", "inventory_reserved", "shipment_dispatched", "notification_sent"]
FORMATS = {"avro": ".avsc", "json": ".json", "protobuf": ".proto"}


def versions(fmt: str, event: str) -> list[Path]:
    return sorted((SAMPLES / fmt / event).glob(f"v*{FORMATS[fmt]}"))


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_v2_is_compatible_and_v3_breaks(fmt: str, event: str) -> None:
    paths = versions(fmt, event)
    assert [p.stem for p in paths] == ["v1", "v2", "v3"]
    v1, v2, v3 = (parse_schema(TYPE_BY_EXTENSION[FORMATS[fmt]], p.read_text()) for p in paths)
    assert check_compatibility(Level.BACKWARD, v2, [v1]) == []
    assert check_compatibility(Level.BACKWARD, v3, [v2]) != []


@pytest.mark.parametrize("manifest", sorted(SAMPLES.glob("services/*/schemata.yaml")), ids=lambda p: p.parent.name)
def test_example_manifests_name_existing_schemas(manifest: Path) -> None:
    loaded = load_manifest(manifest)
    assert loaded.contracts
    for contract in loaded.contracts:
        assert (manifest.parent / contract.schema).is_file(), contract.key


def test_both_example_services_exist() -> None:
    assert sorted(p.parent.name for p in SAMPLES.glob("services/*/schemata.yaml")) == [
        "notification-service", "order-service"
    ]
