"""Read and write transactions: the only code that speaks SQL. Services receive these objects and never
hold a SQLAlchemy session or connection themselves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Connection, Integer, Select, and_, cast, delete, func, insert, select, update

from schemata.compat.versions import MAX_VERSION
from schemata.registry.domain import ConfigRecord, ContractRecord, ContractRole, Reference, SchemaRecord, SubjectVersion
from schemata.registry.errors import OperationNotPermitted
from schemata.registry.storage.tables import (
    configs,
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
        rows = self._conn.execute(
            select(_SV.version, _SV.schema_id, _SV.deleted, _SV.ts).where(_SV.subject == subject).order_by(_SV.version)
        )
        return [SubjectVersion(subject, r.version, r.schema_id, r.deleted, r.ts) for r in rows]

    def subject_version(self, subject: str, version: int) -> SubjectVersion | None:
        row = self._conn.execute(
            select(_SV.schema_id, _SV.deleted, _SV.ts).where(_SV.subject == subject, _SV.version == version)
        ).first()
        return SubjectVersion(subject, version, row.schema_id, row.deleted, row.ts) if row else None

    def versions_of_schema(self, schema_id: int) -> list[SubjectVersion]:
        """Every (subject, version) using `schema_id`, soft-deleted ones included."""
        rows = self._conn.execute(
            select(_SV.subject, _SV.version, _SV.deleted, _SV.ts)
            .where(_SV.schema_id == schema_id)
            .order_by(_SV.subject, _SV.version)
        )
        return [SubjectVersion(r.subject, r.version, schema_id, r.deleted, r.ts) for r in rows]

    def listing(
        self, *, prefix: str, deleted: bool, latest_only: bool, offset: int, limit: int
    ) -> list[SubjectVersion]:
        """Subject versions for GET /schemas, ordered by subject then version, paginated (`limit` <= 0: all);
        `latest_only`: the newest of each subject's versions that the other filters keep."""
        query = select(_SV.subject, _SV.version, _SV.schema_id, _SV.deleted, _SV.ts).order_by(
            _SV.subject, _SV.version
        )
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
        return [SubjectVersion(r.subject, r.version, r.schema_id, r.deleted, r.ts) for r in rows]

    def referrers(self, subject: str, version: int) -> list[SubjectVersion]:
        """The subject versions whose schema references `subject` at `version`."""
        ref = schema_references.c
        rows = self._conn.execute(
            select(_SV.subject, _SV.version, _SV.schema_id, _SV.deleted)
            .join(schema_references, ref.schema_id == _SV.schema_id)
            .where(ref.subject == subject, ref.version == version)
            .order_by(_SV.schema_id, _SV.subject, _SV.version)
        )
        return [SubjectVersion(r.subject, r.version, r.schema_id, r.deleted) for r in rows]

    # -- schemas --------------------------------------------------------------------------------------
    def schema(self, schema_id: int) -> SchemaRecord | None:
        return self.schemas([schema_id]).get(schema_id)

    def schemas(self, schema_ids: Sequence[int]) -> dict[int, SchemaRecord]:
        """The stored schemas among `schema_ids`, by id: two queries per thousand ids, whatever their number."""
        found: dict[int, SchemaRecord] = {}
        unique = sorted(set(schema_ids))
        for start in range(0, len(unique), _BATCH):
            batch = unique[start : start + _BATCH]
            references = self._references(batch)
            c = schemas.c
            rows = self._conn.execute(
                select(c.id, c.schema_type, c.schema_text, c.metadata, c.rule_set, c.guid).where(c.id.in_(batch))
            )
            for row in rows:
                refs = references.get(row.id, ())
                found[row.id] = SchemaRecord(
                    row.id, row.schema_type, row.schema_text, refs, row.metadata, row.rule_set, row.guid
                )
        return found

    def fingerprints(self, schema_ids: Sequence[int]) -> dict[int, str]:
        """The stored fingerprints of the schemas among `schema_ids`, by id."""
        unique = sorted(set(schema_ids))
        found: dict[int, str] = {}
        for start in range(0, len(unique), _BATCH):
            rows = self._conn.execute(
                select(schemas.c.id, schemas.c.fingerprint).where(schemas.c.id.in_(unique[start : start + _BATCH]))
            )
            found.update({row.id: row.fingerprint for row in rows})
        return found
    def schema_guid(self, schema_id: int) -> str | None:
        return self._conn.scalar(select(schemas.c.guid).where(schemas.c.id == schema_id))

    def schema_id_with_guid(self, guid: str) -> int | None:
        return self._conn.scalar(select(schemas.c.id).where(schemas.c.guid == guid))

    def schema_ids_with_fingerprint(self, fingerprint: str) -> list[int]:
        return list(
            self._conn.scalars(select(schemas.c.id).where(schemas.c.fingerprint == fingerprint).order_by(schemas.c.id))
        )

    def schema_in_use(self, schema_id: int) -> bool:
        """True while some subject version (soft-deleted or not) points at the schema."""
        return self._conn.execute(select(_SV.version).where(_SV.schema_id == schema_id).limit(1)).first() is not None

    def max_schema_id(self) -> int:
        return int(self._conn.scalar(select(func.coalesce(func.max(_SV.schema_id), 0))) or 0)

    def _references(self, schema_ids: Sequence[int]) -> dict[int, tuple[Reference, ...]]:
        ref = schema_references.c
        rows = self._conn.execute(
            select(ref.schema_id, ref.name, ref.subject, ref.version)
            .where(ref.schema_id.in_(list(schema_ids)))
            .order_by(ref.schema_id, ref.position)
        )
        found: dict[int, list[Reference]] = {}
        for r in rows:
            found.setdefault(r.schema_id, []).append(Reference(r.name, r.subject, r.version))
        return {schema_id: tuple(refs) for schema_id, refs in found.items()}

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

    def allocate_schema_id(self, at_least: int = 0) -> int:
        """The next schema id: one past the highest ever handed out (ids are never reused), or `at_least`
        when an import brings a higher one."""
        state = registry_state.c
        current = int(self._conn.execute(select(state.value).where(state.key == "schema_id")).scalar_one())
        new = max(current + 1, at_least)
        if new > MAX_VERSION:
            raise OperationNotPermitted(
                f"No schema id is left: ids go up to {MAX_VERSION} and the highest was handed out (an import "
                "may have taken it); a new schema cannot be registered"
            )
        self._conn.execute(update(registry_state).where(state.key == "schema_id").values(value=new))
        return new

    def raise_schema_id_floor(self, schema_id: int) -> None:
        """After importing `schema_id`, make sure later allocations start above it."""
        state = registry_state.c
        self._conn.execute(
            update(registry_state).where(state.key == "schema_id", state.value < schema_id).values(value=schema_id)
        )

    def insert_schema(self, record: SchemaRecord, fingerprint: str) -> None:
        self._conn.execute(
            insert(schemas).values(
                id=record.id,
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
                    {"schema_id": record.id, "position": i, "name": r.name, "subject": r.subject, "version": r.version}
                    for i, r in enumerate(record.references)
                ],
            )

    def delete_schema(self, schema_id: int) -> None:
        """Delete a schema for good, and count the removal (see `registry_state`)."""
        self._conn.execute(delete(schema_references).where(schema_references.c.schema_id == schema_id))
        self._conn.execute(delete(schemas).where(schemas.c.id == schema_id))
        state = registry_state.c
        self._conn.execute(update(registry_state).where(state.key == "removals").values(value=state.value + 1))

    def insert_version(self, version: SubjectVersion) -> None:
        self._conn.execute(
            insert(subject_versions).values(
                subject=version.subject,
                version=version.version,
                schema_id=version.schema_id,
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
