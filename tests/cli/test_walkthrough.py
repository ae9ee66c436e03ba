"""The flow docs/walkthrough.md describes, on a copy of sample_schemas/ in a git repository: online, then offline."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import SAMPLES, Service, schemata

ORDERS = Path("sample_schemas/services/order-service")
NOTIFICATIONS = Path("sample_schemas/services/notification-service")


def point(manifest: Path, old: str, new: str) -> None:
    """What the walkthrough's `sed` does: point a contract at another version."""
    manifest.write_text(manifest.read_text().replace(old, new))


@pytest.fixture
def shop(service: Service) -> Service:
    shutil.copytree(SAMPLES, service.root / "sample_schemas")
    service.init_git()
    service.commit("sample flow")
    return service


def test_walkthrough(shop: Service, sqlite_registry_url: str) -> None:
    env = {"SCHEMATA_REGISTRY_URL": sqlite_registry_url}
    orders, notifications = shop.root / ORDERS, shop.root / NOTIFICATIONS
    manifest = orders / "schemata.yaml"

    run = schemata("register", cwd=orders, env=env)
    assert run.code == 0, run.output
    assert run.out.startswith("registered  orders-value version 1 (id ")

    point(manifest, "order_placed/v1.avsc", "order_placed/v2.avsc")
    run = schemata("check", cwd=orders, env=env)
    assert run.code == 0, run.output
    assert (
        "PASS produces orders-value (sample_schemas/avro/order_placed/v2.avsc, AVRO): compatible with version 1 "
        "(BACKWARD)"
    ) in run.out
    assert schemata("register", cwd=orders, env=env).out.startswith("registered  orders-value version 2 (id ")

    point(manifest, "order_placed/v2.avsc", "order_placed/v3.avsc")
    run = schemata("check", cwd=orders, env=env)
    assert run.code == 1, run.output
    assert "TYPE_MISMATCH at /fields/3/type (against version 2, BACKWARD)" in run.out
    assert "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/7 (against version 2, BACKWARD)" in run.out

    run = schemata("check", cwd=notifications, env=env)
    assert run.code == 0, run.output
    assert "compatible with version 1, version 2 (BACKWARD_TRANSITIVE)" in run.out

    # Offline: main has the order service at v2; the branch moves it to v3.
    point(manifest, "order_placed/v3.avsc", "order_placed/v2.avsc")
    shop.commit("orders v2")
    point(manifest, "order_placed/v2.avsc", "order_placed/v3.avsc")
    run = shop.run("check", "--config", str(ORDERS / "schemata.yaml"), "--against", "main")
    assert run.code == 1, run.output
    assert "sample_schemas/avro/order_placed/v3.avsc:" in run.out and "(against main, BACKWARD)" in run.out
    point(manifest, "order_placed/v3.avsc", "order_placed/v2.avsc")
    assert shop.run("check", "--config", str(ORDERS / "schemata.yaml"), "--against", "main").code == 0
