"""Alembic revisions (a package so that the distribution ships them)."""
