"""What every service shares: storage, the schema parser, settings, and the effective config and mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import Any

from schemata.compat import Level, OldVersion, ParsedSchema, Previous
from schemata.registry.domain import (
    GLOBAL_CONTEXT_KEY,
    GLOBAL_KEY,
    ConfigRecord,
    Mode,
    SchemaKey,
    SchemaRecord,
    SubjectVersion,
)
from schemata.registry.errors import OperationNotPermitted, SchemaNotFound, SubjectNotFound, VersionNotFound
from schemata.registry.service.names import LATEST, context_of
from schemata.registry.service.parsing import SchemaParser
from schemata.registry.settings import Settings
from schemata.registry.storage import ReadTxn, Storage, WriteTxn


@dataclass(frozen=True)
class EffectiveConfig:
    """The config that applies to a subject: each field from the nearest scope that sets it (see
    `scope_keys`), else the default; `settings` holds every field."""

    level: Level
    policy: str | None
    normalize: bool
    settings: ConfigRecord


def merged_config(*layers: ConfigRecord | None) -> ConfigRecord:
    """Each field from the first of `layers` (nearest first) that sets it; a subject's `alias` is only ever
    its own (the first layer's)."""
    values: dict[str, Any] = {}
    for index, layer in enumerate(layer or ConfigRecord() for layer in layers):
        for f in fields(ConfigRecord):
            if values.get(f.name) is None and (index == 0 or f.name != "alias"):
                values[f.name] = getattr(layer, f.name)
    return ConfigRecord(**values)


def scope_keys(subject: str | None) -> list[str]:
    """Where the config and mode of `subject` (None: the registry) are looked up, nearest first: the subject,
    its context's (`:.ctx:`, for a subject of another context), the global ones, then Confluent's `__GLOBAL`
    context's."""
    keys = [subject, f":{context_of(subject)}:"] if subject else []
    keys += [GLOBAL_KEY, GLOBAL_CONTEXT_KEY]
    return [key for index, key in enumerate(keys) if key not in keys[:index] and key != ":.:"]


@dataclass
class ServiceContext:
    storage: Storage
    parser: SchemaParser
    settings: Settings

    def effective_config(self, txn: ReadTxn, subject: str | None) -> EffectiveConfig:
        keys = scope_keys(subject)
        stored = txn.configs(keys)
        merged = merged_config(*(stored.get(key) for key in keys))
        level = Level.parse(merged.compatibility or self.settings.default_compatibility)
        return EffectiveConfig(level, merged.policy, bool(merged.normalize), merged)

    @staticmethod
    def effective_mode(txn: ReadTxn, subject: str | None) -> Mode:
        """The nearest mode set for the subject (see `scope_keys`); a global READONLY_OVERRIDE beats every
        other mode."""
        keys = scope_keys(subject)
        stored = txn.modes(keys)
        if Mode.READONLY_OVERRIDE in (stored.get(GLOBAL_KEY), stored.get(GLOBAL_CONTEXT_KEY)):
            return Mode.READONLY_OVERRIDE
        nearest = next((stored[key] for key in keys if key in stored), None)
        return Mode(nearest) if nearest else Mode.READWRITE

    def require_writable(self, txn: ReadTxn, subject: str | None) -> Mode:
        mode = self.effective_mode(txn, subject)
        if not mode.writable:
            target = f"Subject {subject}" if subject else "The registry"
            raise OperationNotPermitted(f"{target} is in read-only mode")
        return mode

    def remove_versions(self, txn: WriteTxn, subject: str, versions: list[SubjectVersion]) -> None:
        """Remove version rows for good, and with them the schemas no longer used by any version."""
        txn.remove_versions(subject, [v.version for v in versions])
        for key in {v.schema_key for v in versions}:
            if not txn.schema_in_use(key):
                txn.delete_schema(key)

    @staticmethod
    def find_version(txn: ReadTxn, subject: str, version: int | str, *, deleted: bool = False) -> SubjectVersion:
        """A version of `subject` (LATEST = newest live one, or newest of all with `deleted`); 40401/40402."""
        versions = txn.versions(subject)
        visible = versions if deleted else [v for v in versions if not v.deleted]
        if not visible:
            raise SubjectNotFound(subject)
        if version == LATEST:
            return visible[-1]
        for candidate in visible:
            if candidate.version == version:
                return candidate
        raise VersionNotFound(version)

    @staticmethod
    def schema_record(txn: ReadTxn, version: SubjectVersion) -> SchemaRecord:
        """The schema of a version."""
        record = txn.schema(version.schema_key)
        if record is None:
            raise SchemaNotFound(version.schema_id)
        return record

    def previous_versions(
        self, txn: ReadTxn, versions: list[SubjectVersion], *, keep: Callable[[SchemaRecord], bool] | None = None
    ) -> list[Previous]:
        """The live ones among `versions` (those whose schema `keep` keeps, see `same_group`) as a decision
        takes them: fingerprints read now, schemas read and parsed when the decision first needs them (the
        latest alone, then the rest in one batch; all at once when `keep` must see them)."""
        live = [v for v in versions if not v.deleted]
        if keep is not None:
            records = txn.schemas([v.schema_key for v in live])
            live = [v for v in live if v.schema_key in records and keep(records[v.schema_key])]
        fingerprints = txn.fingerprints([v.schema_key for v in live])
        loader = _SchemaLoader(self.parser, txn, [v.schema_key for v in live])
        return [
            Previous(OldVersion.numbered(v.version), fingerprints.get(v.schema_key), partial(loader.load, v))
            for v in live
        ]


class _SchemaLoader:
    """Reads stored schemas on demand within one transaction: the first asked for alone, then every other one
    at the second request, so that a check against the latest version reads one schema and a transitive one
    two batches."""

    def __init__(self, parser: SchemaParser, txn: ReadTxn, keys: list[SchemaKey]) -> None:
        self.parser = parser
        self.txn = txn
        self.pending = list(dict.fromkeys(keys))
        self.records: dict[SchemaKey, SchemaRecord] = {}

    def load(self, version: SubjectVersion) -> ParsedSchema:
        key = version.schema_key
        if key not in self.records:
            wanted = [key] if not self.records else self.pending
            self.records.update(self.txn.schemas(wanted))
            self.pending = [i for i in self.pending if i not in self.records]
            if key not in self.records:
                raise SchemaNotFound(version.schema_id)
        return self.parser.parsed(self.txn, self.records[key])
