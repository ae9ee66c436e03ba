"""What every service shares: storage, the schema parser, settings, and the effective config and mode."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from schemata.compat import Level, ParsedSchema
from schemata.registry.domain import GLOBAL_KEY, ConfigRecord, Mode, SchemaRecord, SubjectVersion
from schemata.registry.errors import OperationNotPermitted, SchemaNotFound, SubjectNotFound, VersionNotFound
from schemata.registry.service.names import LATEST
from schemata.registry.service.parsing import SchemaParser
from schemata.registry.settings import Settings
from schemata.registry.storage import ReadTxn, Storage, WriteTxn


@dataclass(frozen=True)
class EffectiveConfig:
    """The config that applies to a subject: each field its own setting, else the global one, else the
    default (`settings` holds them all; the subject's `alias` is its own only)."""

    level: Level
    policy: str | None
    normalize: bool
    settings: ConfigRecord


def merged_config(own: ConfigRecord | None, glob: ConfigRecord | None) -> ConfigRecord:
    """Each field of `own`, else of `glob` (a subject's alias never comes from the global config)."""
    own, glob = own or ConfigRecord(), glob or ConfigRecord()
    values = {f.name: getattr(own, f.name) for f in fields(ConfigRecord)}
    for name, value in values.items():
        if value is None and name != "alias":
            values[name] = getattr(glob, name)
    return ConfigRecord(**values)


@dataclass
class ServiceContext:
    storage: Storage
    parser: SchemaParser
    settings: Settings

    def effective_config(self, txn: ReadTxn, subject: str | None) -> EffectiveConfig:
        merged = merged_config(txn.config(subject) if subject else None, txn.config(GLOBAL_KEY))
        level = Level.parse(merged.compatibility or self.settings.default_compatibility)
        return EffectiveConfig(level, merged.policy, bool(merged.normalize), merged)

    @staticmethod
    def effective_mode(txn: ReadTxn, subject: str | None) -> Mode:
        """The subject's mode, else the global one; a global READONLY_OVERRIDE beats every subject mode."""
        glob = txn.mode(GLOBAL_KEY)
        if glob == Mode.READONLY_OVERRIDE:
            return Mode.READONLY_OVERRIDE
        stored = (txn.mode(subject) if subject else None) or glob
        return Mode(stored) if stored else Mode.READWRITE

    def require_writable(self, txn: ReadTxn, subject: str | None) -> Mode:
        mode = self.effective_mode(txn, subject)
        if not mode.writable:
            target = f"Subject {subject}" if subject else "The registry"
            raise OperationNotPermitted(f"{target} is in read-only mode")
        return mode

    def remove_versions(self, txn: WriteTxn, subject: str, versions: list[SubjectVersion]) -> None:
        """Remove version rows for good, and with them the schemas no longer used by any version."""
        txn.remove_versions(subject, [v.version for v in versions])
        for schema_id in {v.schema_id for v in versions}:
            if not txn.schema_in_use(schema_id):
                txn.delete_schema(schema_id)

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
    def schema_record(txn: ReadTxn, schema_id: int) -> SchemaRecord:
        record = txn.schema(schema_id)
        if record is None:
            raise SchemaNotFound(schema_id)
        return record

    def live_schemas(
        self,
        txn: ReadTxn,
        subject: str,
        *,
        latest_only: bool = False,
        keep: Callable[[SchemaRecord], bool] | None = None,
    ) -> list[tuple[SubjectVersion, ParsedSchema]]:
        """The live versions of `subject` (those whose schema `keep` keeps; or only the newest of them)
        with their parsed schemas, oldest first."""
        live = [v for v in txn.versions(subject) if not v.deleted]
        if latest_only and keep is None:
            live = live[-1:]
        records = txn.schemas([v.schema_id for v in live])
        missing = [v.schema_id for v in live if v.schema_id not in records]
        if missing:
            raise SchemaNotFound(missing[0])
        if keep is not None:
            live = [v for v in live if keep(records[v.schema_id])]
            if latest_only:
                live = live[-1:]
        return [(v, self.parser.parsed(txn, records[v.schema_id])) for v in live]
