"""Fixtures of the CLI tests: a service folder, a service repository with v1 committed, a unique topic."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.cli.helpers import ORDER_SERVICE, Service, sample


@pytest.fixture
def service(tmp_path: Path) -> Service:
    """An empty service folder (not yet a git repository)."""
    root = tmp_path / "service"
    root.mkdir()
    return Service(root)


@pytest.fixture
def repo(service: Service) -> Service:
    """A service repository (ORDER_SERVICE) whose main branch has v1 of both its schemas committed."""
    service.init_git()
    service.manifest(ORDER_SERVICE)
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    service.write("schemas/payment_processed.avsc", sample("avro", "payment_processed", 1))
    service.commit("v1")
    return service


@pytest.fixture
def topic() -> str:
    """A topic name unique to the test, so tests sharing one registry never see each other's subjects."""
    return f"orders-{uuid.uuid4().hex[:8]}"
