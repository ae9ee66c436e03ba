"""Event contracts: which services produce and consume each subject, and the checks that protect consumers.

A consumer contract names the reader schema a service reads a subject's events with. Registering it checks
that the reader can read every live version it may meet (all of them, or those from `fromVersion` on);
registering a new version of a subject checks that every registered reader can read it, and refuses it
(ENFORCE, the default where a subject has consumers), reports it (WARN) or lets it be (OFF).

Readers are parsed once and cached by their content; a new version is checked once per distinct reader,
however many services share that reader, so a hundred consumers cost what their distinct schemas cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from schemata.compat import Finding, Level, OldVersion, ParsedSchema, Previous, Proposed, decide, fingerprint
from schemata.compat.lru import LruCache
from schemata.registry.domain import GLOBAL_KEY, ContractRecord, ContractRole, Enforcement, SchemaRequest
from schemata.registry.errors import (
    ConsumerContractBroken,
    ContractsNotFound,
    InvalidContract,
    InvalidSchema,
)
from schemata.registry.metrics import CONSUMER_BREAKS
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.names import check_subject, context_of, subject_named
from schemata.registry.storage import ReadTxn

#: Service names: what a deployment or an application id looks like, short enough to print and index.
SERVICE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
#: Contracts one service may declare at once: a bound on the work of one request.
MAX_CONTRACTS_PER_SERVICE = 1000


@dataclass(frozen=True, slots=True)
class ContractEntry:
    """One declaration of a service's contract request, before validation."""

    subject: str
    role: ContractRole
    topic: str | None = None
    schema_type: str = "AVRO"
    schema: str | None = None
    references: tuple[tuple[str, str, int | str], ...] = ()
    from_version: int | None = None


@dataclass(frozen=True, slots=True)
class ConsumerFinding:
    """A reason why a consumer's reader cannot read a writer schema: the consumer, the writer's version
    (None for a schema being registered or checked), and the finding itself."""

    service: str
    subject: str
    version: int | None
    finding: Finding

    def as_dict(self) -> dict[str, object]:
        data = {**self.finding.as_dict(), "consumer": self.service, "subject": self.subject, "direction": "CONSUMER"}
        if self.version is not None:
            data["oldVersion"] = self.version
        return data

    def message(self) -> str:
        """The Confluent-style `messages` entry (the 409 body and the verbose compatibility answer)."""
        parts = [
            f"errorType:'{self.finding.rule}'",
            f"description:'{self.finding.message}'",
            f"consumer:'{self.service}'",
        ]
        if self.finding.path:
            parts.append(f"path:'{self.finding.path}'")
        if self.version is not None:
            parts.append(f"version:'{self.version}'")
        if self.finding.hint:
            parts.append(f"hint:'{self.finding.hint}'")
        return "{" + ", ".join(parts) + "}"


@dataclass(frozen=True, slots=True)
class ConsumerCheck:
    """What the registered consumers say of a new version: the enforcement in force and the findings."""

    enforcement: Enforcement
    findings: tuple[ConsumerFinding, ...] = ()

    @property
    def refuses(self) -> bool:
        return bool(self.findings) and self.enforcement is Enforcement.ENFORCE

    @property
    def warns(self) -> bool:
        return bool(self.findings) and self.enforcement is Enforcement.WARN


def check_service(service: str) -> str:
    if not SERVICE_NAME.fullmatch(service):
        raise InvalidContract(
            f"Invalid service name {service[:140]!r}: 1 to 128 letters, digits, '.', '_' or '-', starting with a "
            "letter or digit"
        )
    return service


def parse_enforcement(text: object) -> Enforcement:
    try:
        return Enforcement(str(text).upper())
    except ValueError:
        raise InvalidContract(
            f"Invalid contract enforcement {str(text)[:40]!r}: use OFF, WARN or ENFORCE"
        ) from None


class ContractService:
    """Register, read and delete services' contracts; check readers against writers both ways."""

    def __init__(
        self, ctx: ServiceContext, *, reader_cache_size: int = 10_000, reader_cache_bytes: int = 16 * 2**20
    ) -> None:
        self.ctx = ctx
        self._readers: LruCache[str, ParsedSchema] = LruCache(
            reader_cache_size, max_bytes=reader_cache_bytes, size=lambda parsed: len(parsed.canonical)
        )

    @property
    def reader_cache_bytes(self) -> int:
        """The bytes of reader text the cache of parsed readers holds."""
        return self._readers.bytes

    # -- a service's contracts ------------------------------------------------------------------------
    def put(self, service: str, entries: Sequence[ContractEntry]) -> list[ContractRecord]:
        """Make `entries` the whole contract of `service`. Every consumer's reader is checked against the
        live versions it may meet first, outside the write lock; a reader that cannot read one is refused
        with the findings (409), and nothing is written."""
        check_service(service)
        if len(entries) > MAX_CONTRACTS_PER_SERVICE:
            raise InvalidContract(f"A service may declare at most {MAX_CONTRACTS_PER_SERVICE} contracts")
        seen: set[tuple[str, ContractRole]] = set()
        for entry in entries:
            key = (entry.subject, entry.role)
            if key in seen:
                raise InvalidContract(f"Service {service} declares {entry.role} {entry.subject} twice")
            seen.add(key)
        with self.ctx.storage.read() as txn:
            records = [self._record(txn, service, entry) for entry in entries]
            broken = [f for record in records for f in self._reader_breaks(txn, record)]
        if broken:
            CONSUMER_BREAKS.labels("refused").inc()
            raise ConsumerContractBroken(
                f"The reader schema of consumer {service} cannot read every version it may meet",
                [f.message() for f in broken],
                [f.as_dict() for f in broken],
            )
        with self.ctx.storage.write() as txn:
            txn.replace_contracts(service, records)
        return records

    def get(self, service: str) -> list[ContractRecord]:
        with self.ctx.storage.read() as txn:
            records = txn.contracts(service=check_service(service))
        if not records:
            raise ContractsNotFound(service)
        return records

    def delete(self, service: str) -> list[ContractRecord]:
        with self.ctx.storage.write() as txn:
            records = txn.contracts(service=check_service(service))
            if not records:
                raise ContractsNotFound(service)
            txn.delete_contracts(service)
        return records

    def services(self) -> list[str]:
        with self.ctx.storage.read() as txn:
            return txn.contract_services()

    def of_subject(self, subject: str) -> list[ContractRecord]:
        with self.ctx.storage.read() as txn:
            return txn.contracts(subject=check_subject(subject))

    # -- enforcement ----------------------------------------------------------------------------------
    def get_enforcement(self, subject: str | None) -> Enforcement:
        with self.ctx.storage.read() as txn:
            return self.enforcement(txn, subject)

    def set_enforcement(self, subject: str | None, mode: Enforcement) -> None:
        with self.ctx.storage.write() as txn:
            txn.set_enforcement(check_subject(subject) if subject else GLOBAL_KEY, mode.value)

    def delete_enforcement(self, subject: str | None) -> Enforcement:
        """Remove the setting of `subject` (or the global one); the enforcement in force afterwards."""
        with self.ctx.storage.write() as txn:
            txn.delete_enforcement(check_subject(subject) if subject else GLOBAL_KEY)
            return self.enforcement(txn, subject)

    @staticmethod
    def enforcement(txn: ReadTxn, subject: str | None) -> Enforcement:
        """The subject's setting, else the global one, else ENFORCE (which only acts where there are
        consumers)."""
        stored = (txn.enforcement(subject) if subject else None) or txn.enforcement(GLOBAL_KEY)
        return Enforcement(stored) if stored else Enforcement.ENFORCE

    # -- the checks -----------------------------------------------------------------------------------
    def check_new_version(self, txn: ReadTxn, subject: str, new: ParsedSchema) -> ConsumerCheck:
        """Whether every registered reader of `subject` can read `new` (registration and the compatibility
        endpoints call this)."""
        enforcement = self.enforcement(txn, subject)
        if enforcement is Enforcement.OFF:
            return ConsumerCheck(enforcement)
        return ConsumerCheck(enforcement, self._findings(txn, subject, new))

    def impact(self, subject: str, request: SchemaRequest) -> ConsumerCheck:
        """What the registered readers of `subject` say of the schema in `request`, whatever the enforcement
        (the answer to "which consumers would this change break, and why")."""
        with self.ctx.storage.read() as txn:
            new, _ = self.ctx.parser.parse_new(
                txn, request.schema, request.schema_type, request.references, normalize=False,
                context=context_of(subject),
            )
            return ConsumerCheck(self.enforcement(txn, subject), self._findings(txn, subject, new))

    def _findings(self, txn: ReadTxn, subject: str, new: ParsedSchema) -> tuple[ConsumerFinding, ...]:
        """Every registered reader of `subject` against `new`, each distinct reader checked once: the
        decision that `new` may be written for that reader (FORWARD, under the subject's policy)."""
        readers = [r for r in txn.contracts(subject=subject) if r.role is ContractRole.CONSUMES]
        if not readers:
            return ()
        policy = self.ctx.effective_config(txn, subject).policy
        found: list[ConsumerFinding] = []
        for reader, consumers in self._distinct_readers(txn, readers):
            previous = [Previous(OldVersion(f"consumer {consumers[0].service}"), None, reader)]
            decision = decide(Proposed(new, ""), previous, level=Level.FORWARD, policy=policy, deduplicate=False)
            found += [ConsumerFinding(c.service, subject, None, f) for f in decision.findings for c in consumers]
        return tuple(found)

    def _reader_breaks(self, txn: ReadTxn, record: ContractRecord) -> Iterable[ConsumerFinding]:
        """The findings of a consumer's reader against each live version it may meet (under the subject's
        policy), as the decision on a reader that must read every one of them."""
        if record.role is not ContractRole.CONSUMES:
            return []
        versions = [
            v for v in txn.versions(record.subject) if record.from_version is None or v.version >= record.from_version
        ]
        previous = self.ctx.previous_versions(txn, versions)
        policy = self.ctx.effective_config(txn, record.subject).policy
        level = Level.BACKWARD_TRANSITIVE  # the reader reads every version it may meet
        decision = decide(Proposed(self._reader(txn, record), ""), previous, level=level, policy=policy,
                          deduplicate=False)
        return [
            ConsumerFinding(record.service, record.subject, f.against.number if f.against else None, f)
            for f in decision.findings
        ]

    def _distinct_readers(
        self, txn: ReadTxn, records: Sequence[ContractRecord]
    ) -> list[tuple[ParsedSchema, list[ContractRecord]]]:
        """The readers of `records`, each distinct one once, with the consumers that use it."""
        groups: dict[str, list[ContractRecord]] = {}
        for record in records:
            groups.setdefault(_reader_key(record), []).append(record)
        return [(self._reader(txn, group[0]), group) for group in groups.values()]

    def _reader(self, txn: ReadTxn, record: ContractRecord) -> ParsedSchema:
        key = _reader_key(record)
        parsed = self._readers.get(key)
        if parsed is None:
            assert record.schema is not None and record.schema_type is not None
            refs = tuple((r.name, r.subject, r.version) for r in record.references)
            parsed, _ = self.ctx.parser.parse_new(
                txn, record.schema, record.schema_type, refs, normalize=False, context=context_of(record.subject)
            )
            self._readers.put(key, parsed)
        return parsed

    def _record(self, txn: ReadTxn, service: str, entry: ContractEntry) -> ContractRecord:
        """A validated contract: a consumer's reader parses, with its references resolved, and is of the
        subject's schema type. The subject need not exist yet: a consumer may declare what it reads before
        the producer registers it, and the producer's first version is then checked against the reader."""
        subject = subject_named(entry.subject)  # `:.:orders` is `orders`, as in every request naming a subject
        live = [v for v in txn.versions(subject) if not v.deleted]
        topic = entry.topic or topic_of(subject)
        if entry.role is ContractRole.PRODUCES:
            return ContractRecord(service, subject, entry.role, topic)
        if not entry.schema:
            raise InvalidContract(f"The consumer contract of {service} on {subject} needs its reader 'schema'")
        parsed, references = self.ctx.parser.parse_new(
            txn, entry.schema, entry.schema_type, entry.references, normalize=False, context=context_of(subject)
        )
        subject_type = self.ctx.schema_record(txn, live[-1]).schema_type if live else parsed.schema_type
        if parsed.schema_type != subject_type:
            raise InvalidSchema(
                f"The reader schema of {service} on {subject} is {parsed.schema_type}, but the subject's schemas "
                f"are {subject_type}"
            )
        record = ContractRecord(
            service, subject, entry.role, topic, parsed.schema_type, entry.schema, references, entry.from_version
        )
        self._readers.put(_reader_key(record), parsed)  # the check that follows reads it from here
        return record


def _reader_key(record: ContractRecord) -> str:
    """A reader's identity: its schema and references, which name subjects within its subject's context."""
    references = [(r.name, r.subject, r.version) for r in record.references]
    return context_of(record.subject) + " " + fingerprint(record.schema_type or "", record.schema or "", references)


def topic_of(subject: str) -> str:
    """The topic a subject belongs to under the default TopicNameStrategy (`orders-value` -> `orders`),
    its context prefix left out; other subjects name their own topic."""
    name = subject.rsplit(":", 1)[-1] if subject.startswith(":.") else subject
    for suffix in ("-value", "-key"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
