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


def test_the_example_services_exist() -> None:
    assert sorted(p.parent.name for p in SAMPLES.glob("services/*/schemata.yaml")) == [
        "notification-service", "order-service", "payment-service", "shipping-service"
    ]


def test_dropping_customer_id_is_backward_compatible_but_breaks_an_old_reader() -> None:
    """The walkthrough's consumer-contract example: the producer's change passes its own level, the payment
    service's v1 reader cannot read it, and the tolerant reader can read every version."""
    avro = SAMPLES / "avro" / "order_placed"
    v1, v2, change = (parse_schema("AVRO", (avro / name).read_text())
                      for name in ("v1.avsc", "v2.avsc", "evolutions/v2_without_customer.avsc"))
    tolerant = parse_schema("AVRO", (SAMPLES / "services/payment-service/schemas/order_placed_reader.avsc").read_text())
    assert check_compatibility(Level.BACKWARD, change, [v2]) == []
    [finding] = check_compatibility(Level.FORWARD, change, [v1])
    assert finding.rule == "READER_FIELD_MISSING_DEFAULT_VALUE"
    assert check_compatibility(Level.FORWARD_TRANSITIVE, change, [tolerant]) == []
    assert check_compatibility(Level.BACKWARD_TRANSITIVE, tolerant, [v1, v2]) == []
