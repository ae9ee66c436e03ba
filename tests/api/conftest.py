"""Fixtures for the HTTP API tests (the live servers and `api`/`subject` come from tests/conftest.py)."""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def rname() -> str:
    """An Avro record name unique to this test, so its schemas never dedupe against another test's."""
    return f"R{uuid.uuid4().hex[:12]}"
