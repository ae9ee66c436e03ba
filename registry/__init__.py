"""Schemata's registry: the Confluent-compatible REST service, its storage, and the client.

`schemata.registry.client` is importable on its own (no FastAPI, no SQLAlchemy); nothing here imports the server.
"""
