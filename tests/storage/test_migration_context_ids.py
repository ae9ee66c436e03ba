"""Migration 0009 (schema ids per context) from a 0008 database holding data, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, text

from schemata.registry.storage import Storage
from schemata.registry.storage.engine import MIGRATIONS, create_storage_engine


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    from tests.conftest import create_pg_database, drop_pg_database

    found, name = create_pg_database()
    yield found
    drop_pg_database(name)


def _migrate(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def _fill_0008(engine: Engine) -> None:
    """Ids were global: schema 3 is shared by `a` and `:.ctx:b`, schema 5 (of `:.ctx:c`) refers to
    `:.ctx:b`, and the last id handed out was 7 (6 and 7 were removed since)."""
    rows = [
        "INSERT INTO schemas (id, schema_type, schema_text, fingerprint, guid) VALUES "
        "(3, 'AVRO', '\"int\"', 'f3', 'guid-3'), (5, 'AVRO', '\"long\"', 'f5', 'guid-5')",
        "INSERT INTO schema_references (schema_id, position, name, subject, version) VALUES "
        "(3, 0, 'x', 'z', 1), (5, 0, 'B', ':.ctx:b', 1)",
        "INSERT INTO subject_versions (subject, version, schema_id, deleted) VALUES "
        "('a', 1, 3, false), (':.ctx:b', 1, 3, false), (':.ctx:c', 1, 5, true)",
        "UPDATE registry_state SET value = 7 WHERE key = 'schema_id'",
    ]
    with engine.begin() as connection:
        for statement in rows:
            connection.execute(text(statement))


def test_ids_are_kept_and_shared_schemas_copied_per_context(url: str) -> None:
    engine = create_storage_engine(url, timeout=5)
    _migrate(engine, "0008_security_audit_log")
    _fill_0008(engine)
    engine.dispose()
    storage = Storage(url, timeout=5)  # migrates to the head
    try:
        with storage.read() as txn:
            (a,), (b,), (c,) = txn.versions("a"), txn.versions(":.ctx:b"), txn.versions(":.ctx:c")
            assert (a.schema_id, b.schema_id, c.schema_id) == (3, 3, 5)  # every subject answers its id
            assert a.schema_key == 3 and b.schema_key not in (3, 5) and c.schema_key == 5 and c.deleted
            assert txn.schema_key(".", 3) == a.schema_key and txn.schema_key(".ctx", 3) == b.schema_key
            assert txn.schema_key(".", 5) is None and txn.schema_key(".ctx", 5) == c.schema_key
            original, copy = txn.schema(a.schema_key), txn.schema(b.schema_key)
            assert original is not None and copy is not None
            assert (copy.text, copy.references, copy.context) == (original.text, original.references, ".ctx")
            assert original.guid == "guid-3" and copy.guid not in (None, "guid-3")
            assert [r.subject for r in txn.referrers(":.ctx:b", 1)] == [":.ctx:c"]
            assert txn.schema_keys_with_fingerprint(".ctx", "f3") == [b.schema_key]
        with storage.write() as txn:
            # Contexts that existed go on after the last global id (no id a client holds comes back)...
            assert txn.allocate_schema_id(".") == 8 and txn.allocate_schema_id(".ctx") == 8
            # ...and a new context starts from 1.
            assert txn.allocate_schema_id(".fresh") == 1
    finally:
        storage.dispose()


def _downgrade(engine: Engine, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()


def test_a_downgrade_is_refused_once_a_context_numbers_its_own_schemas(url: str) -> None:
    engine = create_storage_engine(url, timeout=5)
    try:
        _migrate(engine, "0008_security_audit_log")
        _fill_0008(engine)  # schema 3, shared with `:.ctx:b`, is copied under another key: ids diverge
        _migrate(engine, "head")
        with pytest.raises(RuntimeError, match="Cannot downgrade below 0009_context_ids"):
            _downgrade(engine, "0008_security_audit_log")
        with engine.connect() as connection:  # nothing changed
            assert connection.scalar(text("SELECT count(*) FROM context_schema_ids")) == 2
    finally:
        engine.dispose()
