"""Schema ids per context (Confluent's contexts each number their schemas from 1 and de-duplicate them on
their own): `schemas.id` stays the row's key, `public_id` is the id clients see, unique per `context`, and
`context_schema_ids` holds each context's last id handed out.

Existing schemas keep their ids. A schema that subjects of several contexts shared (ids were global) is
copied into each further context under the same id, with the versions of that context's subjects pointing
at the copy, so every subject still answers the id it answered before. Each existing context continues
numbering after the last id handed out so far, so no id a client may hold is handed out again.

Revision ID: 0009_context_ids
Revises: 0008_security_audit_log
"""

import uuid
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0009_context_ids"
down_revision = "0008_security_audit_log"
branch_labels = None
depends_on = None

DEFAULT_CONTEXT = "."

_schemas = sa.table(
    "schemas",
    sa.column("id", sa.Integer),
    sa.column("schema_type", sa.String),
    sa.column("schema_text", sa.Text),
    sa.column("fingerprint", sa.String),
    sa.column("metadata", sa.Text),
    sa.column("rule_set", sa.Text),
    sa.column("guid", sa.String),
    sa.column("context", sa.Text),
    sa.column("public_id", sa.Integer),
)
_references = sa.table(
    "schema_references",
    sa.column("schema_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.Text),
    sa.column("subject", sa.Text),
    sa.column("version", sa.Integer),
)
_versions = sa.table("subject_versions", sa.column("subject", sa.Text), sa.column("schema_id", sa.Integer))
_state = sa.table("registry_state", sa.column("key", sa.String), sa.column("value", sa.BigInteger))


def _context_of(subject: str) -> str:
    """As `schemata.registry.domain.context_of` (a migration keeps its own copy: it must not change later)."""
    if subject.startswith(":.") and subject.count(":") >= 2:
        return subject[1 : subject.index(":", 1)]
    return DEFAULT_CONTEXT


def upgrade() -> None:
    with op.batch_alter_table("schemas") as batch:
        batch.add_column(sa.Column("context", sa.Text, nullable=True))
        batch.add_column(sa.Column("public_id", sa.Integer, nullable=True))
    counters = op.create_table(
        "context_schema_ids",
        sa.Column("context", sa.Text, primary_key=True),
        sa.Column("last_id", sa.BigInteger, nullable=False),
    )
    connection = op.get_bind()
    users: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for subject, key in connection.execute(sa.select(_versions.c.subject, _versions.c.schema_id)).all():
        users[key][_context_of(subject)].append(subject)
    next_key = int(connection.scalar(sa.select(sa.func.coalesce(sa.func.max(_schemas.c.id), 0))) or 0) + 1
    for row in connection.execute(sa.select(_schemas)).mappings().all():
        contexts = sorted(users[row["id"]]) or [DEFAULT_CONTEXT]  # "." sorts first
        connection.execute(
            _schemas.update().where(_schemas.c.id == row["id"]).values(context=contexts[0], public_id=row["id"])
        )
        references = connection.execute(sa.select(_references).where(_references.c.schema_id == row["id"])).all()
        for context in contexts[1:]:
            copy = {**row, "id": next_key, "guid": str(uuid.uuid4()), "context": context, "public_id": row["id"]}
            connection.execute(_schemas.insert().values(**copy))
            if references:
                connection.execute(
                    _references.insert(), [{**ref._asdict(), "schema_id": next_key} for ref in references]
                )
            connection.execute(
                _versions.update()
                .where(_versions.c.schema_id == row["id"], _versions.c.subject.in_(users[row["id"]][context]))
                .values(schema_id=next_key)
            )
            next_key += 1
    last = int(connection.scalar(sa.select(_state.c.value).where(_state.c.key == "schema_id")) or 0)
    used = {DEFAULT_CONTEXT} | {context for found in users.values() for context in found}
    op.bulk_insert(counters, [{"context": context, "last_id": last} for context in sorted(used)])
    connection.execute(_state.delete().where(_state.c.key == "schema_id"))
    if connection.dialect.name == "postgresql":  # SQLite would rebuild the table, which its foreign keys forbid
        op.alter_column("schemas", "context", nullable=False)
        op.alter_column("schemas", "public_id", nullable=False)
    op.create_index("uq_schemas_context_public_id", "schemas", ["context", "public_id"], unique=True)
    op.create_index("ix_schemas_context_fingerprint", "schemas", ["context", "fingerprint"])


def downgrade() -> None:
    """Back to global ids: possible only while no context holds an id of its own (every schema's key is
    its id, and no two contexts use one id)."""
    connection = op.get_bind()
    diverged = connection.execute(
        sa.select(_schemas.c.id).where(_schemas.c.id != _schemas.c.public_id).limit(1)
    ).first()
    if diverged is not None:
        raise RuntimeError(
            "Cannot downgrade below 0009_context_ids: some context numbers its schemas on its own "
            "(global ids cannot represent it); restore a backup taken before the upgrade instead"
        )
    last = connection.scalar(sa.select(sa.func.coalesce(sa.func.max(sa.column("last_id")), 0)).select_from(
        sa.table("context_schema_ids", sa.column("last_id"))
    ))
    op.bulk_insert(_state, [{"key": "schema_id", "value": int(last or 0)}])
    op.drop_index("ix_schemas_context_fingerprint", "schemas")
    op.drop_index("uq_schemas_context_public_id", "schemas")
    op.drop_table("context_schema_ids")
    with op.batch_alter_table("schemas") as batch:
        batch.drop_column("public_id")
        batch.drop_column("context")
