"""Fixtures for the HTTP API tests (the live servers and `api`/`subject` come from tests/conftest.py).

The suite checks the REST contract of shared/spec/rest-api.md (Confluent Schema Registry v1) over real HTTP,
once per storage back end, one file per area:

- test_api_conventions: content types, error body shape, root, unknown fields, schemaType, metadata endpoints
- test_api_register: the three registration steps, canonical form, normalize, ids, invalid schemas, IMPORT-only fields
- test_api_subjects: lookup, subject and version listings, GET of versions, invalid version strings
- test_api_delete / test_api_schemas / test_api_config_mode / test_api_compatibility / test_api_references
- test_api_names_contexts: special and invalid subject names, contexts
- test_api_bad_input: malformed bodies at every POST/PUT endpoint, huge / oversized / deeply nested input
- test_api_concurrency, test_api_multi_instance: concurrent writers, two server processes on one database

Servers are shared for the session: every test uses its own subjects (`subject`) and Avro names (`rname`), and
anything global it changes is restored by the `api` fixture.
"""

from __future__ import annotations

import uuid

import pytest


@pytest.fixture
def rname() -> str:
    """An Avro record name unique to this test, so its schemas never dedupe against another test's."""
    return f"R{uuid.uuid4().hex[:12]}"
