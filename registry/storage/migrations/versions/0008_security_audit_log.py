"""The audit log: one row per write request (who, when, what, and the outcome).

Revision ID: 0008_security_audit_log
Revises: 0007_lint_policies
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_security_audit_log"
down_revision = "0007_lint_policies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at_micros", sa.BigInteger, nullable=False),
        sa.Column("principal", sa.Text, nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("subject", sa.Text),
        sa.Column("status", sa.Integer, nullable=False),
    )
    op.create_index("ix_audit_log_at_micros", "audit_log", ["at_micros"])
    op.create_index("ix_audit_log_principal", "audit_log", ["principal"])
    op.create_index("ix_audit_log_subject", "audit_log", ["subject"])


def downgrade() -> None:
    op.drop_table("audit_log")
