"""CachedReads on a temporary SQLite store, called directly: a kept body is served while the change counter
it depends on stands still, and never after (what the fast path relies on, on every node)."""

from __future__ import annotations

import asyncio
import json

from schemata.registry.domain import SchemaRequest
from schemata.registry.service import Registry


def _avro(name: str) -> SchemaRequest:
    return SchemaRequest(json.dumps({"type": "record", "name": name, "fields": [{"name": "a", "type": "int"}]}))


def test_a_kept_schema_lives_until_a_permanent_deletion(registry_service: Registry) -> None:
    reads = registry_service.reads
    first = registry_service.registration.register("s", _avro("A"), normalize=False)
    assert asyncio.run(reads.schema_by_id(first.schema_id)) is None
    assert reads.keep_schema_by_id(first.schema_id, lambda: b"body") == b"body"
    assert asyncio.run(reads.schema_by_id(first.schema_id)) == b"body"
    # Other writes (a registration, a soft deletion) leave an id's meaning as it was.
    registry_service.registration.register("t", _avro("B"), normalize=False)
    registry_service.deletion.delete_subject("s", permanent=False)
    assert asyncio.run(reads.schema_by_id(first.schema_id)) == b"body"
    registry_service.deletion.delete_subject("s", permanent=True)
    assert asyncio.run(reads.schema_by_id(first.schema_id)) is None


def test_a_kept_version_lives_until_any_write(registry_service: Registry) -> None:
    reads, path = registry_service.reads, "/subjects/s/versions/latest"
    registry_service.registration.register("s", _avro("A"), normalize=False)
    asyncio.run(reads.subject_version(path))  # the first look at the counters: nothing kept yet
    reads.keep_subject_version(path, lambda: b"v1", registry_service.ctx.storage.counters().generation)
    assert asyncio.run(reads.subject_version(path)) == b"v1"
    registry_service.registration.register("other", _avro("B"), normalize=False)
    assert asyncio.run(reads.subject_version(path)) is None


def test_a_version_is_not_kept_when_its_subject_was_resolved_in_an_older_generation(
    registry_service: Registry,
) -> None:
    """The path's subject was found to be no alias before a write: the alias may have changed since."""
    reads, path = registry_service.reads, "/subjects/s/versions/latest"
    registry_service.registration.register("s", _avro("A"), normalize=False)
    resolved_at = registry_service.ctx.storage.counters().generation
    registry_service.settings.set_config("s", {"alias": "t"})
    asyncio.run(reads.subject_version(path))  # the cache sees the new generation
    assert reads.keep_subject_version(path, lambda: b"v1", resolved_at) == b"v1"
    assert asyncio.run(reads.subject_version(path)) is None


def test_without_a_database_read_a_kept_body_is_served_while_the_feed_vouches(registry_service: Registry) -> None:
    """What the outermost fast path asks: the feed's counters only, never a read of its own."""
    reads = registry_service.reads
    first = registry_service.registration.register("s", _avro("A"), normalize=False)
    path = "/subjects/s/versions/latest"
    assert reads.known_schema_by_id(first.schema_id) is None and reads.known_subject_version(path) is None
    reads.keep_schema_by_id(first.schema_id, lambda: b"body")
    reads.keep_subject_version(path, lambda: b"v1", registry_service.ctx.storage.counters().generation)
    assert reads.known_schema_by_id(first.schema_id) == b"body"
    assert reads.known_subject_version(path) == b"v1"
    registry_service.registration.register("other", _avro("B"), normalize=False)  # committed on this node
    assert reads.known_subject_version(path) is None
    assert reads.known_schema_by_id(first.schema_id) == b"body"
    registry_service.deletion.delete_subject("s", permanent=False)
    registry_service.deletion.delete_subject("s", permanent=True)
    assert reads.known_schema_by_id(first.schema_id) is None
