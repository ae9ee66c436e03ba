"""The service and common query parameters, as FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from registry.service import Registry
from registry.service.names import parse_version


def registry(request: Request) -> Registry:
    return request.app.state.registry


def version_path(version: Annotated[str, Path()]) -> int | str:
    return parse_version(version)


RegistryDep = Annotated[Registry, Depends(registry)]
VersionParam = Annotated[int | str, Depends(version_path)]
