"""Storage tests run on a fresh database of each back end."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, SQLite then PostgreSQL (dropped after the test)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    from tests.conftest import create_pg_database, drop_pg_database

    url, name = create_pg_database()
    request.addfinalizer(lambda: drop_pg_database(name))
    return url
