"""The relational schema, as SQLAlchemy Core tables. Alembic migrations create and evolve it."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

#: Schemas are immutable. `id` is the row's key (what references and versions join on, never shown); the id
#: a client sees is `public_id`, unique within the schema's `context` (the context of the subjects using
#: it: each context numbers its schemas, and de-duplicates them, on its own). `fingerprint` hashes type,
#: text and references.
schemas = Table(
    "schemas",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("schema_type", String(16), nullable=False),
    Column("schema_text", Text, nullable=False),
    Column("fingerprint", String(64), nullable=False, index=True),
    Column("metadata", Text),
    Column("rule_set", Text),
    Column("guid", String(36), unique=True),
    Column("context", Text, nullable=False),
    Column("public_id", Integer, nullable=False),
    Index("uq_schemas_context_public_id", "context", "public_id", unique=True),
    Index("ix_schemas_context_fingerprint", "context", "fingerprint"),
)

#: The last schema id handed out in each context (ids are never reused, even after a schema is removed).
context_schema_ids = Table(
    "context_schema_ids",
    metadata,
    Column("context", Text, primary_key=True),
    Column("last_id", BigInteger, nullable=False),
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
    Column("ts", BigInteger),
)

configs = Table(
    "configs",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("compatibility", String(32)),
    Column("policy", String(32)),
    Column("normalize", Boolean),
    Column("compatibility_group", Text),
    Column("default_metadata", Text),
    Column("override_metadata", Text),
    Column("default_rule_set", Text),
    Column("override_rule_set", Text),
    Column("alias", Text),
    Column("validate_fields", Boolean),
    Column("validate_rules", Boolean),
)

modes = Table(
    "modes",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("mode", String(32), nullable=False),
)

#: The lint policy (`schemata.compat.lint` configuration, as JSON) of a subject, or of the registry under
#: GLOBAL_KEY. Kept apart from `configs`, so that Confluent's /config endpoints never see it.
lint_policies = Table(
    "lint_policies",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("policy", Text, nullable=False),
)

#: Counters: `generation` (bumped by every write; caches of subject
#: views compare it to know whether what they hold is current, and its row lock serialises writers) and
#: `removals` (bumped when a schema is deleted for good: the only event after which an id may stop meaning
#: what a by-id cache holds, since an import may later bring the id back with another schema).
registry_state = Table(
    "registry_state",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

#: Event contracts: which services produce a subject, and which consume it with which reader schema.
#: One row per (service, subject, role); a service's whole set is replaced at once.
contracts = Table(
    "contracts",
    metadata,
    Column("service", String(255), primary_key=True),
    Column("subject", Text, primary_key=True),
    Column("role", String(16), primary_key=True),
    Column("topic", Text),
    Column("schema_type", String(16)),
    Column("schema_text", Text),
    Column("schema_references", Text),
    Column("from_version", Integer),
    Index("ix_contracts_subject", "subject"),
)

#: Contract enforcement (OFF / WARN / ENFORCE) per subject, and globally under the global config key.
contract_enforcement = Table(
    "contract_enforcement",
    metadata,
    Column("subject", Text, primary_key=True),
    Column("mode", String(16), nullable=False),
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
