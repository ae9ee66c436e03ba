"""Read-only queries: subjects, versions, schemas by id, listings, references, contexts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from schemata.registry.domain import SchemaKey, SchemaRecord, SubjectVersion, normalized_subject, unqualified
from schemata.registry.errors import SchemaNotFound, SubjectNotFound, VersionNotFound
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import metadata_properties
from schemata.registry.service.names import DEFAULT_CONTEXT, context_of, could_begin_a_subject, listing_prefix
from schemata.registry.service.registration import Registered
from schemata.registry.storage import ReadTxn

T = TypeVar("T")
#: What a read of a subject answers when the subject, its version or the schema is not there.
_MISSING = (SubjectNotFound, VersionNotFound, SchemaNotFound)


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
    #: The version of the subject asked for (`?subject=`) that uses the schema, when one does.
    usage: SubjectVersion | None = None


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

    def using_contexts(self, subject: str, read: Callable[[str], T], readable: SubjectFilter | None = None) -> T:
        """`read(subject)`; if that finds nothing (40401, 40402, 40403) and `subject` is of the default context,
        `read` of the subject of that name in each other context (that `readable` matches), in context order,
        as Confluent's `getUsingContexts` and `lookUpSchemaUnderSubjectUsingContexts` do (Schema Linking's
        copies): the first answer found, else the first error. Reads only: a write never lands elsewhere."""
        try:
            return read(subject)
        except _MISSING as missing:
            with self.ctx.storage.read() as txn:
                elsewhere = self._elsewhere(txn, subject)
            for candidate in (c for c in elsewhere if readable is None or readable.matches(c)):
                try:
                    return read(candidate)
                except _MISSING:
                    continue
            raise missing

    def version(
        self,
        subject: str,
        version: int | str,
        *,
        deleted: bool,
        fmt: str | None = None,
        readable: SubjectFilter | None = None,
    ) -> Registered:
        """A subject version (found `using_contexts`); with `fmt`, its schema in that format where the schema
        type has one."""
        return self.using_contexts(
            subject, lambda name: self._version(name, version, deleted=deleted, fmt=fmt), readable
        )

    def _version(self, subject: str, version: int | str, *, deleted: bool, fmt: str | None) -> Registered:
        with self.ctx.storage.read() as txn:
            found = self.ctx.find_version(txn, subject, version, deleted=deleted)
            record = self.ctx.schema_record(txn, found)
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
            records = txn.schemas([v.schema_key for v in versions])
        for version in reversed(versions):
            record = records[version.schema_key]
            stored = metadata_properties(record.metadata)
            if all(stored.get(key) == value for key, value in properties.items()):
                if fmt:
                    return self.version(subject, version.version, deleted=True, fmt=fmt)
                return Registered.of(version, record)
        raise SchemaNotFound()

    def schema_by_id(
        self, schema_id: int, *, subject: str | None = None, fmt: str | None, fetch_max_id: bool
    ) -> SchemaById:
        """Schema `schema_id` as `GET /schemas/ids/{id}?subject=` finds it (see `_find`)."""
        with self.ctx.storage.read() as txn:
            key, usage = self._find(txn, schema_id, subject)
            return self._by_key(txn, key, usage, fmt=fmt, fetch_max_id=fetch_max_id)

    def schema_by_guid(self, guid: str, *, fmt: str | None) -> SchemaById:
        """A schema by its GUID (one per schema of each context); 40403 if no live or soft-deleted version
        uses one with it."""
        with self.ctx.storage.read() as txn:
            key = txn.schema_key_with_guid(guid)
            if key is None or not txn.schema_in_use(key):
                raise SchemaNotFound(guid)
            return self._by_key(txn, key, None, fmt=fmt, fetch_max_id=False)

    def schema_usages(
        self, schema_id: int, *, subject: str | None = None, deleted: bool, readable: SubjectFilter | None = None
    ) -> list[SubjectVersion]:
        """The versions using a schema (found as `_find` finds it); with `readable`, those of the subjects it
        matches (40403 if none)."""
        with self.ctx.storage.read() as txn:
            usages = txn.versions_of_schema(self._find(txn, schema_id, subject)[0])
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
            records = txn.schemas([row.schema_key for row in rows])
        return [Registered.of(row, records[row.schema_key]) for row in rows]

    def referenced_by(
        self, subject: str, version: int | str, *, deleted: bool = False, readable: SubjectFilter | None = None
    ) -> list[int]:
        """The ids of the schemas referring to a version (found `using_contexts`; of live versions only, unless
        `deleted`)."""
        return self.using_contexts(
            subject, lambda name: self._referenced_by(name, version, deleted=deleted), readable
        )

    def _referenced_by(self, subject: str, version: int | str, *, deleted: bool) -> list[int]:
        with self.ctx.storage.read() as txn:
            found = self.ctx.find_version(txn, subject, version, deleted=deleted)
            return sorted({r.schema_id for r in txn.referrers(subject, found.version) if deleted or not r.deleted})

    def contexts(self, readable: SubjectFilter | None = None) -> list[str]:
        """The default context and those of the subjects (with `readable`, of the subjects it matches)."""
        with self.ctx.storage.read() as txn:
            if readable is None:
                return self._contexts(txn)
            names = txn.subjects(prefix=":.", deleted=True)  # only qualified subjects name another context
        names = [name for name in names if readable.matches(name)]
        return [DEFAULT_CONTEXT, *sorted({context_of(s) for s in names} - {DEFAULT_CONTEXT})]

    def _by_key(
        self, txn: ReadTxn, key: SchemaKey, usage: SubjectVersion | None, *, fmt: str | None, fetch_max_id: bool
    ) -> SchemaById:
        record = txn.schema(key)
        if record is None:  # `_find` and `schema_by_guid` saw it in use in this transaction
            raise SchemaNotFound()
        rendered = self.ctx.parser.parsed(txn, record).render(fmt) if fmt else None
        return SchemaById(record, txn.max_schema_id(record.context) if fetch_max_id else None, rendered, usage)

    def _find(self, txn: ReadTxn, schema_id: int, subject: str | None) -> tuple[SchemaKey, SubjectVersion | None]:
        """The schema that id `schema_id` names for a request naming `subject` (normalised: `:.:s` is `s`,
        `:.ctx` is `:.ctx:`), as Confluent resolves it:
        - no subject: the id in the default context;
        - a context alone (`:.ctx:`): the id in that context;
        - a subject of another context (`:.ctx:s`): the id if `s` uses it there, else 40403;
        - a subject of the default context: the id if the subject uses it, else if the subject of that name
          in some other context does (in context order: Schema Linking's copies), else the id in the default
          context.
        With the version of the subject that uses it (its newest, soft-deleted ones included), if one does."""
        subject = normalized_subject(subject or "")
        if not subject:
            return self._in_context(txn, DEFAULT_CONTEXT, schema_id), None
        context = context_of(subject)
        if not unqualified(subject):
            return self._in_context(txn, context, schema_id), None
        for candidate in [subject, *self._elsewhere(txn, subject)]:
            using = [v for v in txn.versions(candidate) if v.schema_id == schema_id]
            if using:
                return using[-1].schema_key, using[-1]
        if context != DEFAULT_CONTEXT:
            raise SchemaNotFound(schema_id)
        return self._in_context(txn, DEFAULT_CONTEXT, schema_id), None

    @staticmethod
    def _in_context(txn: ReadTxn, context: str, schema_id: int) -> SchemaKey:
        """The key of schema `schema_id` of `context`, if a version (soft-deleted or not) uses it; else 40403."""
        key = txn.schema_key(context, schema_id)
        if key is None or not txn.schema_in_use(key):
            raise SchemaNotFound(schema_id)
        return key

    @classmethod
    def _elsewhere(cls, txn: ReadTxn, subject: str) -> list[str]:
        """For a subject of the default context, the subjects of its name in the other contexts, in context
        order (Confluent's `allContexts`); for any other subject, none."""
        subject = normalized_subject(subject)
        if context_of(subject) != DEFAULT_CONTEXT or not subject:
            return []
        return [f":{other}:{subject}" for other in cls._contexts(txn)[1:]]

    @staticmethod
    def _contexts(txn: ReadTxn) -> list[str]:
        """The default context, then those of the subjects, sorted."""
        names = txn.subjects(prefix=":.", deleted=True)  # only qualified subjects name another context
        return [DEFAULT_CONTEXT, *sorted({context_of(s) for s in names} - {DEFAULT_CONTEXT})]
