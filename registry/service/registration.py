"""Registering and looking up schemas under a subject: Confluent's three-step register semantics."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace

from schemata.compat import Level, ParsedSchema
from schemata.compat.versions import MAX_VERSION
from schemata.registry.domain import (
    DEFAULT_CONTEXT,
    ContractRecord,
    Enforcement,
    Mode,
    Reference,
    SchemaKey,
    SchemaRecord,
    SchemaRequest,
    SubjectVersion,
    context_of,
    in_context,
)
from schemata.registry.errors import (
    BreaksConsumers,
    IdMismatch,
    IncompatibleSchema,
    InvalidSchema,
    OperationNotPermitted,
    SchemaNotFound,
    SubjectNotFound,
)
from schemata.registry.metrics import CONSUMER_BREAKS, INCOMPATIBLE, REGISTRATIONS
from schemata.registry.service.compatibility import CompatibilityService, Proposal, render_messages
from schemata.registry.service.context import EffectiveConfig, ServiceContext
from schemata.registry.service.deletion import refuse_if_referenced
from schemata.registry.service.event_contracts import ConsumerCheck, ConsumerFinding
from schemata.registry.service.field_validation import refuse_invalid_fields, validates_fields
from schemata.registry.service.lint_policy import LintPolicyService
from schemata.registry.service.parsing import normalized_references
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
    #: Findings of registered consumers that a WARN enforcement let through (registration answers only).
    warnings: tuple[ConsumerFinding, ...] = ()
    #: Findings of the lint policy below severity error (see `lint_policy`), for the register answer only.
    lint_warnings: tuple[dict[str, object], ...] = ()

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


#: How many times a registration is decided outside the write lock before it is decided under it.
OPTIMISTIC_ATTEMPTS = 3


class _Stale(Exception):
    """What a registration was decided on changed before it took the write lock."""


@dataclass(frozen=True)
class _Basis:
    """What a registration's decision depends on: the subject's mode, config and versions (soft-deleted ones
    included, for numbering), and the subject versions its references point at."""

    mode: Mode
    config: EffectiveConfig
    versions: tuple[SubjectVersion, ...]
    referenced: tuple[SubjectVersion | None, ...]
    #: The subject's registered contracts and their enforcement: a reader registered meanwhile is checked too.
    contracts: tuple[ContractRecord, ...]
    enforcement: Enforcement
    lint_policy: str | None


@dataclass(frozen=True)
class _Plan:
    """A registration decided: what it depended on, the schema as it will be stored, and the live version
    it is identical to (then nothing is written)."""

    basis: _Basis
    proposal: Proposal
    identical: SubjectVersion | None
    #: What registered consumers found that a WARN enforcement lets through.
    warnings: tuple[ConsumerFinding, ...] = ()
    lint_warnings: tuple[dict[str, object], ...] = ()


def new_guid() -> str:
    """A new schema's GUID (Confluent 8 hands out random UUIDs)."""
    return str(uuid.uuid4())


class RegistrationService:
    def __init__(self, ctx: ServiceContext, compatibility: CompatibilityService, lint: LintPolicyService) -> None:
        self.ctx = ctx
        self.compatibility = compatibility
        self.lint = lint

    def register(self, subject: str, request: SchemaRequest, *, normalize: bool, force: bool = False) -> Registered:
        """Register `request` under `subject`:

        1. the same schema (canonical text, type, references and contract parts) is a live version already:
           return it;
        2. the same schema exists elsewhere (another subject, or a soft-deleted version): reuse its id;
        3. otherwise check compatibility with the live versions and take a new id.
        Metadata and a rule set not given are those of the latest live version, as Confluent does (so that
        re-registering a schema without them finds its version), merged with the config's defaults and
        overrides. The version is max(all versions, soft-deleted included) + 1; outside IMPORT a requested
        version must be that one (compare-and-set).

        Parsing and the decision run in a read transaction; under the write lock the registration goes ahead
        only if what the decision depended on (`_Basis`) is unchanged, else it is decided again, the last
        time under the lock. So concurrent registrations on any node never share an id or a version, and the
        lock is never held while a schema is parsed or checked (except after repeated contention).

        `force` skips step 3's compatibility check (not parsing, validation, the mode, compare-and-set,
        registered consumers or the lint policy).
        """
        for _ in range(OPTIMISTIC_ATTEMPTS):
            with self.ctx.storage.read() as txn:
                plan = self._plan(txn, subject, request, normalize=normalize, force=force)
                if plan.identical is not None:
                    return self._answer(txn, plan.identical, plan.proposal)
            try:
                with self.ctx.storage.write() as txn:
                    if self._basis(txn, subject, plan.proposal.references) != plan.basis:
                        raise _Stale  # rolls the write transaction back: nothing was written, not even a bump
                    return self._write(txn, subject, plan)
            except _Stale:
                continue
        with self.ctx.storage.write() as txn:
            plan = self._plan(txn, subject, request, normalize=normalize, force=force)
            if plan.identical is not None:
                return self._answer(txn, plan.identical, plan.proposal)
            return self._write(txn, subject, plan)

    def _plan(self, txn: ReadTxn, subject: str, request: SchemaRequest, *, normalize: bool, force: bool) -> _Plan:
        """Decide the registration of `request`: refuse it (42205, 409), or say what to write or return."""
        mode = self.ctx.require_writable(txn, subject)
        importing = mode is Mode.IMPORT  # an import brings each version as it was: its schema and contract, no check
        if not importing and request.id is not None:
            raise OperationNotPermitted(
                f"Subject {subject} is not in import mode: a schema id can only be given in IMPORT mode"
            )
        config = self.ctx.effective_config(txn, subject)
        versions = txn.versions(subject)
        normalizing = (normalize or config.normalize) and not importing  # an import stores what it brings
        proposal = self.compatibility.propose(
            txn,
            request,
            versions,
            normalize=normalizing,
            inherit=not importing,
            context=context_of(subject),
            config=None if importing else config.settings,
        )
        if not importing:
            refuse_invalid_fields(proposal.parsed, config.settings)
        basis = self._basis(txn, subject, proposal.references, mode=mode, config=config, versions=versions)
        if not importing and request.version is None:
            twin = self._inlined_twin(txn, request, proposal, versions, context_of(subject), normalizing=normalizing)
            if twin is not None:
                return _Plan(basis, proposal, twin)
        level = Level.NONE if importing else config.level
        # Outside IMPORT a version in the request is a compare-and-set: it makes a new version or fails.
        validating = not importing and validates_fields(config.settings)
        decision, previous = self.compatibility.decide(
            txn, proposal, versions, level, config.policy, group=config.settings.compatibility_group,
            deduplicate=importing or request.version is None, force=force, validate_fields=validating,
        )
        if decision.identical is not None:
            (existing,) = (v for v in versions if v.version == decision.identical.number)
            if request.id is not None and request.id != existing.schema_id:
                raise IdMismatch(
                    f"Schema already registered with id {existing.schema_id} instead of input id {request.id}"
                )
            return _Plan(basis, proposal, existing)
        if not decision.compatible:
            INCOMPATIBLE.labels(proposal.parsed.schema_type).inc()
            messages = render_messages(decision, previous, config.level, validate_fields=validating)
            raise IncompatibleSchema(subject, messages, decision.as_dict())
        if importing:
            return _Plan(basis, proposal, None)
        proposal = proposal.numbered(request.version or (versions[-1].version if versions else 0) + 1)
        lint_warnings = self.lint.review(txn, subject, proposal.parsed, request.schema, versions)
        consumers = self.compatibility.consumers_of(txn, subject, proposal, decision)
        self._refuse_if_consumers_break(subject, proposal, consumers)
        return _Plan(basis, proposal, None, consumers.findings if consumers.warns else (), lint_warnings)

    def _basis(
        self,
        txn: ReadTxn,
        subject: str,
        references: tuple[Reference, ...],
        *,
        mode: Mode | None = None,
        config: EffectiveConfig | None = None,
        versions: list[SubjectVersion] | None = None,
    ) -> _Basis:
        """What a plan's decision depended on, as it stands now (the parts already read may be given)."""
        return _Basis(
            self.ctx.effective_mode(txn, subject) if mode is None else mode,
            self.ctx.effective_config(txn, subject) if config is None else config,
            tuple(txn.versions(subject) if versions is None else versions),
            self._referenced(txn, context_of(subject), references),
            tuple(txn.contracts(subject=subject)),
            self.compatibility.contracts.enforcement(txn, subject),
            self.lint.policy_of(txn, subject),
        )

    @staticmethod
    def _referenced(
        txn: ReadTxn, context: str, references: tuple[Reference, ...]
    ) -> tuple[SubjectVersion | None, ...]:
        return tuple(txn.subject_version(in_context(ref.subject, context), ref.version) for ref in references)

    def _write(self, txn: WriteTxn, subject: str, plan: _Plan) -> Registered:
        """Store a decided registration: reuse the id of the same schema or take one, then add the version."""
        proposal, importing = plan.proposal, plan.basis.mode is Mode.IMPORT
        request, parsed = proposal.request, proposal.parsed
        context, fingerprint = context_of(subject), proposal.proposed.fingerprint
        same = txn.schema_keys_with_fingerprint(context, fingerprint)
        if importing and request.version is not None and self._clear_soft_deleted(txn, subject, request.version):
            same = txn.schema_keys_with_fingerprint(context, fingerprint)
        record = SchemaRecord(
            0, parsed.schema_type, parsed.stored_text, proposal.references, request.metadata, request.rule_set,
            new_guid(), key=SchemaKey(0), context=context,
        )
        schema_id, schema_key = self._schema_id(txn, request.id, same, record, fingerprint)
        version = self._version(subject, request.version, txn.versions(subject), importing=importing)
        registered = SubjectVersion(
            subject, version, schema_id, ts=time.time_ns() // 1_000_000, schema_key=schema_key
        )
        txn.insert_version(registered)
        if not importing:
            self._replace_soft_deleted(txn, registered)
        REGISTRATIONS.labels(parsed.schema_type).inc()
        if plan.warnings:
            CONSUMER_BREAKS.labels("warned").inc()
        self.lint.count_warnings(parsed.schema_type, plan.lint_warnings)
        answer = self._answer(txn, registered, proposal)
        return replace(answer, warnings=plan.warnings, lint_warnings=plan.lint_warnings)

    def lookup(self, subject: str, request: SchemaRequest, *, normalize: bool, deleted: bool) -> Registered:
        """The version of `subject` whose schema equals the posted one (POST /subjects/{subject})."""
        with self.ctx.storage.read() as txn:
            versions = txn.versions(subject)
            if not versions or (not deleted and all(v.deleted for v in versions)):
                raise SubjectNotFound(subject)
            config = self.ctx.effective_config(txn, subject)
            normalizing = normalize or config.normalize
            context = context_of(subject)
            proposal = self.compatibility.propose(
                txn, request, versions, normalize=normalizing, inherit=False, context=context
            )
            parsed, references = proposal.parsed, proposal.references
            keys = set(txn.schema_keys_with_fingerprint(context, proposal.proposed.fingerprint))
            candidates = [v for v in versions if deleted or not v.deleted]
            matches = [v for v in candidates if v.schema_key in keys]
            if matches:
                return self._answer(txn, matches[-1], proposal)
            if request.metadata is None and request.rule_set is None:
                # A lookup without contract parts finds a version registered with some.
                for version in reversed(candidates):
                    record = self.ctx.schema_record(txn, version)
                    if record.schema_type == parsed.schema_type and self._same_schema(
                        txn, record, parsed, references, normalizing=normalizing
                    ):
                        return Registered.of(version, record)
            raise SchemaNotFound()

    def _same_schema(
        self,
        txn: ReadTxn,
        record: SchemaRecord,
        parsed: ParsedSchema,
        references: tuple[Reference, ...],
        *,
        normalizing: bool,
    ) -> bool:
        """Whether a stored schema is the posted one though their fingerprints differ. A normalizing lookup
        also finds one registered without normalizing, its references in any order; a posted schema without
        references, one it stands for resolved (`_stands_for`)."""
        if record.references == references or (normalizing and normalized_references(record.references) == references):
            return record.text in (parsed.canonical, parsed.stored_text) or (
                normalizing and self.ctx.parser.normalized(txn, record).canonical == parsed.canonical
            )
        return not references and self._stands_for(txn, record, parsed, normalizing=normalizing)

    def _stands_for(self, txn: ReadTxn, record: SchemaRecord, parsed: ParsedSchema, *, normalizing: bool) -> bool:
        """Whether `parsed`, posted without references, stands for the stored schema, which has some, as
        Confluent's `canLookup` decides: of one type, and the same `inlined` text (Avro resolved, the
        references' types written in place; JSON Schema and Protobuf their canonical text)."""
        if not record.references or record.schema_type != parsed.schema_type:
            return False
        stored = self.ctx.parser.normalized(txn, record) if normalizing else self.ctx.parser.parsed(txn, record)
        inlined = stored.inlined(normalize=normalizing)
        return inlined is not None and inlined == parsed.inlined(normalize=normalizing)

    def _inlined_twin(
        self,
        txn: ReadTxn,
        request: SchemaRequest,
        proposal: Proposal,
        versions: list[SubjectVersion],
        context: str,
        *,
        normalizing: bool,
    ) -> SubjectVersion | None:
        """The live version, newest first, that a registration without references, version or contract parts
        stands for (`_stands_for`): Confluent's register answers it instead of adding a version ("a schema
        sent with all references resolved"). Not when the posted schema is registered as itself in the
        context already: Confluent then goes on with that schema's id."""
        if proposal.references or request.metadata is not None or request.rule_set is not None:
            return None
        if txn.schema_keys_with_fingerprint(context, proposal.proposed.fingerprint):
            return None
        for version in reversed(versions):
            if not version.deleted and self._stands_for(
                txn, self.ctx.schema_record(txn, version), proposal.parsed, normalizing=normalizing
            ):
                return version
        return None

    @staticmethod
    def _refuse_if_consumers_break(subject: str, proposal: Proposal, consumers: ConsumerCheck) -> None:
        """409 when a registered consumer cannot read the new version and the enforcement says so."""
        if consumers.refuses:
            INCOMPATIBLE.labels(proposal.parsed.schema_type).inc()
            CONSUMER_BREAKS.labels("refused").inc()
            raise BreaksConsumers(
                subject,
                sorted({f.service for f in consumers.findings}),
                [f.message() for f in consumers.findings],
                [f.as_dict() for f in consumers.findings],
            )

    @staticmethod
    def _answer(txn: ReadTxn, version: SubjectVersion, proposal: Proposal) -> Registered:
        request = proposal.request
        return Registered(
            version.subject,
            version.version,
            version.schema_id,
            proposal.parsed.schema_type,
            proposal.parsed.stored_text,
            proposal.references,
            request.metadata,
            request.rule_set,
            version.deleted,
            txn.schema_guid(version.schema_key),
            version.ts,
        )

    def _schema_id(
        self,
        txn: WriteTxn,
        requested: int | None,
        same: list[SchemaKey],
        record: SchemaRecord,
        fingerprint: str,
    ) -> tuple[int, SchemaKey]:
        """Step 2 or 3, within the record's context: the id of the same schema, the imported id, or a freshly
        allocated one; with the schema's key."""
        context = record.context
        if requested is not None:
            existing = txn.schema_key(context, requested)
            if existing is not None:
                if existing not in same:
                    where = "" if context == DEFAULT_CONTEXT else f" in context :{context}:"
                    raise OperationNotPermitted(f"Overwrite new schema with id {requested}{where} is not permitted.")
                return requested, existing
            key = txn.insert_schema(replace(record, id=requested), fingerprint)
            txn.raise_schema_id_floor(context, requested)
            return requested, key
        if same:
            found = txn.schemas(same[:1])[same[0]]
            return found.id, found.key
        schema_id = txn.allocate_schema_id(context)
        return schema_id, txn.insert_schema(replace(record, id=schema_id), fingerprint)

    def _clear_soft_deleted(self, txn: WriteTxn, subject: str, number: int) -> bool:
        """An import may take the number of a soft-deleted version: that version is removed for good first
        (as a permanent delete would, so not while referenced). True if one was removed."""
        found = [v for v in txn.versions(subject) if v.version == number and v.deleted]
        if found:
            refuse_if_referenced(txn, found, live_only=False)
            self.ctx.remove_versions(txn, subject, found)
        return bool(found)

    def _replace_soft_deleted(self, txn: WriteTxn, registered: SubjectVersion) -> None:
        """The soft-deleted versions of the subject with the new version's schema are replaced by it: removed
        for good, as Confluent 8 does, unless another schema refers to them. Not in IMPORT mode, which brings
        every version as it was."""
        replaced = [
            v for v in txn.versions(registered.subject)
            if v.deleted and v.schema_id == registered.schema_id and v.version < registered.version
            and not txn.referrers(v.subject, v.version)
        ]
        if replaced:
            self.ctx.remove_versions(txn, registered.subject, replaced)

    @staticmethod
    def _version(subject: str, requested: int | None, versions: list[SubjectVersion], *, importing: bool) -> int:
        """The new version's number: the next one, or the requested one (which, outside IMPORT, must be the
        next one: Confluent's compare-and-set)."""
        following = (versions[-1].version if versions else 0) + 1
        if requested is None:
            if following > MAX_VERSION:
                raise OperationNotPermitted(f"Subject {subject} has no version number left (at most {MAX_VERSION})")
            return following
        if not importing and requested != following:
            raise InvalidSchema("Version is not one more than previous version")
        if any(v.version == requested for v in versions):
            raise OperationNotPermitted(f"Version {requested} of subject {subject} already exists")
        return requested
