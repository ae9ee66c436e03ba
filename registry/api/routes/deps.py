"""The service and common query parameters, as FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from schemata.registry.api.fastpath import ResponseCaches
from schemata.registry.api.requests import SubjectParam
from schemata.registry.domain import MAX_VERSION
from schemata.registry.errors import SchemaNotFound
from schemata.registry.service import Registry
from schemata.registry.service.names import parse_version


def registry(request: Request) -> Registry:
    return request.app.state.registry


def caches(request: Request) -> ResponseCaches:
    return request.app.state.caches


def version_path(version: Annotated[str, Path()]) -> int | str:
    return parse_version(version)


def schema_id_path(schema_id: Annotated[str, Path()]) -> int:
    """A schema id in the path: ASCII digits only (Python's int() would also take `0_2` or ` 2`); ids are
    positive 32-bit integers, so anything else is simply not found."""
    if not (schema_id.isascii() and schema_id.isdigit()) or not 0 < int(schema_id) <= MAX_VERSION:
        raise SchemaNotFound(schema_id)
    return int(schema_id)


RegistryDep = Annotated[Registry, Depends(registry)]


def aliased_subject(reg: RegistryDep, subject: SubjectParam) -> str:
    """The `{subject}` path parameter, or the subject its config names as `alias` (reads, lookups,
    registrations and checks go there; config, mode and deletes stay with the alias itself)."""
    return reg.settings.resolve_alias(subject)


AliasedSubjectParam = Annotated[str, Depends(aliased_subject)]
CachesDep = Annotated[ResponseCaches, Depends(caches)]
SchemaIdParam = Annotated[int, Depends(schema_id_path)]
VersionParam = Annotated[int | str, Depends(version_path)]
