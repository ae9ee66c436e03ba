"""The service and common query parameters, as FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from schemata.registry.errors import SchemaNotFound
from schemata.registry.service import Registry
from schemata.registry.service.names import parse_version, small_number


def registry(request: Request) -> Registry:
    found: Registry = request.app.state.registry
    return found


def version_path(version: Annotated[str, Path()]) -> int | str:
    return parse_version(version)


def schema_id_path(schema_id: Annotated[str, Path()]) -> int:
    """A schema id in the path: ASCII digits only (Python's int() would also take `0_2` or ` 2`); ids are
    positive 32-bit integers, so anything else is simply not found."""
    value = small_number(schema_id)
    if not value:
        raise SchemaNotFound(schema_id if len(schema_id) <= 64 else schema_id[:64] + "...")
    return value


RegistryDep = Annotated[Registry, Depends(registry)]
SchemaIdParam = Annotated[int, Depends(schema_id_path)]
VersionParam = Annotated[int | str, Depends(version_path)]
