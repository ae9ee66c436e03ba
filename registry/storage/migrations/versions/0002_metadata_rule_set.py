"""Data contracts: a schema's metadata and rule set, stored as canonical JSON.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schemas") as batch:
        batch.add_column(sa.Column("metadata", sa.Text, nullable=True))
        batch.add_column(sa.Column("rule_set", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("schemas") as batch:
        batch.drop_column("rule_set")
        batch.drop_column("metadata")
