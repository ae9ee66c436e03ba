"""Registering and looking up schemas under a subject: Confluent's three-step register semantics."""

from __future__ import annotations

from dataclasses import dataclass, replace

from schemata.compat import Level
from schemata.registry.domain import Mode, Reference, SchemaRecord, SchemaRequest, SubjectVersion
from schemata.registry.errors import (
    IdMismatch,
    IncompatibleSchema,
    OperationNotPermitted,
    SchemaNotFound,
    SubjectNotFound,
)
from schemata.registry.metrics import INCOMPATIBLE, REGISTRATIONS
from schemata.registry.service.compatibility import CompatibilityService, Proposal, render_messages
from schemata.registry.service.context import EffectiveConfig, ServiceContext
from schemata.registry.service.deletion import refuse_if_referenced
from schemata.registry.service.lint_policy import LintPolicyService
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
    lint_policy: str | None


@dataclass(frozen=True)
class _Plan:
    """A registration decided: what it depended on, the schema as it will be stored, and the live version
    it is identical to (then nothing is written)."""

    basis: _Basis
    proposal: Proposal
    identical: SubjectVersion | None
    lint_warnings: tuple[dict[str, object], ...] = ()


class RegistrationService:
    def __init__(self, ctx: ServiceContext, compatibility: CompatibilityService, lint: LintPolicyService) -> None:
        self.ctx = ctx
        self.compatibility = compatibility
        self.lint = lint

    def register(self, subject: str, request: SchemaRequest, *, normalize: bool) -> Registered:
        """Register `request` under `subject`:

        1. the same schema (canonical text, type, references and contract parts) is a live version already:
           return it;
        2. the same schema exists elsewhere (another subject, or a soft-deleted version): reuse its id;
        3. otherwise check compatibility with the live versions and take a new id.
        Metadata and a rule set not given are those of the latest live version, as Confluent does. The version
        is max(all versions, soft-deleted included) + 1.

        Parsing and the decision run in a read transaction; under the write lock the registration goes ahead
        only if what the decision depended on (`_Basis`) is unchanged, else it is decided again, the last
        time under the lock. So concurrent registrations on any node never share an id or a version, and the
        lock is never held while a schema is parsed or checked (except after repeated contention).
        """
        for _ in range(OPTIMISTIC_ATTEMPTS):
            with self.ctx.storage.read() as txn:
                plan = self._plan(txn, subject, request, normalize=normalize)
            if plan.identical is not None:
                return self._answer(plan.identical, plan.proposal)
            try:
                with self.ctx.storage.write() as txn:
                    if self._basis(txn, subject, plan.proposal.references) != plan.basis:
                        raise _Stale  # rolls the write transaction back: nothing was written, not even a bump
                    return self._write(txn, subject, plan)
            except _Stale:
                continue
        with self.ctx.storage.write() as txn:
            plan = self._plan(txn, subject, request, normalize=normalize)
            if plan.identical is not None:
                return self._answer(plan.identical, plan.proposal)
            return self._write(txn, subject, plan)

    def _plan(self, txn: ReadTxn, subject: str, request: SchemaRequest, *, normalize: bool) -> _Plan:
        """Decide the registration of `request`: refuse it (42205, 409), or say what to write or return."""
        mode = self.ctx.require_writable(txn, subject)
        if mode is not Mode.IMPORT and (request.id is not None or request.version is not None):
            raise OperationNotPermitted(
                f"Subject {subject} is not in import mode: a schema id or version can only be given in IMPORT mode"
            )
        config = self.ctx.effective_config(txn, subject)
        versions = txn.versions(subject)
        importing = mode is Mode.IMPORT  # an import brings each version as it was: its contract, no check
        proposal = self.compatibility.propose(
            txn, request, versions, normalize=normalize or config.normalize, inherit=not importing
        )
        basis = _Basis(
            mode, config, tuple(versions), self._referenced(txn, proposal.references), self.lint.policy_of(txn, subject)
        )
        level = Level.NONE if importing else config.level
        decision, previous = self.compatibility.decide(txn, proposal, versions, level, config.policy)
        if decision.identical is not None:
            (existing,) = (v for v in versions if v.version == decision.identical.number)
            if request.id is not None and request.id != existing.schema_id:
                raise IdMismatch(
                    f"Schema already registered with id {existing.schema_id} instead of input id {request.id}"
                )
            return _Plan(basis, proposal, existing)
        if not decision.compatible:
            INCOMPATIBLE.labels(proposal.parsed.schema_type).inc()
            raise IncompatibleSchema(subject, render_messages(decision, previous, config.level), decision.as_dict())
        warnings = () if importing else self.lint.review(txn, subject, proposal.parsed, request.schema, versions)
        return _Plan(basis, proposal, None, warnings)

    def _basis(self, txn: ReadTxn, subject: str, references: tuple[Reference, ...]) -> _Basis:
        """What a plan's decision depended on, as it stands now."""
        return _Basis(
            self.ctx.effective_mode(txn, subject),
            self.ctx.effective_config(txn, subject),
            tuple(txn.versions(subject)),
            self._referenced(txn, references),
            self.lint.policy_of(txn, subject),
        )

    @staticmethod
    def _referenced(txn: ReadTxn, references: tuple[Reference, ...]) -> tuple[SubjectVersion | None, ...]:
        return tuple(txn.subject_version(ref.subject, ref.version) for ref in references)

    def _write(self, txn: WriteTxn, subject: str, plan: _Plan) -> Registered:
        """Store a decided registration: reuse the id of the same schema or take one, then add the version."""
        proposal = plan.proposal
        request, parsed = proposal.request, proposal.parsed
        key = proposal.proposed.fingerprint
        same_ids = txn.schema_ids_with_fingerprint(key)
        if request.version is not None and self._clear_soft_deleted(txn, subject, request.version):
            same_ids = txn.schema_ids_with_fingerprint(key)
        record = SchemaRecord(
            0, parsed.schema_type, parsed.canonical, proposal.references, request.metadata, request.rule_set
        )
        schema_id = self._schema_id(txn, request.id, same_ids, record, key)
        version = self._version(subject, request.version, txn.versions(subject))
        registered = SubjectVersion(subject, version, schema_id)
        txn.insert_version(registered)
        REGISTRATIONS.labels(parsed.schema_type).inc()
        self.lint.count_warnings(parsed.schema_type, plan.lint_warnings)
        return replace(self._answer(registered, proposal), lint_warnings=plan.lint_warnings)

    def lookup(self, subject: str, request: SchemaRequest, *, normalize: bool, deleted: bool) -> Registered:
        """The version of `subject` whose schema equals the posted one (POST /subjects/{subject})."""
        with self.ctx.storage.read() as txn:
            versions = txn.versions(subject)
            if not versions or (not deleted and all(v.deleted for v in versions)):
                raise SubjectNotFound(subject)
            config = self.ctx.effective_config(txn, subject)
            proposal = self.compatibility.propose(
                txn, request, versions, normalize=normalize or config.normalize, inherit=False
            )
            parsed, references = proposal.parsed, proposal.references
            ids = set(txn.schema_ids_with_fingerprint(proposal.proposed.fingerprint))
            candidates = [v for v in versions if deleted or not v.deleted]
            matches = [v for v in candidates if v.schema_id in ids]
            if matches:
                return self._answer(matches[-1], proposal)
            if request.metadata is None and request.rule_set is None:
                # A lookup without contract parts finds a version registered with some.
                for version in reversed(candidates):
                    record = self.ctx.schema_record(txn, version.schema_id)
                    if (record.schema_type, record.text, record.references) == (
                        parsed.schema_type,
                        parsed.canonical,
                        references,
                    ):
                        return Registered.of(version, record)
            raise SchemaNotFound()

    @staticmethod
    def _answer(version: SubjectVersion, proposal: Proposal) -> Registered:
        request = proposal.request
        return Registered(
            version.subject,
            version.version,
            version.schema_id,
            proposal.parsed.schema_type,
            proposal.parsed.canonical,
            proposal.references,
            request.metadata,
            request.rule_set,
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

    def _clear_soft_deleted(self, txn: WriteTxn, subject: str, number: int) -> bool:
        """An import may take the number of a soft-deleted version: that version is removed for good first
        (as a permanent delete would, so not while referenced). True if one was removed."""
        found = [v for v in txn.versions(subject) if v.version == number and v.deleted]
        if found:
            refuse_if_referenced(txn, found, live_only=False, what=f"{subject} version {number}")
            self.ctx.remove_versions(txn, subject, found)
        return bool(found)

    @staticmethod
    def _version(subject: str, requested: int | None, versions: list[SubjectVersion]) -> int:
        if requested is None:
            return (versions[-1].version if versions else 0) + 1
        if any(v.version == requested for v in versions):
            raise OperationNotPermitted(f"Version {requested} of subject {subject} already exists")
        return requested
