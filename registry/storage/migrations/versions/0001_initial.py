"""Initial schema: schemas, references, subject versions, config, mode and counters.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schemas",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("schema_type", sa.String(16), nullable=False),
        sa.Column("schema_text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    )
    op.create_index("ix_schemas_fingerprint", "schemas", ["fingerprint"])
    op.create_table(
        "schema_references",
        sa.Column("schema_id", sa.Integer, sa.ForeignKey("schemas.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_schema_references_target", "schema_references", ["subject", "version"])
    op.create_table(
        "subject_versions",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("schema_id", sa.Integer, sa.ForeignKey("schemas.id"), nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
    )
    op.create_index("ix_subject_versions_schema_id", "subject_versions", ["schema_id"])
    op.create_table(
        "configs",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("compatibility", sa.String(32)),
        sa.Column("policy", sa.String(32)),
        sa.Column("normalize", sa.Boolean),
    )
    op.create_table(
        "modes",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("mode", sa.String(32), nullable=False),
    )
    state = op.create_table(
        "registry_state",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(state, [{"key": "schema_id", "value": 0}, {"key": "generation", "value": 0}])


def downgrade() -> None:
    for table in ("registry_state", "modes", "configs", "subject_versions", "schema_references", "schemas"):
        op.drop_table(table)
