"""The relational schema, as SQLAlchemy Core tables. Alembic migrations create and evolve it."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

metadata = MetaData()

#: Schemas are immutable and identified by a global id; `fingerprint` hashes type, text and references.
schemas = Table(
    "schemas",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("schema_type", String(16), nullable=False),
    Column("schema_text", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("metadata", Text),
    Column("rule_set", Text),
)

schema_references = Table(
    "schema_references",
    metadata,
    Column("schema_id", Integer, ForeignKey("schemas.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("subject", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Index("ix_schema_references_target", "subject", "version"),
)

subject_versions = Table(
    "subject_versions",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("schema_id", Integer, ForeignKey("schemas.id"), nullable=False, index=True),
    Column("deleted", Boolean, nullable=False),
)

configs = Table(
    "configs",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("compatibility", String(32)),
    Column("policy", String(32)),
    Column("normalize", Boolean),
)

modes = Table(
    "modes",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("mode", String(32), nullable=False),
)

#: Counters: `schema_id` (the last id handed out), `generation` (bumped by every write; caches of subject
#: views compare it to know whether what they hold is current, and its row lock serialises writers) and
#: `removals` (bumped when a schema is deleted for good: the only event after which an id may stop meaning
#: what a by-id cache holds, since an import may later bring the id back with another schema).
registry_state = Table(
    "registry_state",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

#: Every write request, as the security middleware saw it: who (`principal`), when (microseconds since the
#: epoch, UTC), what (method, path with its query, the subject if the route names one) and the HTTP status.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at_micros", BigInteger, nullable=False, index=True),
    Column("principal", Text, nullable=False, index=True),
    Column("method", String(8), nullable=False),
    Column("path", Text, nullable=False),
    Column("subject", Text, index=True),
    Column("status", Integer, nullable=False),
)
