"""The `removals` counter: bumped whenever a schema is deleted for good, so that every node's by-id caches
know when an id they hold may have stopped meaning what they cached.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_state = sa.table("registry_state", sa.column("key", sa.String), sa.column("value", sa.BigInteger))


def upgrade() -> None:
    op.bulk_insert(_state, [{"key": "removals", "value": 0}])


def downgrade() -> None:
    op.execute(_state.delete().where(_state.c.key == "removals"))
