"""/catalog and /asyncapi: the topics, their schemas, producers and consumers (our own endpoints)."""

from __future__ import annotations

from fastapi import APIRouter

from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep
from schemata.registry.service.catalog import asyncapi_document, catalog_json

router = APIRouter()


@router.get("/catalog")
def catalog(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(catalog_json(reg.catalog.topics()))


@router.get("/asyncapi")
def asyncapi(reg: RegistryDep) -> RegistryResponse:
    """The catalogue as an AsyncAPI 3.0 document (JSON, which is also YAML)."""
    return RegistryResponse(asyncapi_document(reg.catalog.topics()), media_type="application/json")
