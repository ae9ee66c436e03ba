"""Storage against real SQLite and real PostgreSQL: migrations, the write lock, counters, failures."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.exc import IntegrityError

from schemata.registry.domain import ConfigRecord, Reference, SchemaKey, SchemaRecord, SubjectVersion
from schemata.registry.errors import StoreError
from schemata.registry.storage import Storage, WriteTxn


@pytest.fixture
def storage(database_url: str) -> Iterator[Storage]:
    store = Storage(database_url, timeout=5)
    yield store
    store.dispose()


def _schema(
    txn: WriteTxn, text: str, fingerprint: str, *, context: str = ".", schema_id: int | None = None,
    references: tuple[Reference, ...] = (),
) -> tuple[int, SchemaKey]:
    """Store a schema in `context` under a new id (or `schema_id`); its id and key."""
    if schema_id is None:
        schema_id = txn.allocate_schema_id(context)
    record = SchemaRecord(schema_id, "AVRO", text, references, key=SchemaKey(0), context=context)
    return schema_id, txn.insert_schema(record, fingerprint)


def test_migrations_are_idempotent_and_keep_data(storage: Storage) -> None:
    with storage.write() as txn:
        schema_id, key = _schema(txn, '"string"', "f" * 64)
        txn.insert_version(SubjectVersion("s", 1, schema_id, schema_key=key))
    again = Storage(str(storage.engine.url.render_as_string(hide_password=False)), timeout=5)
    with again.read() as txn:
        assert [(v.version, v.schema_id) for v in txn.versions("s")] == [(1, schema_id)]
        assert txn.schema(key) == SchemaRecord(schema_id, "AVRO", '"string"', key=key, context=".")
    again.dispose()


def test_ids_are_never_reused_after_the_schema_is_removed(storage: Storage) -> None:
    with storage.write() as txn:
        first, key = _schema(txn, '"int"', "a" * 64)
    with storage.write() as txn:
        txn.delete_schema(key)
    with storage.write() as txn:
        assert txn.allocate_schema_id(".") == first + 1


def test_imported_ids_raise_the_floor(storage: Storage) -> None:
    with storage.write() as txn:
        _schema(txn, '"int"', "b" * 64, schema_id=500)
        txn.raise_schema_id_floor(".", 500)
    with storage.write() as txn:
        assert txn.allocate_schema_id(".") == 501
        assert txn.allocate_schema_id(".imported") == 1  # another context's ids are its own


def test_each_context_numbers_its_schemas_from_one(storage: Storage) -> None:
    with storage.write() as txn:
        plain, plain_key = _schema(txn, '"int"', "h" * 64)
        first, first_key = _schema(txn, '"int"', "h" * 64, context=".ctx")
        second, second_key = _schema(txn, '"long"', "i" * 64, context=".ctx")
        txn.insert_version(SubjectVersion(":.ctx:s", 1, first, schema_key=first_key))
    assert (first, second) == (1, 2) and len({plain_key, first_key, second_key}) == 3
    with storage.read() as txn:
        assert txn.schema_key(".ctx", 1) == first_key and txn.schema_key(".", plain) == plain_key
        assert txn.schema_key(".other", 1) is None
        assert txn.schema_keys_with_fingerprint(".ctx", "h" * 64) == [first_key]  # de-duplication per context
        assert txn.versions(":.ctx:s") == [SubjectVersion(":.ctx:s", 1, 1, schema_key=first_key)]
        assert txn.max_schema_id(".ctx") == 1  # only ids a version uses
    with pytest.raises(IntegrityError), storage.write() as txn:  # one id per schema within a context
        _schema(txn, '"string"', "j" * 64, context=".ctx", schema_id=2)


def test_references_round_trip_and_referrers(storage: Storage) -> None:
    refs = (Reference("com.acme.Money", "money", 1), Reference("com.acme.Address", "address", 2))
    with storage.write() as txn:
        money, money_key = _schema(txn, '"string"', "c" * 64)
        txn.insert_version(SubjectVersion("money", 1, money, schema_key=money_key))
        order, order_key = _schema(txn, '{"type":"record"}', "d" * 64, references=refs)
        txn.insert_version(SubjectVersion("order", 1, order, schema_key=order_key))
    with storage.read() as txn:
        found = txn.schema(order_key)
        assert found is not None and found.references == refs
        assert txn.referrers("money", 1) == [SubjectVersion("order", 1, order, schema_key=order_key)]
        assert txn.referrers("money", 2) == []


def test_references_name_subjects_within_the_referring_schemas_context(storage: Storage) -> None:
    """`money` from a schema of `.ctx` is `:.ctx:money`; a qualified subject is itself from anywhere."""
    with storage.write() as txn:
        inside, inside_key = _schema(
            txn, '{"type":"record"}', "k" * 64, context=".ctx", references=(Reference("M", "money", 1),)
        )
        txn.insert_version(SubjectVersion(":.ctx:order", 1, inside, schema_key=inside_key))
        across, across_key = _schema(
            txn, '{"type":"record"}', "l" * 64, references=(Reference("M", ":.ctx:money", 1),)
        )
        txn.insert_version(SubjectVersion("order", 1, across, schema_key=across_key))
    with storage.read() as txn:
        assert [r.subject for r in txn.referrers(":.ctx:money", 1)] == [":.ctx:order", "order"]
        assert txn.referrers("money", 1) == []


def test_references_spelled_with_the_default_context_qualifier(storage: Storage) -> None:
    """`:.:money` from a schema of the default context is `money`; from a schema of `.ctx` it is a subject of
    `.ctx` (`:.ctx::.:money`), as Confluent qualifies it."""
    with storage.write() as txn:
        plain, plain_key = _schema(
            txn, '{"type":"record"}', "m" * 64, references=(Reference("M", ":.:money", 1),)
        )
        txn.insert_version(SubjectVersion("order", 1, plain, schema_key=plain_key))
        inside, inside_key = _schema(
            txn, '{"type":"record"}', "n" * 64, context=".ctx", references=(Reference("M", ":.:money", 1),)
        )
        txn.insert_version(SubjectVersion(":.ctx:order", 1, inside, schema_key=inside_key))
    with storage.read() as txn:
        assert [r.subject for r in txn.referrers("money", 1)] == ["order"]
        assert [r.subject for r in txn.referrers(":.ctx::.:money", 1)] == [":.ctx:order"]
        assert txn.referrers(":.ctx:money", 1) == []


def test_subject_listing_filters(storage: Storage) -> None:
    with storage.write() as txn:
        schema_id, key = _schema(txn, '"string"', "e" * 64)
        for subject in ("a_live", "a%gone", "b_live"):
            txn.insert_version(SubjectVersion(subject, 1, schema_id, schema_key=key))
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
        schema_id, key = _schema(txn, '"string"', "g" * 64)
    errors: list[BaseException] = []

    def add_version() -> None:
        try:
            with storage.write() as txn:
                versions = txn.versions("race")
                time.sleep(0.005)
                number = (versions[-1].version if versions else 0) + 1
                txn.insert_version(SubjectVersion("race", number, schema_id, schema_key=key))
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
