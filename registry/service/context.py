"""What every service shares: storage, the schema parser, settings, and the effective config and mode."""

from __future__ import annotations

from dataclasses import dataclass

from schemata.compat import Level, ParsedSchema
from schemata.registry.domain import GLOBAL_KEY, ConfigRecord, Mode, SchemaRecord, SubjectVersion
from schemata.registry.errors import OperationNotPermitted, SchemaNotFound, SubjectNotFound, VersionNotFound
from schemata.registry.service.names import LATEST
from schemata.registry.service.parsing import SchemaParser
from schemata.registry.settings import Settings
from schemata.registry.storage import ReadTxn, Storage, WriteTxn


@dataclass(frozen=True)
class EffectiveConfig:
    """The config that applies to a subject: its own settings, else the global ones, else the defaults."""

    level: Level
    policy: str | None
    normalize: bool


@dataclass
class ServiceContext:
    storage: Storage
    parser: SchemaParser
    settings: Settings

    def effective_config(self, txn: ReadTxn, subject: str | None) -> EffectiveConfig:
        own = txn.config(subject) if subject else None
        glob = txn.config(GLOBAL_KEY) or ConfigRecord()
        own = own or ConfigRecord()
        level = own.compatibility or glob.compatibility or self.settings.default_compatibility
        policy = own.policy or glob.policy
        normalize = own.normalize if own.normalize is not None else bool(glob.normalize)
        return EffectiveConfig(Level.parse(level), policy, normalize)

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
        self, txn: ReadTxn, subject: str, *, latest_only: bool = False
    ) -> list[tuple[SubjectVersion, ParsedSchema]]:
        """The live versions of `subject` (or only the newest) with their parsed schemas, oldest first."""
        live = [v for v in txn.versions(subject) if not v.deleted]
        if latest_only:
            live = live[-1:]
        records = txn.schemas([v.schema_id for v in live])
        missing = [v.schema_id for v in live if v.schema_id not in records]
        if missing:
            raise SchemaNotFound(missing[0])
        return [(v, self.parser.parsed(txn, records[v.schema_id])) for v in live]
