"""Read-only queries: subjects, versions, schemas by id, listings, references, contexts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from schemata.registry.domain import SchemaRecord, SubjectVersion
from schemata.registry.errors import SchemaNotFound, SubjectNotFound
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import metadata_properties
from schemata.registry.service.names import DEFAULT_CONTEXT, context_of, could_begin_a_subject, listing_prefix
from schemata.registry.service.registration import Registered
from schemata.registry.storage import ReadTxn

T = TypeVar("T")


class SubjectFilter(Protocol):
    """The subjects a caller may see (the security layer's `SubjectPatterns`)."""

    def matches(self, subject: str) -> bool: ...

    def prefixes_within(self, prefix: str) -> list[str]:
        """The disjoint subject prefixes, within `prefix`, whose subjects include every match."""
        ...


@dataclass(frozen=True)
class SchemaById:
    record: SchemaRecord
    max_id: int | None
    rendered: str | None


def page(items: list[T], offset: int, limit: int) -> list[T]:
    """Confluent pagination: `offset` from 0, `limit` -1 (or 0) for everything."""
    items = items[max(offset, 0) :]
    return items[:limit] if limit > 0 else items


class QueryService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def subjects(
        self,
        *,
        prefix: str,
        deleted: bool,
        deleted_only: bool,
        offset: int,
        limit: int,
        readable: SubjectFilter | None = None,
    ) -> list[str]:
        """Subject names; with `readable`, only those it matches, read from its patterns' prefixes alone."""
        if not could_begin_a_subject(prefix):  # a NUL, say, which PostgreSQL would refuse to compare
            return []
        with self.ctx.storage.read() as txn:
            if readable is None:
                return txn.subjects(
                    prefix=listing_prefix(prefix),
                    deleted=deleted,
                    deleted_only=deleted_only,
                    offset=offset,
                    limit=limit,
                )
            names = [
                name
                for start in readable.prefixes_within(listing_prefix(prefix))
                for name in txn.subjects(prefix=start, deleted=deleted, deleted_only=deleted_only)
                if readable.matches(name)
            ]
        return page(sorted(names), offset, limit)

    def versions(self, subject: str, *, deleted: bool, deleted_only: bool, as_negative: bool) -> list[int]:
        with self.ctx.storage.read() as txn:
            rows = txn.versions(subject)
        if not rows or (not (deleted or deleted_only or as_negative) and all(v.deleted for v in rows)):
            raise SubjectNotFound(subject)
        if deleted_only:
            return [v.version for v in rows if v.deleted]
        if as_negative:
            return [-v.version if v.deleted else v.version for v in rows]
        return [v.version for v in rows if deleted or not v.deleted]

    def version(self, subject: str, version: int | str, *, deleted: bool, fmt: str | None = None) -> Registered:
        """A subject version; with `fmt`, its schema in that format where the schema type has one."""
        with self.ctx.storage.read() as txn:
            found = self.ctx.find_version(txn, subject, version, deleted=deleted)
            record = self.ctx.schema_record(txn, found.schema_id)
            rendered = self.ctx.parser.parsed(txn, record).render(fmt) if fmt else None
            registered = Registered.of(found, record)
            return registered if rendered is None else replace(registered, schema=rendered)

    def latest_with_metadata(
        self, subject: str, properties: dict[str, str], *, deleted: bool, fmt: str | None = None
    ) -> Registered:
        """The newest version of `subject` whose metadata properties include all of `properties`
        (GET /subjects/{subject}/metadata, what `use.latest.with.metadata` asks); 40401, or 40403 if none.
        With `fmt`, its schema in that format (confluent-kafka's Protobuf serializers ask for `serialized`)."""
        with self.ctx.storage.read() as txn:
            versions = [v for v in txn.versions(subject) if deleted or not v.deleted]
            if not versions:
                raise SubjectNotFound(subject)
            records = txn.schemas([v.schema_id for v in versions])
        for version in reversed(versions):
            record = records[version.schema_id]
            stored = metadata_properties(record.metadata)
            if all(stored.get(key) == value for key, value in properties.items()):
                if fmt:
                    return self.version(subject, version.version, deleted=True, fmt=fmt)
                return Registered.of(version, record)
        raise SchemaNotFound()

    def schema_by_id(self, schema_id: int, *, fmt: str | None, fetch_max_id: bool) -> SchemaById:
        with self.ctx.storage.read() as txn:
            return self._by_id(txn, schema_id, fmt=fmt, fetch_max_id=fetch_max_id)

    def schema_by_guid(self, guid: str, *, fmt: str | None) -> SchemaById:
        """A schema by its GUID; 40403 if no live or soft-deleted version uses one with it."""
        with self.ctx.storage.read() as txn:
            schema_id = txn.schema_id_with_guid(guid)
            if schema_id is None:
                raise SchemaNotFound(guid)
            return self._by_id(txn, schema_id, fmt=fmt, fetch_max_id=False)

    def schema_usages(
        self, schema_id: int, *, deleted: bool, readable: SubjectFilter | None = None
    ) -> list[SubjectVersion]:
        """The versions using a schema; with `readable`, those of the subjects it matches (40403 if none)."""
        with self.ctx.storage.read() as txn:
            usages = txn.versions_of_schema(schema_id)
        if readable is not None:
            usages = [u for u in usages if readable.matches(u.subject)]
        if not usages:
            raise SchemaNotFound(schema_id)
        return [u for u in usages if deleted or not u.deleted]

    def schemas(
        self,
        *,
        prefix: str,
        deleted: bool,
        latest_only: bool,
        offset: int,
        limit: int,
        readable: SubjectFilter | None = None,
    ) -> list[Registered]:
        """Subject versions for GET /schemas; with `readable`, only its subjects', read from its prefixes alone."""
        if not could_begin_a_subject(prefix):
            return []
        with self.ctx.storage.read() as txn:
            if readable is None:
                rows = txn.listing(
                    prefix=listing_prefix(prefix), deleted=deleted, latest_only=latest_only, offset=offset, limit=limit
                )
            else:
                found = [
                    row
                    for start in readable.prefixes_within(listing_prefix(prefix))
                    for row in txn.listing(prefix=start, deleted=deleted, latest_only=latest_only, offset=0, limit=-1)
                    if readable.matches(row.subject)
                ]
                rows = page(sorted(found, key=lambda row: (row.subject, row.version)), offset, limit)
            records = txn.schemas([row.schema_id for row in rows])
        return [Registered.of(row, records[row.schema_id]) for row in rows]

    def referenced_by(self, subject: str, version: int | str, *, deleted: bool = False) -> list[int]:
        """The ids of the schemas referring to a version (of live versions only, unless `deleted`)."""
        with self.ctx.storage.read() as txn:
            found = self.ctx.find_version(txn, subject, version, deleted=deleted)
            return sorted({r.schema_id for r in txn.referrers(subject, found.version) if deleted or not r.deleted})

    def contexts(self, readable: SubjectFilter | None = None) -> list[str]:
        """The default context and those of the subjects (with `readable`, of the subjects it matches)."""
        with self.ctx.storage.read() as txn:
            names = txn.subjects(prefix=":.", deleted=True)  # only qualified subjects name another context
        if readable is not None:
            names = [name for name in names if readable.matches(name)]
        return [DEFAULT_CONTEXT, *sorted({context_of(s) for s in names} - {DEFAULT_CONTEXT})]

    def _by_id(self, txn: ReadTxn, schema_id: int, *, fmt: str | None, fetch_max_id: bool) -> SchemaById:
        record = self._live_record(txn, schema_id)
        rendered = self.ctx.parser.parsed(txn, record).render(fmt) if fmt else None
        return SchemaById(record, txn.max_schema_id() if fetch_max_id else None, rendered)

    def _live_record(self, txn: ReadTxn, schema_id: int) -> SchemaRecord:
        record = txn.schema(schema_id)
        if record is None or not txn.schema_in_use(schema_id):
            raise SchemaNotFound(schema_id)
        return record
