"""The service and common query parameters, as FastAPI dependencies."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request

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


_JAVA_INT = re.compile(r"[+-]?[0-9]{1,10}")


def schema_id_path(schema_id: Annotated[str, Path()]) -> int:
    """A schema id in the path. What is not a 32-bit integer (Python's int() would also take `0_2` or ` 2`)
    matches no route, as in Confluent: a plain 404. Ids are positive, so any other integer is not found."""
    if not _JAVA_INT.fullmatch(schema_id) or not -MAX_VERSION - 1 <= int(schema_id) <= MAX_VERSION:
        raise HTTPException(404, "HTTP 404 Not Found")
    if int(schema_id) <= 0:
        raise SchemaNotFound(int(schema_id))
    return int(schema_id)


RegistryDep = Annotated[Registry, Depends(registry)]


ReadableDep = Annotated[SubjectPatterns | None, Depends(readable)]
SchemaIdParam = Annotated[int, Depends(schema_id_path)]
VersionParam = Annotated[int | str, Depends(version_path)]
