"""Event contracts: the services that produce and consume each subject, and how strictly they are enforced.

Revision ID: 0006_event_contracts
Revises: 0005_guid_ts
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_event_contracts"
down_revision = "0005_guid_ts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contracts",
        sa.Column("service", sa.String(255), primary_key=True),
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("role", sa.String(16), primary_key=True),
        sa.Column("topic", sa.Text),
        sa.Column("schema_type", sa.String(16)),
        sa.Column("schema_text", sa.Text),
        sa.Column("schema_references", sa.Text),
        sa.Column("from_version", sa.Integer),
    )
    op.create_index("ix_contracts_subject", "contracts", ["subject"])
    op.create_table(
        "contract_enforcement",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("mode", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contract_enforcement")
    op.drop_index("ix_contracts_subject", "contracts")
    op.drop_table("contracts")
