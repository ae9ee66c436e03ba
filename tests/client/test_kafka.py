"""A real produce/consume round trip through librdkafka's mock cluster, with the example under examples/."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path
from types import ModuleType

EXAMPLE = Path(__file__).parents[2] / "examples" / "kafka_avro.py"


def load_example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kafka_avro_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_produce_and_consume_through_the_mock_cluster(sqlite_registry_url: str, topic: str) -> None:
    orders = [{"id": f"order-{n}", "amount": Decimal(f"{n}.25"), "status": "SHIPPED", "note": f"n{n}" if n else None}
              for n in range(20)]
    consumed = load_example().run(sqlite_registry_url, orders, topic)
    assert sorted(consumed, key=lambda order: order["id"]) == sorted(orders, key=lambda order: order["id"])
