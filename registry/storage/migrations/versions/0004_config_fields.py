"""Confluent's other config fields: compatibility group, default/override metadata and rule sets, alias,
validateFields and validateRules.

Revision ID: 0004_config_fields
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_config_fields"
down_revision = "0003"
branch_labels = None
depends_on = None

_TEXT = ("compatibility_group", "default_metadata", "override_metadata", "default_rule_set", "override_rule_set",
         "alias")
_FLAGS = ("validate_fields", "validate_rules")


def upgrade() -> None:
    with op.batch_alter_table("configs") as batch:
        for name in _TEXT:
            batch.add_column(sa.Column(name, sa.Text, nullable=True))
        for name in _FLAGS:
            batch.add_column(sa.Column(name, sa.Boolean, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("configs") as batch:
        for name in (*_TEXT, *_FLAGS):
            batch.drop_column(name)
