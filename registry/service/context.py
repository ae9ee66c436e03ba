"""What every service shares: storage, the schema parser, settings, and the effective config and mode."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from schemata.compat import Level, OldVersion, ParsedSchema, Previous
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

    def previous_versions(self, txn: ReadTxn, versions: list[SubjectVersion]) -> list[Previous]:
        """The live ones among `versions` as a decision takes them: fingerprints read now, schemas read and
        parsed when the decision first needs them (the latest alone, then the rest in one batch)."""
        live = [v for v in versions if not v.deleted]
        fingerprints = txn.fingerprints([v.schema_id for v in live])
        loader = _SchemaLoader(self.parser, txn, [v.schema_id for v in live])
        return [
            Previous(OldVersion.numbered(v.version), fingerprints.get(v.schema_id), partial(loader.load, v.schema_id))
            for v in live
        ]


class _SchemaLoader:
    """Reads stored schemas on demand within one transaction: the first asked for alone, then every other one
    at the second request, so that a check against the latest version reads one schema and a transitive one
    two batches."""

    def __init__(self, parser: SchemaParser, txn: ReadTxn, schema_ids: list[int]) -> None:
        self.parser = parser
        self.txn = txn
        self.pending = list(dict.fromkeys(schema_ids))
        self.records: dict[int, SchemaRecord] = {}

    def load(self, schema_id: int) -> ParsedSchema:
        if schema_id not in self.records:
            wanted = [schema_id] if not self.records else self.pending
            self.records.update(self.txn.schemas(wanted))
            self.pending = [i for i in self.pending if i not in self.records]
            if schema_id not in self.records:
                raise SchemaNotFound(schema_id)
        return self.parser.parsed(self.txn, self.records[schema_id])
