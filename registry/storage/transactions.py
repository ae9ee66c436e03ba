"""Read and write transactions: the only code that speaks SQL. Services receive these objects and never
hold a SQLAlchemy session or connection themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    cast,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)

from schemata.compat.versions import MAX_VERSION
from schemata.registry.domain import (
    DEFAULT_CONTEXT,
    DEFAULT_CONTEXT_PREFIX,
    GLOBAL_KEY,
    ConfigRecord,
    ContractRecord,
    ContractRole,
    Reference,
    SchemaKey,
    SchemaRecord,
    SubjectVersion,
    context_of,
    unqualified,
)
from schemata.registry.errors import OperationNotPermitted
from schemata.registry.storage.tables import (
    configs,
    context_schema_ids,
    contract_enforcement,
    contracts,
    lint_policies,
    modes,
    registry_state,
    schema_references,
    schemas,
    subject_versions,
)

_SV = subject_versions.c
_SC = schemas.c
#: A version row's columns with its schema's id in its context (`schema_id` there is the schema's key).
VERSION_COLUMNS = (_SV.subject, _SV.version, _SV.schema_id, _SC.public_id, _SV.deleted, _SV.ts)


def with_schema(query: Select[Any]) -> Select[Any]:
    return query.select_from(subject_versions).join(schemas, _SC.id == _SV.schema_id)


def references_to(subject: str) -> ColumnElement[bool]:
    """Whether a `schema_references` row, joined with its referring schema (`with_schema`), names `subject`:
    by its full name, or by its name within its context from a schema of that context, a subject of the
    default context also as `:.:name` (see `domain.in_context`)."""
    ref = schema_references.c
    context = context_of(subject)
    if context == DEFAULT_CONTEXT:
        spellings = (subject, DEFAULT_CONTEXT_PREFIX + subject)
        return and_(ref.subject.in_(spellings), _SC.context == DEFAULT_CONTEXT)
    return or_(ref.subject == subject, and_(ref.subject == unqualified(subject), _SC.context == context))


def version_of(row: Any) -> SubjectVersion:
    return SubjectVersion(
        row.subject, row.version, row.public_id, row.deleted, row.ts, schema_key=SchemaKey(row.schema_id)
    )


@dataclass(frozen=True, slots=True)
class Counters:
    """What the read caches compare: `generation` moves on every write, `removals` on every schema removed."""

    generation: int
    removals: int


#: The `configs` columns, named as `ConfigRecord`'s fields.
_CONFIG_FIELDS = tuple(f.name for f in fields(ConfigRecord))

#: Ids per `IN (...)` query: well below every back end's limit on bound parameters.
_BATCH = 1000


#: The largest offset or limit handed to SQL (both back ends bind 64-bit signed integers).
_MAX_ROWS = 2**62


def _paginated(query: Select[Any], offset: int, limit: int) -> Select[Any]:
    """Confluent's pagination: skip `offset` rows (from 0), then at most `limit` (<= 0: no limit); numbers
    past what SQL binds mean the same as the largest it does."""
    offset, limit = min(offset, _MAX_ROWS), min(limit, _MAX_ROWS)
    if offset > 0:
        query = query.offset(offset)
    return query.limit(limit) if limit > 0 else query


def _has_prefix(prefix: str) -> ColumnElement[bool]:
    """Subjects starting with `prefix`, case-sensitively on every back end (SQLite's LIKE is not)."""
    return func.substr(_SV.subject, 1, len(prefix)) == prefix


class ReadTxn:
    """Queries inside one transaction (a consistent view on PostgreSQL and SQLite alike)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # -- subjects and versions ------------------------------------------------------------------------
    def subjects(
        self, *, prefix: str = "", deleted: bool = False, deleted_only: bool = False, offset: int = 0, limit: int = -1
    ) -> list[str]:
        """Subject names, sorted, paginated (`limit` <= 0: all): live subjects (with a live version), or
        with `deleted` every subject, or with `deleted_only` those whose every version is soft-deleted."""
        query = select(_SV.subject).group_by(_SV.subject).order_by(_SV.subject)
        if prefix:
            query = query.where(_has_prefix(prefix))
        if deleted_only:
            query = query.having(func.sum(cast(~_SV.deleted, Integer)) == 0)
        elif not deleted:
            query = query.having(func.sum(cast(~_SV.deleted, Integer)) > 0)
        return list(self._conn.scalars(_paginated(query, offset, limit)))

    def has_live_subject(self) -> bool:
        return self._conn.execute(select(_SV.version).where(~_SV.deleted).limit(1)).first() is not None

    def versions(self, subject: str) -> list[SubjectVersion]:
        """Every version row of `subject`, soft-deleted ones included, oldest first."""
        query = with_schema(select(*VERSION_COLUMNS)).where(_SV.subject == subject).order_by(_SV.version)
        return [version_of(r) for r in self._conn.execute(query)]

    def subject_version(self, subject: str, version: int) -> SubjectVersion | None:
        query = with_schema(select(*VERSION_COLUMNS)).where(_SV.subject == subject, _SV.version == version)
        row = self._conn.execute(query).first()
        return version_of(row) if row else None

    def versions_of_schema(self, key: SchemaKey) -> list[SubjectVersion]:
        """Every (subject, version) using the schema, soft-deleted ones included."""
        query = with_schema(select(*VERSION_COLUMNS)).where(_SV.schema_id == key).order_by(_SV.subject, _SV.version)
        return [version_of(r) for r in self._conn.execute(query)]

    def listing(
        self, *, prefix: str, deleted: bool, latest_only: bool, offset: int, limit: int
    ) -> list[SubjectVersion]:
        """Subject versions for GET /schemas, ordered by subject then version, paginated (`limit` <= 0: all);
        `latest_only`: the newest of each subject's versions that the other filters keep."""
        query = with_schema(select(*VERSION_COLUMNS)).order_by(_SV.subject, _SV.version)
        filters = []
        if prefix:
            filters.append(_has_prefix(prefix))
        if not deleted:
            filters.append(~_SV.deleted)
        query = query.where(*filters)
        if latest_only:
            newest = (
                select(_SV.subject.label("subject"), func.max(_SV.version).label("version"))
                .where(*filters)
                .group_by(_SV.subject)
                .subquery()
            )
            query = query.join(newest, and_(newest.c.subject == _SV.subject, newest.c.version == _SV.version))
        rows = self._conn.execute(_paginated(query, offset, limit))
        return [version_of(r) for r in rows]

    def referrers(self, subject: str, version: int) -> list[SubjectVersion]:
        """The subject versions whose schema references `subject` at `version` (see `references_to`)."""
        ref = schema_references.c
        rows = self._conn.execute(
            with_schema(select(*VERSION_COLUMNS))
            .join(schema_references, ref.schema_id == _SV.schema_id)
            .where(references_to(subject), ref.version == version)
            .order_by(_SC.public_id, _SV.subject, _SV.version)
        )
        return [version_of(r) for r in rows]

    # -- schemas --------------------------------------------------------------------------------------
    def schema(self, key: SchemaKey) -> SchemaRecord | None:
        return self.schemas([key]).get(key)

    def schemas(self, keys: Sequence[SchemaKey]) -> dict[SchemaKey, SchemaRecord]:
        """The stored schemas among `keys`, by key: two queries per thousand keys, whatever their number."""
        found: dict[SchemaKey, SchemaRecord] = {}
        unique = sorted(set(keys))
        for start in range(0, len(unique), _BATCH):
            batch = unique[start : start + _BATCH]
            references = self._references(batch)
            rows = self._conn.execute(
                select(
                    _SC.id, _SC.public_id, _SC.context, _SC.schema_type, _SC.schema_text, _SC.metadata, _SC.rule_set,
                    _SC.guid,
                ).where(_SC.id.in_(batch))
            )
            for row in rows:
                key = SchemaKey(row.id)
                found[key] = SchemaRecord(
                    row.public_id, row.schema_type, row.schema_text, references.get(key, ()), row.metadata,
                    row.rule_set, row.guid, key=key, context=row.context,
                )
        return found

    def fingerprints(self, keys: Sequence[SchemaKey]) -> dict[SchemaKey, str]:
        """The stored fingerprints of the schemas among `keys`, by key."""
        unique = sorted(set(keys))
        found: dict[SchemaKey, str] = {}
        for start in range(0, len(unique), _BATCH):
            rows = self._conn.execute(
                select(_SC.id, _SC.fingerprint).where(_SC.id.in_(unique[start : start + _BATCH]))
            )
            found.update({SchemaKey(row.id): row.fingerprint for row in rows})
        return found

    def schema_key(self, context: str, schema_id: int) -> SchemaKey | None:
        """The key of the schema with id `schema_id` in `context`, if one is stored."""
        found = self._conn.scalar(select(_SC.id).where(_SC.context == context, _SC.public_id == schema_id))
        return None if found is None else SchemaKey(found)

    def schema_guid(self, key: SchemaKey) -> str | None:
        return self._conn.scalar(select(_SC.guid).where(_SC.id == key))

    def schema_key_with_guid(self, guid: str) -> SchemaKey | None:
        found = self._conn.scalar(select(_SC.id).where(_SC.guid == guid))
        return None if found is None else SchemaKey(found)

    def schema_keys_with_fingerprint(self, context: str, fingerprint: str) -> list[SchemaKey]:
        """The schemas of `context` with `fingerprint`, oldest id first (de-duplication is per context)."""
        query = select(_SC.id).where(_SC.context == context, _SC.fingerprint == fingerprint).order_by(_SC.public_id)
        return [SchemaKey(found) for found in self._conn.scalars(query)]

    def schema_in_use(self, key: SchemaKey) -> bool:
        """True while some subject version (soft-deleted or not) points at the schema."""
        return self._conn.execute(select(_SV.version).where(_SV.schema_id == key).limit(1)).first() is not None

    def max_schema_id(self, context: str) -> int:
        """The highest id of a schema that a version of `context` uses."""
        query = with_schema(select(func.coalesce(func.max(_SC.public_id), 0))).where(_SC.context == context)
        return int(self._conn.scalar(query) or 0)

    def _references(self, keys: Sequence[SchemaKey]) -> dict[SchemaKey, tuple[Reference, ...]]:
        ref = schema_references.c
        rows = self._conn.execute(
            select(ref.schema_id, ref.name, ref.subject, ref.version)
            .where(ref.schema_id.in_(list(keys)))
            .order_by(ref.schema_id, ref.position)
        )
        found: dict[SchemaKey, list[Reference]] = {}
        for r in rows:
            found.setdefault(SchemaKey(r.schema_id), []).append(Reference(r.name, r.subject, r.version))
        return {key: tuple(refs) for key, refs in found.items()}

    # -- config, mode and counters ---------------------------------------------------------------------
    def config(self, key: str) -> ConfigRecord | None:
        columns = [configs.c[name] for name in _CONFIG_FIELDS]
        row = self._conn.execute(select(*columns).where(configs.c.subject == key)).first()
        return ConfigRecord(**row._asdict()) if row else None

    def configs(self, keys: Sequence[str]) -> dict[str, ConfigRecord]:
        """The configs stored under any of `keys`, by key, in one query."""
        columns = [configs.c.subject, *(configs.c[name] for name in _CONFIG_FIELDS)]
        rows = self._conn.execute(select(*columns).where(configs.c.subject.in_(list(keys))))
        return {row.subject: ConfigRecord(*row[1:]) for row in rows}

    def modes(self, keys: Sequence[str]) -> dict[str, str]:
        """The modes stored under any of `keys`, by key, in one query."""
        rows = self._conn.execute(select(modes.c.subject, modes.c.mode).where(modes.c.subject.in_(list(keys))))
        return {row.subject: row.mode for row in rows}

    def mode(self, key: str) -> str | None:
        return self._conn.scalar(select(modes.c.mode).where(modes.c.subject == key))

    def lint_policy(self, key: str) -> str | None:
        """The stored lint policy (JSON text) of a subject, or of the registry under GLOBAL_KEY."""
        return self._conn.scalar(select(lint_policies.c.policy).where(lint_policies.c.subject == key))

    def counters(self) -> Counters:
        """The change counters that caches compare, in one query."""
        state = registry_state.c
        query = select(state.key, state.value).where(state.key.in_(("generation", "removals")))
        rows = {row.key: row.value for row in self._conn.execute(query)}
        return Counters(int(rows["generation"]), int(rows["removals"]))

    # -- event contracts ------------------------------------------------------------------------------
    def contracts(self, *, service: str | None = None, subject: str | None = None) -> list[ContractRecord]:
        """The contracts of one service, of one subject, or all of them, ordered by subject, service, role."""
        c = contracts.c
        query = select(contracts).order_by(c.subject, c.service, c.role)
        if service is not None:
            query = query.where(c.service == service)
        if subject is not None:
            query = query.where(c.subject == subject)
        return [_contract(row) for row in self._conn.execute(query)]

    def contract_services(self) -> list[str]:
        """The services that have contracts, sorted."""
        c = contracts.c
        return list(self._conn.scalars(select(c.service).group_by(c.service).order_by(c.service)))

    def enforcement(self, key: str) -> str | None:
        e = contract_enforcement.c
        return self._conn.scalar(select(e.mode).where(e.subject == key))

    def setting_scopes(self) -> dict[str, list[str]]:
        """The subjects and contexts (`:.ctx:`) holding a setting of their own, by kind of setting, sorted."""
        tables = {"config": configs, "mode": modes, "lint": lint_policies, "enforcement": contract_enforcement}
        return {
            kind: list(self._conn.scalars(
                select(table.c.subject).where(table.c.subject != GLOBAL_KEY).order_by(table.c.subject)
            ))
            for kind, table in tables.items()
        }


class WriteTxn(ReadTxn):
    """A write transaction. Opening one takes the registry's write lock (see `Storage.write`)."""

    def bump_generation(self) -> int:
        """Increment the change counter. As the first statement of a write transaction it also takes the
        row lock that serialises writers across every node sharing the database."""
        return int(
            self._conn.execute(
                update(registry_state)
                .where(registry_state.c.key == "generation")
                .values(value=registry_state.c.value + 1)
                .returning(registry_state.c.value)
            ).scalar_one()
        )

    def allocate_schema_id(self, context: str) -> int:
        """The next schema id of `context`: one past the highest it ever handed out (ids are never reused; a
        new context starts at 1). Writers hold the registry's write lock, so no two take the same one."""
        last = self._last_schema_id(context)
        new = last + 1
        if new > MAX_VERSION:
            raise OperationNotPermitted(
                f"No schema id is left in context {context}: ids go up to {MAX_VERSION} and the highest was "
                "handed out (an import may have taken it); a new schema cannot be registered"
            )
        self._set_last_schema_id(context, new)
        return new

    def raise_schema_id_floor(self, context: str, schema_id: int) -> None:
        """After importing `schema_id` into `context`, make sure its later allocations start above it."""
        if self._last_schema_id(context) < schema_id:
            self._set_last_schema_id(context, schema_id)

    def _last_schema_id(self, context: str) -> int:
        counter = context_schema_ids.c
        found = self._conn.scalar(select(counter.last_id).where(counter.context == context))
        if found is None:
            self._conn.execute(insert(context_schema_ids).values(context=context, last_id=0))
            return 0
        return int(found)

    def _set_last_schema_id(self, context: str, value: int) -> None:
        counter = context_schema_ids.c
        self._conn.execute(update(context_schema_ids).where(counter.context == context).values(last_id=value))

    def insert_schema(self, record: SchemaRecord, fingerprint: str) -> SchemaKey:
        """Store a new schema (its `key` is chosen here) with its references; returns the key."""
        key = SchemaKey(int(self._conn.scalar(select(func.coalesce(func.max(_SC.id), 0))) or 0) + 1)
        self._conn.execute(
            insert(schemas).values(
                id=key,
                context=record.context,
                public_id=record.id,
                schema_type=record.schema_type,
                schema_text=record.text,
                fingerprint=fingerprint,
                metadata=record.metadata,
                rule_set=record.rule_set,
                guid=record.guid,
            )
        )
        if record.references:
            self._conn.execute(
                insert(schema_references),
                [
                    {"schema_id": key, "position": i, "name": r.name, "subject": r.subject, "version": r.version}
                    for i, r in enumerate(record.references)
                ],
            )
        return key

    def delete_schema(self, key: SchemaKey) -> None:
        """Delete a schema for good, and count the removal (see `registry_state`)."""
        self._conn.execute(delete(schema_references).where(schema_references.c.schema_id == key))
        self._conn.execute(delete(schemas).where(_SC.id == key))
        state = registry_state.c
        self._conn.execute(update(registry_state).where(state.key == "removals").values(value=state.value + 1))

    def insert_version(self, version: SubjectVersion) -> None:
        self._conn.execute(
            insert(subject_versions).values(
                subject=version.subject,
                version=version.version,
                schema_id=version.schema_key,
                deleted=version.deleted,
                ts=version.ts,
            )
        )

    def mark_deleted(self, subject: str, versions: Sequence[int]) -> None:
        self._conn.execute(
            update(subject_versions)
            .where(and_(_SV.subject == subject, _SV.version.in_(list(versions))))
            .values(deleted=True)
        )

    def remove_versions(self, subject: str, versions: Sequence[int]) -> None:
        self._conn.execute(
            delete(subject_versions).where(and_(_SV.subject == subject, _SV.version.in_(list(versions))))
        )

    def set_config(self, key: str, config: ConfigRecord) -> None:
        self._conn.execute(delete(configs).where(configs.c.subject == key))
        values = {name: getattr(config, name) for name in _CONFIG_FIELDS}
        self._conn.execute(insert(configs).values(subject=key, **values))

    def delete_config(self, key: str) -> None:
        self._conn.execute(delete(configs).where(configs.c.subject == key))

    def set_mode(self, key: str, mode: str) -> None:
        self._conn.execute(delete(modes).where(modes.c.subject == key))
        self._conn.execute(insert(modes).values(subject=key, mode=mode))

    def delete_mode(self, key: str) -> None:
        self._conn.execute(delete(modes).where(modes.c.subject == key))

    def replace_contracts(self, service: str, records: Sequence[ContractRecord]) -> None:
        """Make `records` the whole set of `service`'s contracts."""
        self.delete_contracts(service)
        if records:
            self._conn.execute(insert(contracts), [_contract_row(record) for record in records])

    def delete_contracts(self, service: str) -> None:
        self._conn.execute(delete(contracts).where(contracts.c.service == service))

    def set_enforcement(self, key: str, mode: str) -> None:
        e = contract_enforcement.c
        self._conn.execute(delete(contract_enforcement).where(e.subject == key))
        self._conn.execute(insert(contract_enforcement).values(subject=key, mode=mode))

    def delete_enforcement(self, key: str) -> None:
        self._conn.execute(delete(contract_enforcement).where(contract_enforcement.c.subject == key))

    def set_lint_policy(self, key: str, policy: str | None) -> None:
        """Store a lint policy (JSON text), or remove it with None."""
        self._conn.execute(delete(lint_policies).where(lint_policies.c.subject == key))
        if policy is not None:
            self._conn.execute(insert(lint_policies).values(subject=key, policy=policy))


def _contract(row: Any) -> ContractRecord:
    references = orjson.loads(row.schema_references) if row.schema_references else []
    return ContractRecord(
        row.service,
        row.subject,
        ContractRole(row.role),
        row.topic,
        row.schema_type,
        row.schema_text,
        tuple(Reference(r["name"], r["subject"], r["version"]) for r in references),
        row.from_version,
    )


def _contract_row(record: ContractRecord) -> dict[str, Any]:
    return {
        "service": record.service,
        "subject": record.subject,
        "role": record.role.value,
        "topic": record.topic,
        "schema_type": record.schema_type,
        "schema_text": record.schema,
        "schema_references": orjson.dumps([r.as_dict() for r in record.references]).decode()
        if record.references
        else None,
        "from_version": record.from_version,
    }
