"""Confluent 8's schema `guid` (a UUID per schema, for GUID-in-header serializers) and each subject version's
registration time `ts` (milliseconds since the epoch; unknown for the versions registered before).

Revision ID: 0005_guid_ts
Revises: 0004_config_fields
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005_guid_ts"
down_revision = "0004_config_fields"
branch_labels = None
depends_on = None

_schemas = sa.table("schemas", sa.column("id", sa.Integer), sa.column("guid", sa.String))


def upgrade() -> None:
    with op.batch_alter_table("schemas") as batch:
        batch.add_column(sa.Column("guid", sa.String(36), nullable=True))
    with op.batch_alter_table("subject_versions") as batch:
        batch.add_column(sa.Column("ts", sa.BigInteger, nullable=True))
    connection = op.get_bind()
    for (schema_id,) in connection.execute(sa.select(_schemas.c.id)).all():
        connection.execute(_schemas.update().where(_schemas.c.id == schema_id).values(guid=str(uuid.uuid4())))
    op.create_index("ix_schemas_guid", "schemas", ["guid"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_schemas_guid", "schemas")
    with op.batch_alter_table("subject_versions") as batch:
        batch.drop_column("ts")
    with op.batch_alter_table("schemas") as batch:
        batch.drop_column("guid")
