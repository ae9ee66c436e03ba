"""Registering and looking up schemas under a subject: Confluent's three-step register semantics."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace

from schemata.compat import ParsedSchema
from schemata.registry.domain import Mode, Reference, SchemaRecord, SchemaRequest, SubjectVersion
from schemata.registry.errors import (
    IdMismatch,
    IncompatibleSchema,
    InvalidSchema,
    OperationNotPermitted,
    SchemaNotFound,
    SubjectNotFound,
)
from schemata.registry.metrics import INCOMPATIBLE, REGISTRATIONS
from schemata.registry.service.compatibility import CompatibilityService, render_messages
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import same_group, with_config_contract
from schemata.registry.service.deletion import refuse_if_referenced
from schemata.registry.service.parsing import fingerprint
from schemata.registry.storage import ReadTxn, WriteTxn


@dataclass(frozen=True)
class Registered:
    """A subject version with its schema: the answer to register, lookup and GET version."""

    subject: str
    version: int
    schema_id: int
    schema_type: str
    schema: str
    references: tuple[Reference, ...]
    metadata: str | None = None
    rule_set: str | None = None
    deleted: bool = False
    guid: str | None = None
    ts: int | None = None

    @classmethod
    def of(cls, version: SubjectVersion, record: SchemaRecord) -> Registered:
        """A stored subject version with its stored schema."""
        return cls(
            version.subject,
            version.version,
            record.id,
            record.schema_type,
            record.text,
            record.references,
            record.metadata,
            record.rule_set,
            version.deleted,
            record.guid,
            version.ts,
        )


def new_guid() -> str:
    """A new schema's GUID (Confluent 8 hands out random UUIDs)."""
    return str(uuid.uuid4())


class RegistrationService:
    def __init__(self, ctx: ServiceContext, compatibility: CompatibilityService) -> None:
        self.ctx = ctx
        self.compatibility = compatibility

    def register(self, subject: str, request: SchemaRequest, *, normalize: bool) -> Registered:
        """Register `request` under `subject`:

        1. the same schema (canonical text, type and references) is a live version already: return it;
        2. the same schema exists elsewhere (another subject, or a soft-deleted version): reuse its id;
        3. otherwise check compatibility with the live versions and take a new id.
        Metadata and a rule set not given are those of the latest live version, as Confluent does (so that
        re-registering a schema without them finds its version), merged with the config's defaults and
        overrides. The version is max(all versions, soft-deleted included) + 1; outside IMPORT a requested
        version must be that one (compare-and-set). Everything runs under the write lock,
        so concurrent registrations on any node can never share an id or a version.
        """
        with self.ctx.storage.write() as txn:
            mode = self.ctx.require_writable(txn, subject)
            importing = mode is Mode.IMPORT
            if not importing and request.id is not None:
                raise OperationNotPermitted(
                    f"Subject {subject} is not in import mode: a schema id can only be given in IMPORT mode"
                )
            config = self.ctx.effective_config(txn, subject)
            versions = txn.versions(subject)
            if not importing:  # an import brings each version's schema and contract as it was
                request = self._schema_from_latest(txn, request, versions)
                request = with_config_contract(self._inherit_contract(txn, request, versions), config.settings)
            parsed, references = self.ctx.parser.parse_new(
                txn,
                request.schema,
                request.schema_type,
                request.references,
                normalize=(normalize or config.normalize) and not importing,  # an import stores what it brings
                metadata=request.metadata,
            )
            key = fingerprint(parsed.schema_type, parsed.canonical, references, request.metadata, request.rule_set)
            same_ids = txn.schema_ids_with_fingerprint(key)
            # Outside IMPORT a version in the request is a compare-and-set: it makes a new version or fails.
            for existing in versions if importing or request.version is None else ():
                if not existing.deleted and existing.schema_id in same_ids:
                    if request.id is not None and request.id != existing.schema_id:
                        raise IdMismatch(
                            f"Schema already registered with id {existing.schema_id} instead of input id {request.id}"
                        )
                    return self._answer(txn, existing, parsed, references, request)
            if not importing:
                group = same_group(config.settings.compatibility_group, request.metadata)
                findings, previous = self.compatibility.findings_for(
                    txn, subject, parsed, config.level, config.policy, keep=group
                )
                if findings:
                    INCOMPATIBLE.labels(parsed.schema_type).inc()
                    raise IncompatibleSchema(subject, render_messages(findings, previous, config.level))
            if (
                importing
                and request.version is not None
                and self._clear_soft_deleted(txn, subject, request.version, versions)
            ):
                same_ids = txn.schema_ids_with_fingerprint(key)
            record = SchemaRecord(
                0, parsed.schema_type, parsed.canonical, references, request.metadata, request.rule_set, new_guid()
            )
            schema_id = self._schema_id(txn, request.id, same_ids, record, key)
            version = self._version(subject, request.version, txn.versions(subject), importing=importing)
            registered = SubjectVersion(subject, version, schema_id, ts=time.time_ns() // 1_000_000)
            txn.insert_version(registered)
            REGISTRATIONS.labels(parsed.schema_type).inc()
            return self._answer(txn, registered, parsed, references, request)

    def lookup(self, subject: str, request: SchemaRequest, *, normalize: bool, deleted: bool) -> Registered:
        """The version of `subject` whose schema equals the posted one (POST /subjects/{subject})."""
        with self.ctx.storage.read() as txn:
            versions = txn.versions(subject)
            if not versions or (not deleted and all(v.deleted for v in versions)):
                raise SubjectNotFound(subject)
            config = self.ctx.effective_config(txn, subject)
            normalizing = normalize or config.normalize
            parsed, references = self.ctx.parser.parse_new(
                txn, request.schema, request.schema_type, request.references, normalize=normalizing
            )
            key = fingerprint(parsed.schema_type, parsed.canonical, references, request.metadata, request.rule_set)
            ids = set(txn.schema_ids_with_fingerprint(key))
            candidates = [v for v in versions if deleted or not v.deleted]
            matches = [v for v in candidates if v.schema_id in ids]
            if matches:
                return self._answer(txn, matches[-1], parsed, references, request)
            if request.metadata is None and request.rule_set is None:
                # A lookup without contract parts finds a version registered with some; a normalizing
                # one also finds a version registered without normalizing.
                for version in reversed(candidates):
                    record = self.ctx.schema_record(txn, version.schema_id)
                    if (record.schema_type, record.references) != (parsed.schema_type, references):
                        continue
                    if record.text == parsed.canonical or (
                        normalizing and self.ctx.parser.normalized(txn, record).canonical == parsed.canonical
                    ):
                        return Registered.of(version, record)
            raise SchemaNotFound()

    @staticmethod
    def _answer(
        txn: ReadTxn,
        version: SubjectVersion,
        parsed: ParsedSchema,
        references: tuple[Reference, ...],
        request: SchemaRequest,
    ) -> Registered:
        return Registered(
            version.subject,
            version.version,
            version.schema_id,
            parsed.schema_type,
            parsed.canonical,
            references,
            request.metadata,
            request.rule_set,
            version.deleted,
            txn.schema_guid(version.schema_id),
            version.ts,
        )

    def _schema_id(
        self,
        txn: WriteTxn,
        requested: int | None,
        same_ids: list[int],
        record: SchemaRecord,
        key: str,
    ) -> int:
        """Step 2 or 3: an existing id for the same schema, the imported id, or a freshly allocated one."""
        if requested is not None:
            existing = txn.schema(requested)
            if existing is not None:
                if requested not in same_ids:
                    raise OperationNotPermitted(f"Overwrite new schema with id {requested} is not permitted.")
                return requested
            txn.insert_schema(replace(record, id=requested), key)
            txn.raise_schema_id_floor(requested)
            return requested
        if same_ids:
            return same_ids[0]
        schema_id = txn.allocate_schema_id()
        txn.insert_schema(replace(record, id=schema_id), key)
        return schema_id

    def _schema_from_latest(
        self, txn: WriteTxn, request: SchemaRequest, versions: list[SubjectVersion]
    ) -> SchemaRequest:
        """A request without a schema but with metadata or a rule set takes the latest live version's schema,
        type and references, as Confluent does; without a live version (or with nothing at all) it stays
        empty (42201)."""
        live = [v for v in versions if not v.deleted]
        if request.schema.strip() or not live or (request.metadata is None and request.rule_set is None):
            return request
        latest = self.ctx.schema_record(txn, live[-1].schema_id)
        references = tuple((r.name, r.subject, r.version) for r in latest.references)
        return replace(request, schema=latest.text, schema_type=latest.schema_type, references=references)

    def _inherit_contract(
        self, txn: WriteTxn, request: SchemaRequest, versions: list[SubjectVersion]
    ) -> SchemaRequest:
        """`request` with the metadata and rule set it leaves out taken from the latest live version."""
        live = [v for v in versions if not v.deleted]
        if not live or (request.metadata is not None and request.rule_set is not None):
            return request
        latest = self.ctx.schema_record(txn, live[-1].schema_id)
        return replace(
            request,
            metadata=latest.metadata if request.metadata is None else request.metadata,
            rule_set=latest.rule_set if request.rule_set is None else request.rule_set,
        )

    def _clear_soft_deleted(self, txn: WriteTxn, subject: str, number: int, versions: list[SubjectVersion]) -> bool:
        """An import may take the number of a soft-deleted version: that version is removed for good first
        (as a permanent delete would, so not while referenced). True if one was removed."""
        found = [v for v in versions if v.version == number and v.deleted]
        if found:
            refuse_if_referenced(txn, found, live_only=False)
            self.ctx.remove_versions(txn, subject, found)
        return bool(found)

    @staticmethod
    def _version(subject: str, requested: int | None, versions: list[SubjectVersion], *, importing: bool) -> int:
        """The new version's number: the next one, or the requested one (which, outside IMPORT, must be the
        next one: Confluent's compare-and-set)."""
        following = (versions[-1].version if versions else 0) + 1
        if requested is None:
            return following
        if not importing and requested != following:
            raise InvalidSchema("Version is not one more than previous version")
        if any(v.version == requested for v in versions):
            raise OperationNotPermitted(f"Version {requested} of subject {subject} already exists")
        return requested
