"""Storage against real SQLite and real PostgreSQL: migrations, the write lock, counters, failures."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemata.registry.domain import ConfigRecord, Reference, SchemaRecord, SubjectVersion
from schemata.registry.errors import StoreError
from schemata.registry.storage import Storage


@pytest.fixture(params=["sqlite", "postgres"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
    else:
        from tests.conftest import create_pg_database, drop_pg_database

        url, name = create_pg_database()
        request.addfinalizer(lambda: drop_pg_database(name))
    store = Storage(url, timeout=5)
    yield store
    store.dispose()


def test_migrations_are_idempotent_and_keep_data(storage: Storage) -> None:
    with storage.write() as txn:
        schema_id = txn.allocate_schema_id()
        txn.insert_schema(SchemaRecord(schema_id, "AVRO", '"string"'), "f" * 64)
        txn.insert_version(SubjectVersion("s", 1, schema_id))
    again = Storage(str(storage.engine.url.render_as_string(hide_password=False)), timeout=5)
    with again.read() as txn:
        assert [v.version for v in txn.versions("s")] == [1]
        assert txn.schema(schema_id) == SchemaRecord(schema_id, "AVRO", '"string"')
    again.dispose()


def test_ids_are_never_reused_after_the_schema_is_removed(storage: Storage) -> None:
    with storage.write() as txn:
        first = txn.allocate_schema_id()
        txn.insert_schema(SchemaRecord(first, "AVRO", '"int"'), "a" * 64)
    with storage.write() as txn:
        txn.delete_schema(first)
    with storage.write() as txn:
        assert txn.allocate_schema_id() == first + 1


def test_imported_ids_raise_the_floor(storage: Storage) -> None:
    with storage.write() as txn:
        txn.insert_schema(SchemaRecord(500, "AVRO", '"int"'), "b" * 64)
        txn.raise_schema_id_floor(500)
    with storage.write() as txn:
        assert txn.allocate_schema_id() == 501


def test_references_round_trip_and_referrers(storage: Storage) -> None:
    refs = (Reference("com.acme.Money", "money", 1), Reference("com.acme.Address", "address", 2))
    with storage.write() as txn:
        txn.insert_schema(SchemaRecord(1, "AVRO", '"string"'), "c" * 64)
        txn.insert_version(SubjectVersion("money", 1, 1))
        txn.insert_schema(SchemaRecord(2, "AVRO", '{"type":"record"}', refs), "d" * 64)
        txn.insert_version(SubjectVersion("order", 1, 2))
    with storage.read() as txn:
        assert txn.schema(2).references == refs
        assert txn.referrers("money", 1) == [SubjectVersion("order", 1, 2)]
        assert txn.referrers("money", 2) == []


def test_subject_listing_filters(storage: Storage) -> None:
    with storage.write() as txn:
        txn.insert_schema(SchemaRecord(1, "AVRO", '"string"'), "e" * 64)
        for subject in ("a_live", "a%gone", "b_live"):
            txn.insert_version(SubjectVersion(subject, 1, 1))
        txn.mark_deleted("a%gone", [1])
    with storage.read() as txn:
        assert txn.subjects() == ["a_live", "b_live"]
        assert txn.subjects(deleted=True) == ["a%gone", "a_live", "b_live"]
        assert txn.subjects(deleted_only=True) == ["a%gone"]
        # LIKE wildcards in a prefix are literal characters.
        assert txn.subjects(prefix="a%", deleted=True) == ["a%gone"]
        assert txn.subjects(prefix="a_") == ["a_live"]


def test_config_and_mode_round_trip(storage: Storage) -> None:
    with storage.write() as txn:
        txn.set_config("s", ConfigRecord("FULL", "LENIENT", True))
        txn.set_mode("s", "READONLY")
    with storage.read() as txn:
        assert txn.config("s") == ConfigRecord("FULL", "LENIENT", True)
        assert txn.mode("s") == "READONLY"
    with storage.write() as txn:
        txn.delete_config("s")
        txn.delete_mode("s")
    with storage.read() as txn:
        assert txn.config("s") is None
        assert txn.mode("s") is None


def test_writers_are_serialised_across_connections(storage: Storage) -> None:
    """Twenty threads each read the last version and insert the next one under the write lock: without
    serialisation two would read the same maximum and collide."""
    with storage.write() as txn:
        txn.insert_schema(SchemaRecord(1, "AVRO", '"string"'), "g" * 64)
    errors: list[BaseException] = []

    def add_version() -> None:
        try:
            with storage.write() as txn:
                versions = txn.versions("race")
                time.sleep(0.005)
                txn.insert_version(SubjectVersion("race", (versions[-1].version if versions else 0) + 1, 1))
        except BaseException as error:  # collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=add_version) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with storage.read() as txn:
        assert [v.version for v in txn.versions("race")] == list(range(1, 21))
        assert txn.counters().generation >= 21


def test_generation_counts_every_write(storage: Storage) -> None:
    with storage.read() as txn:
        before = txn.counters().generation
    with storage.write() as txn:
        txn.set_mode("x", "READONLY")
    with storage.read() as txn:
        assert txn.counters().generation == before + 1


def test_unreachable_database_fails_fast_with_a_store_error() -> None:
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        Storage("postgresql+psycopg://postgres@127.0.0.1:1/nothing", timeout=2)
    assert time.monotonic() - started < 10
    assert caught.value.error_code == 50001
    assert "database is unavailable" in caught.value.message
