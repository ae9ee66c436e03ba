"""The `lint_policies` table: each subject's (and the registry's) lint policy, apart from Confluent's config.

Revision ID: 0007_lint_policies
Revises: 0006_event_contracts
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_lint_policies"
down_revision = "0006_event_contracts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lint_policies",
        sa.Column("subject", sa.Text, primary_key=True),
        sa.Column("policy", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("lint_policies")
