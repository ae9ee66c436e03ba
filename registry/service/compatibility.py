"""The compatibility decision as the registry takes it (`schemata.compat.decide` on stored versions), for
registration and the compatibility endpoints, and its rendering into Confluent-style messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from schemata.compat import Decision, Finding, Level, ParsedSchema, Previous, Proposed, decide
from schemata.registry.domain import ConfigRecord, Reference, SchemaRecord, SchemaRequest, SubjectVersion
from schemata.registry.errors import InvalidSchema, SubjectNotFound, VersionNotFound
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import (
    CONFLUENT_VERSION,
    metadata_properties,
    same_group,
    with_config_contract,
    with_confluent_version,
)
from schemata.registry.service.event_contracts import ConsumerCheck, ContractService
from schemata.registry.service.field_validation import refuse_invalid_fields, validates_fields
from schemata.registry.service.names import LATEST, context_of
from schemata.registry.storage import ReadTxn


@dataclass(frozen=True)
class CompatibilityResult:
    """A compatibility answer: the verdict, Confluent's messages (verbose only), and the decision behind it
    (None when the posted schema did not parse)."""

    is_compatible: bool
    messages: list[str]
    decision: Decision | None = None
    #: What the registered consumers' readers say of the schema (None: not asked, e.g. an invalid schema).
    consumers: ConsumerCheck | None = None


@dataclass(frozen=True)
class Proposal:
    """A posted schema as registering it would store it: the request with the contract parts it inherits,
    the parsed schema, its resolved references, and the decision's view of it."""

    request: SchemaRequest
    parsed: ParsedSchema
    references: tuple[Reference, ...]
    proposed: Proposed

    @classmethod
    def of(cls, request: SchemaRequest, parsed: ParsedSchema, references: tuple[Reference, ...]) -> Proposal:
        """`request` parsed, with the decision's view of it."""
        identity = [(r.name, r.subject, r.version) for r in references]
        return cls(request, parsed, references, Proposed.of(parsed, identity, request.metadata, request.rule_set))

    def numbered(self, version: int) -> Proposal:
        """This proposal as version `version`: a `confluent:version` property its metadata has (inherited, or
        set by a tags request) is made `version`, as Confluent's registry keeps it."""
        if metadata_properties(self.request.metadata).get(CONFLUENT_VERSION, str(version)) == str(version):
            return self
        request = replace(self.request, metadata=with_confluent_version(self.request.metadata, version))
        return Proposal.of(request, self.parsed, self.references)


def render_messages(
    decision: Decision, previous: Sequence[Previous], level: Level, *, validate_fields: bool
) -> list[str]:
    """Confluent's verbose message list: each problem, then which old version it failed against, and last
    the config it was decided with (`{validateFields: 'false', compatibility: 'BACKWARD'}`, both keys always,
    as Confluent's newer registries end it); a problem of no old version (a reserved name used by a
    subject's first schema) comes first. Ours add the rule's path and a hint."""
    by_number = {p.version.number: p for p in previous}
    numbers = {f.against.number for f in decision.findings if f.against is not None}
    messages = [_describe(f) for f in decision.findings if f.against is None or f.against.number is None]
    for number in sorted((n for n in numbers if n is not None), reverse=True):
        messages += [_describe(f) for f in decision.findings if f.against is not None and f.against.number == number]
        messages.append(f"{{oldSchemaVersion: {number}}}")
        messages.append(f"{{oldSchema: '{by_number[number].schema.canonical}'}}")
    if messages:
        flag = "true" if validate_fields else "false"
        messages.append(f"{{validateFields: '{flag}', compatibility: '{level.value}'}}")
    return messages


def _describe(finding: Finding) -> str:
    parts = [f"errorType:'{finding.rule}'", f"description:'{finding.message}'"]
    if finding.path:
        parts.append(f"path:'{finding.path}'")
    if finding.direction:
        parts.append(f"direction:'{finding.direction}'")
    if finding.hint:
        parts.append(f"hint:'{finding.hint}'")
    return "{" + ", ".join(parts) + "}"


class CompatibilityService:
    """POST /compatibility/...: the decision registration would take, or one against a chosen version."""

    def __init__(self, ctx: ServiceContext, contracts: ContractService) -> None:
        self.ctx = ctx
        self.contracts = contracts

    def propose(
        self,
        txn: ReadTxn,
        request: SchemaRequest,
        versions: list[SubjectVersion],
        *,
        normalize: bool,
        inherit: bool,
        context: str,
        config: ConfigRecord | None = None,
    ) -> Proposal:
        """Parse `request` as registration stores it for a subject of `context`; with `inherit`, the metadata
        and rule set it leaves out are those of the latest live version among `versions`, as Confluent does (so
        that re-registering a schema without them finds its version), merged with `config`'s defaults and
        overrides."""
        if inherit:
            request = self._inherit_contract(txn, self._schema_from_latest(txn, request, versions), versions)
        if config is not None:
            request = with_config_contract(request, config)
        parsed, references = self.ctx.parser.parse_new(
            txn, request.schema, request.schema_type, request.references, normalize=normalize, context=context
        )
        return Proposal.of(request, parsed, references)

    def decide(
        self,
        txn: ReadTxn,
        proposal: Proposal,
        versions: list[SubjectVersion],
        level: Level,
        policy: str | None,
        *,
        group: str | None = None,
        deduplicate: bool = True,
        force: bool = False,
        validate_fields: bool = False,
    ) -> tuple[Decision, list[Previous]]:
        """Registration's decision on `proposal` against the live ones among `versions`: with a
        compatibilityGroup, only those with the proposal's value of that metadata property; with `force`,
        unchecked; with `validate_fields`, the reserved-field rules too (see `schemata.compat.decide`),
        against the latest live version whatever its group, as Confluent checks them. Also the versions the
        decision may name, oldest first (for `render_messages`)."""
        keep: Callable[[SchemaRecord], bool] | None = same_group(group, proposal.request.metadata)
        previous = self.ctx.previous_versions(txn, versions, keep=keep)
        latest = self._latest_outside(txn, versions, previous) if validate_fields and keep is not None else None
        decision = decide(
            proposal.proposed, previous, level=level, policy=policy, deduplicate=deduplicate, force=force,
            validate_fields=validate_fields, latest=latest,
        )
        return decision, previous if latest is None else [*previous, latest]

    def _latest_outside(self, txn: ReadTxn, versions: list[SubjectVersion], kept: list[Previous]) -> Previous | None:
        """The latest live version among `versions` when `kept` (a compatibilityGroup's) does not end with it."""
        live = [v for v in versions if not v.deleted]
        if not live or (kept and kept[-1].version.number == live[-1].version):
            return None
        (latest,) = self.ctx.previous_versions(txn, live[-1:])
        return latest

    def check(
        self,
        subject: str,
        version: int | str | None,
        request: SchemaRequest,
        *,
        normalize: bool,
        verbose: bool,
    ) -> CompatibilityResult:
        """Check `request` against `version` of `subject`, or decide as registration would (None)."""
        with self.ctx.storage.read() as txn:
            config = self.ctx.effective_config(txn, subject)
            versions = txn.versions(subject)
            try:
                normalizing = normalize or config.normalize
                proposal = self.propose(
                    txn, request, versions, normalize=normalizing, inherit=True, context=context_of(subject),
                    config=config.settings,
                )
                refuse_invalid_fields(proposal.parsed, config.settings)
            except InvalidSchema as error:
                if verbose:
                    return CompatibilityResult(False, [error.message])
                raise
            validating = validates_fields(config.settings)
            if version is None:
                decision, previous = self.decide(
                    txn, proposal, versions, config.level, config.policy, group=config.settings.compatibility_group,
                    validate_fields=validating,
                )
            else:
                # Against one version as against them all (Confluent's isCompatible): its group must match.
                decision, previous = self.decide(
                    txn, proposal, self._one_version(txn, subject, version), _non_transitive(config.level),
                    config.policy, group=config.settings.compatibility_group, deduplicate=False,
                    validate_fields=validating,
                )
            consumers = self.consumers_of(txn, subject, proposal, decision)
            messages = render_messages(decision, previous, config.level, validate_fields=validating) if verbose else []
        if verbose:
            messages += [f.message() for f in consumers.findings]
        return CompatibilityResult(decision.compatible and not consumers.refuses, messages, decision, consumers)

    def consumers_of(self, txn: ReadTxn, subject: str, proposal: Proposal, decision: Decision) -> ConsumerCheck:
        """What the subject's registered readers say of the proposal; a schema identical to a live version
        is one they were checked against when they registered."""
        if decision.identical is not None:
            return ConsumerCheck(self.contracts.enforcement(txn, subject))
        return self.contracts.check_new_version(txn, subject, proposal.parsed)

    def _one_version(self, txn: ReadTxn, subject: str, version: int | str) -> list[SubjectVersion]:
        """The live version asked for (none: `latest` of a subject without one); 40402 for any other."""
        try:
            return [self.ctx.find_version(txn, subject, version)]
        except (SubjectNotFound, VersionNotFound):
            if version == LATEST:
                return []
            raise VersionNotFound(version) from None

    def _schema_from_latest(
        self, txn: ReadTxn, request: SchemaRequest, versions: list[SubjectVersion]
    ) -> SchemaRequest:
        """A request without a schema but with metadata or a rule set takes the latest live version's schema,
        type and references, as Confluent does; without a live version (or with nothing at all) it stays
        empty (42201)."""
        live = [v for v in versions if not v.deleted]
        if request.schema.strip() or not live or (request.metadata is None and request.rule_set is None):
            return request
        latest = self.ctx.schema_record(txn, live[-1])
        references = tuple((r.name, r.subject, r.version) for r in latest.references)
        return replace(request, schema=latest.text, schema_type=latest.schema_type, references=references)

    def _inherit_contract(self, txn: ReadTxn, request: SchemaRequest, versions: list[SubjectVersion]) -> SchemaRequest:
        live = [v for v in versions if not v.deleted]
        if not live or (request.metadata is not None and request.rule_set is not None):
            return request
        latest = self.ctx.schema_record(txn, live[-1])
        return replace(
            request,
            metadata=latest.metadata if request.metadata is None else request.metadata,
            rule_set=latest.rule_set if request.rule_set is None else request.rule_set,
        )


def _non_transitive(level: Level) -> Level:
    """Against a single chosen version, a transitive level checks the same directions once."""
    return Level(level.value.removesuffix("_TRANSITIVE"))
