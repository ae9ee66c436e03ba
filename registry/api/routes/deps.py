"""The service and common query parameters, as FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from schemata.compat.versions import MAX_VERSION
from schemata.registry.errors import SchemaNotFound
from schemata.registry.security import ACCESS_KEY
from schemata.registry.security.access import SubjectPatterns
from schemata.registry.service import Registry
from schemata.registry.service.names import parse_version


def registry(request: Request) -> Registry:
    found: Registry = request.app.state.registry
    return found


def readable(request: Request) -> SubjectPatterns | None:
    """The subjects the caller may read, for listings to filter on; None: every subject (or no authentication)."""
    access = request.scope.get(ACCESS_KEY)
    return None if access is None or access.readable.everything else access.readable


def version_path(version: Annotated[str, Path()]) -> int | str:
    return parse_version(version)


def schema_id_path(schema_id: Annotated[str, Path()]) -> int:
    """A schema id in the path: ASCII digits only (Python's int() would also take `0_2` or ` 2`); ids are
    positive 32-bit integers, so anything else is simply not found."""
    if not (schema_id.isascii() and schema_id.isdigit()) or not 0 < int(schema_id) <= MAX_VERSION:
        raise SchemaNotFound(schema_id)
    return int(schema_id)


RegistryDep = Annotated[Registry, Depends(registry)]
ReadableDep = Annotated[SubjectPatterns | None, Depends(readable)]
SchemaIdParam = Annotated[int, Depends(schema_id_path)]
VersionParam = Annotated[int | str, Depends(version_path)]
