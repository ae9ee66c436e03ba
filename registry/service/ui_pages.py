"""What the web UI's pages show, read in a few batched queries per page: a page of subjects (found by a part
of their name) with each one's type, latest version, level, versions and services; one subject with its
versions, config, mode, references and services; one version's schema and contract parts; the audit log.

Callable without HTTP (the UI's handlers only render these); `readable` limits what a caller sees, as the
security layer's listings do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from schemata.registry.domain import (
    AuditEntry,
    ConfigRecord,
    ContractRecord,
    ContractRole,
    Enforcement,
    Mode,
    SchemaRecord,
    SubjectVersion,
)
from schemata.registry.errors import InvalidRequest, SubjectNotFound
from schemata.registry.service.config_fields import config_json
from schemata.registry.service.context import ServiceContext, merged_config, scope_keys
from schemata.registry.service.event_contracts import ContractService
from schemata.registry.service.names import LATEST, subject_named
from schemata.registry.service.queries import SubjectFilter, page
from schemata.registry.storage import ReadTxn

#: Subjects on one page of the list, by default and at most.
PAGE_SIZE, MAX_PAGE_SIZE = 50, 200
#: Audit entries on one page, by default and at most.
AUDIT_PAGE, MAX_AUDIT_PAGE = 100, 1000
#: The longest search text (a subject name is at most a few hundred bytes).
MAX_SEARCH = 255


@dataclass(frozen=True)
class SubjectRow:
    """One subject as the list shows it."""

    subject: str
    schema_type: str
    latest: int
    versions: int
    deleted_versions: int
    level: str
    producers: tuple[str, ...]
    consumers: tuple[str, ...]


@dataclass(frozen=True)
class SubjectPage:
    rows: list[SubjectRow]
    total: int
    contains: str
    offset: int
    limit: int

    @property
    def previous_offset(self) -> int | None:
        return max(self.offset - self.limit, 0) if self.offset > 0 else None

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.total else None


@dataclass(frozen=True)
class VersionView:
    """One version with its schema and its contract parts (metadata and rule set, parsed)."""

    subject: str
    version: int
    schema_id: int
    deleted: bool
    registered_at: datetime | None
    record: SchemaRecord
    metadata: dict[str, Any] | None
    rule_set: dict[str, Any] | None

    @property
    def schema_type(self) -> str:
        return self.record.schema_type


@dataclass(frozen=True)
class SubjectView:
    """One subject: its versions (soft-deleted ones included, oldest first), the version shown, its settings
    and who produces, consumes and references it."""

    subject: str
    versions: list[SubjectVersion]
    shown: VersionView
    #: The config in force (each field from the nearest scope that sets it), by its JSON key.
    config: dict[str, Any]
    #: The fields set on the subject itself, by JSON key.
    own_config: dict[str, Any]
    mode: Mode
    enforcement: Enforcement
    producers: list[ContractRecord]
    consumers: list[ContractRecord]
    #: (version of this subject, a version whose schema references it).
    referenced_by: list[tuple[int, SubjectVersion]] = field(default_factory=list)

    @property
    def live_versions(self) -> list[int]:
        return [v.version for v in self.versions if not v.deleted]


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    subject: str | None
    limit: int

    @property
    def older(self) -> int | None:
        """The `before` of the next page (older entries), if this one is full."""
        return self.entries[-1].id if len(self.entries) == self.limit and self.entries else None


def registered_at(ts_millis: int | None) -> datetime | None:
    return datetime.fromtimestamp(ts_millis / 1000, UTC) if ts_millis is not None else None


def audit_time(entry: AuditEntry) -> datetime:
    return datetime.fromtimestamp(entry.at_micros / 1_000_000, UTC)


class UiPagesService:
    def __init__(self, ctx: ServiceContext, contracts: ContractService) -> None:
        self.ctx = ctx
        self.contracts = contracts
        #: The live subjects' names, sorted, as of a database generation, and casefolded for the search.
        self._names: tuple[int, list[str], list[str]] | None = None

    def subjects(
        self, *, contains: str = "", offset: int = 0, limit: int = PAGE_SIZE, readable: SubjectFilter | None = None
    ) -> SubjectPage:
        """A page of the live subjects whose name holds `contains` (in any case; sorted by name), each with
        what the list shows; with `readable`, only the subjects it matches."""
        contains = contains.strip()
        _check_page(offset, limit, MAX_PAGE_SIZE)
        if len(contains) > MAX_SEARCH:
            raise InvalidRequest(f"The search text is at most {MAX_SEARCH} characters ({len(contains)} given)")
        with self.ctx.storage.browse() as (txn, browse):
            found = self._matching(txn, contains, readable)
            names = page(found, offset, limit)
            versions = browse.versions(names)
            latest = {name: [v for v in rows if not v.deleted][-1] for name, rows in versions.items()}
            types = browse.schema_types([v.schema_key for v in latest.values()])
            services = browse.services(names)
            keys = {s: scope_keys(s) for s in names}
            stored = txn.configs(sorted({key for scope in keys.values() for key in scope}))
        default = self.ctx.settings.default_compatibility
        rows = []
        for name in names:
            config = merged_config(*(stored.get(key) for key in keys[name]))
            live = sum(not v.deleted for v in versions[name])
            rows.append(SubjectRow(
                name, types.get(latest[name].schema_key, "AVRO"), latest[name].version, live,
                len(versions[name]) - live, config.compatibility or default,
                tuple(services[name][ContractRole.PRODUCES]), tuple(services[name][ContractRole.CONSUMES]),
            ))
        return SubjectPage(rows, len(found), contains, offset, limit)

    def _matching(self, txn: ReadTxn, contains: str, readable: SubjectFilter | None) -> list[str]:
        """The live subjects (that `readable` matches) whose name holds `contains`, ignoring case, sorted.

        Every page of the list needs the names of all live subjects (to filter, to count): they are read
        once per database generation (one small query tells whether any write happened since, on any node)
        and kept, so that a page costs a scan of names in memory, not of the version table.
        """
        generation = txn.counters().generation
        kept = self._names
        if kept is None or kept[0] != generation:
            names = txn.subjects()
            kept = self._names = (generation, names, [name.casefold() for name in names])
        _, names, folded = kept
        if contains:
            wanted = contains.casefold()
            names = [name for name, fold in zip(names, folded, strict=True) if wanted in fold]
        if readable is not None:
            names = [name for name in names if readable.matches(name)]
        return names

    def subject(self, subject: str, version: int | str = LATEST) -> SubjectView:
        """A subject with its versions and settings, showing `version` (LATEST: the newest live one, or the
        newest of all when every version is soft-deleted); 40401 if it has no version at all."""
        subject = subject_named(subject)
        with self.ctx.storage.browse() as (txn, browse):
            versions = txn.versions(subject)
            if not versions:
                raise SubjectNotFound(subject)
            any_live = any(not v.deleted for v in versions)
            shown = self.ctx.find_version(txn, subject, version, deleted=not any_live or version != LATEST)
            record = self.ctx.schema_record(txn, shown)
            keys = scope_keys(subject)
            stored = txn.configs(keys)
            config = merged_config(*(stored.get(key) for key in keys))
            mode = self.ctx.effective_mode(txn, subject)
            enforcement = ContractService.enforcement(txn, subject)
            records = txn.contracts(subject=subject)
            referrers = browse.referrers(subject)
        in_force = config_json(config)
        in_force.setdefault("compatibilityLevel", self.ctx.settings.default_compatibility)
        return SubjectView(
            subject=subject,
            versions=versions,
            shown=version_view(shown, record),
            config=in_force,
            own_config=config_json(stored.get(subject) or ConfigRecord()),
            mode=mode,
            enforcement=enforcement,
            producers=[r for r in records if r.role is ContractRole.PRODUCES],
            consumers=[r for r in records if r.role is ContractRole.CONSUMES],
            referenced_by=referrers,
        )

    def audit(self, *, subject: str | None = None, before: int | None = None, limit: int = AUDIT_PAGE) -> AuditPage:
        """The newest audit entries (of `subject`, if given) older than entry `before`, newest first."""
        _check_page(0, limit, MAX_AUDIT_PAGE)
        if subject is not None:
            subject = subject_named(subject)
        with self.ctx.storage.browse() as (_txn, browse):
            entries = browse.audit_newest(subject=subject, before=before, limit=limit)
        return AuditPage(entries, subject, limit)


def version_view(version: SubjectVersion, record: SchemaRecord) -> VersionView:
    return VersionView(
        version.subject, version.version, version.schema_id, version.deleted, registered_at(version.ts), record,
        _parsed(record.metadata), _parsed(record.rule_set),
    )


def _parsed(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    parsed = orjson.loads(text)
    return parsed if isinstance(parsed, dict) and parsed else None


def _check_page(offset: int, limit: int, most: int) -> None:
    if offset < 0:
        raise InvalidRequest(f"'offset' must be 0 or more, not {offset}")
    if not 1 <= limit <= most:
        raise InvalidRequest(f"'limit' must be between 1 and {most}, not {limit}")
