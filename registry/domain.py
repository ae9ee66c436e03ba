"""Domain values shared by the service and storage layers. Plain, immutable, free of web and SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import NewType

from schemata.compat.versions import VersionRef

Subject = NewType("Subject", str)
SchemaId = NewType("SchemaId", int)
Version = NewType("Version", int)

#: The key under which global config and mode are stored; also why `__GLOBAL` is not a valid subject.
GLOBAL_KEY = "__GLOBAL"


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
    """A stored schema: immutable once written, identified by its global id."""

    id: int
    schema_type: str
    text: str
    references: tuple[Reference, ...] = ()
    #: Data-contract parts, as canonical JSON text (None when absent).
    metadata: str | None = None
    rule_set: str | None = None


@dataclass(frozen=True, slots=True)
class SubjectVersion:
    """One version of a subject, pointing at a schema id."""

    subject: str
    version: int
    schema_id: int
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class ConfigRecord:
    """Compatibility settings of a subject or of the whole registry; None means "not set here"."""

    compatibility: str | None = None
    policy: str | None = None
    normalize: bool | None = None


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
