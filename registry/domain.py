"""Domain values shared by the service and storage layers. Plain, immutable, free of web and SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from schemata.compat.versions import VersionRef

Subject = NewType("Subject", str)
SchemaId = NewType("SchemaId", int)
Version = NewType("Version", int)
#: The storage's own key of a schema row, never shown: schema ids are per context (Confluent's contexts each
#: number their schemas from 1), so one id may name a schema in each context, and the key tells them apart.
SchemaKey = NewType("SchemaKey", int)
#: The context of every subject not qualified with another (`:.ctx:name`).
DEFAULT_CONTEXT = "."
#: The default context spelled as a subject's qualifier: `:.:name`, which Confluent reads as `name`.
DEFAULT_CONTEXT_PREFIX = ":.:"

#: The key under which global config and mode are stored; also why `__GLOBAL` is not a valid subject.
GLOBAL_KEY = "__GLOBAL"
#: Confluent's `__GLOBAL` context: its config and mode lie beneath every other (the last fallback).
GLOBAL_CONTEXT_KEY = ":.__GLOBAL:"


def context_of(subject: str) -> str:
    """The context of a subject: `.ctx` for `:.ctx:name`, the default context `.` otherwise."""
    if subject.startswith(":.") and subject.count(":") >= 2:
        return subject[1 : subject.index(":", 1)]
    return DEFAULT_CONTEXT


def unqualified(subject: str) -> str:
    """A subject's name within its context: `name` for `:.ctx:name` (and for `name`)."""
    return subject[len(context_of(subject)) + 2 :] if context_of(subject) != DEFAULT_CONTEXT else subject


def normalized_subject(subject: str) -> str:
    """A subject spelled as Confluent's REST layer reads it (`QualifiedSubject.normalize`): a qualifier naming
    the default context is dropped (`:.:name` is `name`, and `:.:` or `:.` alone the empty name), a context
    without its closing colon gets one (`:.ctx` is `:.ctx:`); every other spelling stays as it is."""
    if not subject.startswith(":."):
        return subject
    end = subject.find(":", 2)
    context, name = (subject[1:], "") if end < 0 else (subject[1:end], subject[end + 1 :])
    return name if context == DEFAULT_CONTEXT else f":{context}:{name}"


def in_context(subject: str, context: str) -> str:
    """The subject that a reference to `subject` from a schema of `context` means, as Confluent resolves it
    (`QualifiedSubject.qualifySubjectWithParent`): a subject qualified with another context is that one; any
    other is taken in the referring schema's context. So from the default context `:.:name` is `name`; from
    another context `.ctx` it is `:.ctx::.:name` (Confluent qualifies the text as given), not `name`."""
    if context_of(subject) != DEFAULT_CONTEXT:
        return subject
    if context == DEFAULT_CONTEXT:
        return subject.removeprefix(DEFAULT_CONTEXT_PREFIX)
    return f":{context}:{subject}"


#: Longest subject name, in bytes of UTF-8 (PostgreSQL's btree keys take about 2.7 KB).
MAX_SUBJECT_BYTES = 2048


class Mode(StrEnum):
    READWRITE = "READWRITE"
    READONLY = "READONLY"
    READONLY_OVERRIDE = "READONLY_OVERRIDE"
    IMPORT = "IMPORT"

    @property
    def writable(self) -> bool:
        return self in (Mode.READWRITE, Mode.IMPORT)


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference from a schema to a version of another subject; `version` is always resolved."""

    name: str
    subject: str
    version: int

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "subject": self.subject, "version": self.version}


@dataclass(frozen=True, slots=True)
class SchemaRecord:
    """A stored schema: immutable once written, identified by its id within its context (and by `key`)."""

    id: int
    schema_type: str
    text: str
    references: tuple[Reference, ...] = ()
    #: Data-contract parts, as canonical JSON text (None when absent).
    metadata: str | None = None
    rule_set: str | None = None
    #: Confluent 8's schema GUID (None for schemas stored without one).
    guid: str | None = None
    key: SchemaKey = field(kw_only=True)
    #: The context whose subjects use the schema, and in which `id` is its id.
    context: str = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class SubjectVersion:
    """One version of a subject, pointing at a schema: its id in the subject's context, and its key."""

    subject: str
    version: int
    schema_id: int
    deleted: bool = False
    #: Registration time in milliseconds since the epoch (None when unknown).
    ts: int | None = None
    schema_key: SchemaKey = field(kw_only=True)


@dataclass(frozen=True, slots=True)
class ConfigRecord:
    """Config of a subject or of the whole registry (Confluent's `Config`); None means "not set here".
    Metadata and rule sets are canonical JSON text."""

    compatibility: str | None = None
    policy: str | None = None
    normalize: bool | None = None
    compatibility_group: str | None = None
    default_metadata: str | None = None
    override_metadata: str | None = None
    default_rule_set: str | None = None
    override_rule_set: str | None = None
    alias: str | None = None
    validate_fields: bool | None = None
    validate_rules: bool | None = None


@dataclass(frozen=True, slots=True)
class SchemaRequest:
    """What a client posts to register, look up or check a schema."""

    schema: str
    schema_type: str = "AVRO"
    references: tuple[tuple[str, str, VersionRef], ...] = field(default_factory=tuple)
    id: int | None = None
    version: int | None = None
    metadata: str | None = None
    rule_set: str | None = None


class ContractRole(StrEnum):
    """What a service does with a subject's events."""

    PRODUCES = "PRODUCES"
    CONSUMES = "CONSUMES"


class Enforcement(StrEnum):
    """What registration does when a new version breaks a registered consumer: nothing, report, or refuse."""

    OFF = "OFF"
    WARN = "WARN"
    ENFORCE = "ENFORCE"


@dataclass(frozen=True, slots=True)
class ContractRecord:
    """A service's declaration about one subject: it produces the subject's events, or consumes them with
    `schema` as its reader schema (with `references`, resolved to versions). A consumer that only reads
    versions from `from_version` on is checked against those only."""

    service: str
    subject: str
    role: ContractRole
    topic: str | None = None
    schema_type: str | None = None
    schema: str | None = None
    references: tuple[Reference, ...] = ()
    from_version: int | None = None
@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One write request in the audit log: who, when (microseconds since the epoch, UTC), what, and its status."""

    at_micros: int
    principal: str
    method: str
    path: str
    subject: str | None
    status: int
    id: int | None = None  # given by the database


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Filters of an audit-log read; None: not filtered on. `after`: only entries with a larger id (paging)."""

    subject: str | None = None
    principal: str | None = None
    since_micros: int | None = None
    until_micros: int | None = None
    after: int | None = None
    limit: int = 1000
