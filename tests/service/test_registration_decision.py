"""Registration decides before it takes the write lock, and decides again when what it read has changed
(the service on a temporary SQLite store, no HTTP)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemata.registry.domain import (
    DEFAULT_CONTEXT,
    ConfigRecord,
    SchemaKey,
    SchemaRecord,
    SchemaRequest,
    SubjectVersion,
)
from schemata.registry.errors import IncompatibleSchema
from schemata.registry.service import Registry
from schemata.registry.service.registration import Registered
from schemata.registry.settings import Settings


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Registry]:
    opened = Registry.open(Settings(database_url=f"sqlite:///{tmp_path / 'registry.db'}"))
    yield opened
    opened.close()


def avro(*fields: dict[str, object]) -> SchemaRequest:
    return SchemaRequest(json.dumps({"type": "record", "name": "R", "fields": list(fields)}))


def test_a_change_made_while_registration_waits_for_the_lock_is_decided_on(registry: Registry) -> None:
    registry.registration.register("s", avro({"name": "a", "type": "int"}), normalize=False)
    outcome: list[object] = []

    def register() -> None:
        # Drops `a`, adds `b` with a default: BACKWARD accepts it, FORWARD does not (v1 needs `a`).
        request = avro({"name": "b", "type": "int", "default": 0})
        try:
            outcome.append(registry.registration.register("s", request, normalize=False))
        except IncompatibleSchema as error:
            outcome.append(error)

    with registry.ctx.storage.write() as txn:  # holds the write lock: the registration reads, then waits
        worker = threading.Thread(target=register)
        worker.start()
        time.sleep(1.0)
        assert worker.is_alive()
        txn.set_config("s", ConfigRecord(compatibility="FORWARD"))
    worker.join(30)
    (result,) = outcome
    # Decided first under BACKWARD (accepted), then again under FORWARD once the lock was free: refused.
    assert isinstance(result, IncompatibleSchema), result
    assert result.decision is not None and result.decision["level"] == "FORWARD"
    with registry.ctx.storage.read() as txn:
        assert [v.version for v in txn.versions("s")] == [1]


def test_an_identical_schema_is_answered_without_the_write_lock(registry: Registry) -> None:
    request = avro({"name": "a", "type": "int"})
    first = registry.registration.register("s", request, normalize=False)
    with registry.ctx.storage.write():  # another writer holds the lock
        again = registry.registration.register("s", request, normalize=False)
    assert (again.version, again.schema_id) == (first.version, first.schema_id)


def test_a_non_transitive_decision_parses_the_latest_version_only(registry: Registry) -> None:
    with registry.ctx.storage.write() as txn:
        txn.set_config("s", ConfigRecord(compatibility="NONE"))
    ids = [
        registry.registration.register("s", avro({"name": f"f{i}", "type": "int"}), normalize=False).schema_id
        for i in range(3)
    ]
    proposal = avro({"name": "f2", "type": "int"}, {"name": "g", "type": "int", "default": 0})
    parsed = registry.ctx.parser.cache
    for level, checked in (("BACKWARD", [3]), ("BACKWARD_TRANSITIVE", [1, 2, 3])):
        with registry.ctx.storage.write() as txn:
            txn.set_config("s", ConfigRecord(compatibility=level))
        parsed.clear()
        result = registry.compatibility.check("s", None, proposal, normalize=False, verbose=False)
        assert result.decision is not None and [v.number for v in result.decision.checked] == checked
        assert len(parsed) == len(checked) and all(parsed.get(ids[n - 1]) is not None for n in checked)


def _spellings() -> tuple[SchemaRequest, SchemaRequest]:
    """One JSON Schema written two ways: normalizing makes them one text, storing as written keeps them apart."""
    plain = json.dumps({"title": "T", "type": "object", "properties": {"a": {"type": "integer"}}})
    variant = json.dumps({"properties": {"a": {"type": "integer"}}, "type": "object", "title": "T"})
    return SchemaRequest(plain, "JSON"), SchemaRequest(variant, "JSON")


def test_what_a_normalizing_lookup_finds_is_answered_without_the_write_lock(registry: Registry) -> None:
    plain, variant = _spellings()
    stored = registry.registration.register("s", variant, normalize=False)
    with registry.ctx.storage.write():  # another writer holds the lock
        again = registry.registration.register("s", plain, normalize=True)
    assert (again.version, again.schema_id) == (stored.version, stored.schema_id)


def test_a_version_registered_while_registration_waits_is_looked_up_again(registry: Registry) -> None:
    """A normalizing registration that found nothing waits for the lock; meanwhile the schema is registered
    as written: decided again, the lookup finds that version, and nothing is added."""
    plain, variant = _spellings()
    with registry.ctx.storage.write() as txn:
        txn.set_config("s", ConfigRecord(compatibility="NONE"))
    registry.registration.register("s", SchemaRequest(json.dumps({"type": "object"}), "JSON"), normalize=False)
    outcome: list[object] = []
    with registry.ctx.storage.write() as txn:
        worker = threading.Thread(
            target=lambda: outcome.append(registry.registration.register("s", plain, normalize=True))
        )
        worker.start()
        time.sleep(1.0)
        assert worker.is_alive()
        # what registering `variant` as written writes (the registration itself would wait for this lock)
        proposal = registry.compatibility.propose(
            txn, variant, txn.versions("s"), normalize=False, inherit=False, context=DEFAULT_CONTEXT
        )
        schema_id = txn.allocate_schema_id(DEFAULT_CONTEXT)
        record = SchemaRecord(schema_id, "JSON", proposal.parsed.stored_text, (), None, None, "guid",
                              key=SchemaKey(0), context=DEFAULT_CONTEXT)
        key = txn.insert_schema(record, proposal.proposed.fingerprint)
        txn.insert_version(SubjectVersion("s", 2, schema_id, ts=0, schema_key=key))
    worker.join(30)
    (result,) = outcome
    assert isinstance(result, Registered) and result.version == 2
    with registry.ctx.storage.read() as txn:
        assert [v.version for v in txn.versions("s")] == [1, 2]
