"""Alembic environment: runs on the connection the storage layer hands over (never from alembic.ini)."""

from alembic import context

from schemata.registry.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
