"""The `lint_policies` table: each subject's (and the registry's) lint policy, apart from Confluent's config.

Revision ID: 0004_lint_policies
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_lint_policies"
down_revision = "0003"
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
