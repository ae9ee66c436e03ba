"""/schemas: by id (with /schema, /subjects, /versions), listing, types."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from schemata.compat import schema_types
from schemata.registry.api.etags import tagged, tagged_response
from schemata.registry.api.fastpath import SCHEMA_BY_ID_ROUTE, neutral_query
from schemata.registry.api.responses import MEDIA_TYPE, RegistryResponse, add_contract, references_json, registered_json
from schemata.registry.api.routes.deps import ReadableDep, RegistryDep, SchemaIdParam
from schemata.registry.service.queries import SchemaById, page

router = APIRouter()


@router.get("/schemas")
def list_schemas(
    reg: RegistryDep,
    readable: ReadableDep,
    subjectPrefix: str = "",
    deleted: bool = False,
    latestOnly: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> RegistryResponse:
    found = reg.queries.schemas(
        prefix=subjectPrefix, deleted=deleted, latest_only=latestOnly, offset=offset, limit=limit, readable=readable
    )
    return RegistryResponse([registered_json(r) for r in found])


@router.get("/schemas/types")
def list_types() -> RegistryResponse:
    return RegistryResponse(schema_types())


@router.get("/schemas/ids/{schema_id}")
def schema_by_id(
    request: Request,
    reg: RegistryDep,
    schema_id: SchemaIdParam,
    subject: str | None = None,
    format: str | None = None,
    fetchMaxId: bool = False,
) -> Response:
    def render() -> bytes:
        found = reg.queries.schema_by_id(schema_id, subject=subject, fmt=format, fetch_max_id=fetchMaxId)
        return tagged(orjson.dumps(_schema_json(found)))

    if neutral_query(SCHEMA_BY_ID_ROUTE, request.scope["query_string"]):
        body = tagged(reg.reads.keep_schema_by_id(schema_id, render))
    else:
        body = tagged(render())
    return tagged_response(body, request.scope["headers"], MEDIA_TYPE)


@router.get("/schemas/guids/{guid}")
def schema_by_guid(reg: RegistryDep, guid: str, format: str | None = None) -> RegistryResponse:
    """Confluent 8: a schema by its GUID (what GUID-in-header serializers put in each message)."""
    found = reg.queries.schema_by_guid(guid, fmt=format)
    return RegistryResponse({"id": found.record.id, **_schema_json(found)})


def _schema_json(found: SchemaById) -> dict[str, Any]:
    """A schema as GET /schemas/ids/{id} answers it."""
    body: dict[str, Any] = {}
    if found.usage is not None:  # Confluent 7.x+: the subject asked for, and its version using the schema
        body.update(subject=found.usage.subject, version=found.usage.version)
    body.update(
        schema=found.rendered if found.rendered is not None else found.record.text,
        schemaType=found.record.schema_type,
    )
    if found.record.references:
        body["references"] = references_json(found.record.references)
    add_contract(body, found.record.metadata, found.record.rule_set)
    if found.record.guid is not None:
        body["guid"] = found.record.guid
    if found.max_id is not None:
        body["maxId"] = found.max_id
    return body


@router.get("/schemas/ids/{schema_id}/schema")
def raw_schema_by_id(
    request: Request, reg: RegistryDep, schema_id: SchemaIdParam, subject: str | None = None,
    format: str | None = None,
) -> Response:
    def render() -> bytes:
        found = reg.queries.schema_by_id(schema_id, subject=subject, fmt=format, fetch_max_id=False)
        return tagged((found.rendered if found.rendered is not None else found.record.text).encode())

    # Kept only for the bare path: `subject` picks the context the id is resolved in, `format` the text.
    body = reg.reads.schema_text_by_id(schema_id, render) if not request.scope["query_string"] else render()
    return tagged_response(tagged(body), request.scope["headers"], MEDIA_TYPE)


@router.get("/schemas/ids/{schema_id}/subjects")
def schema_subjects(
    reg: RegistryDep,
    readable: ReadableDep,
    schema_id: SchemaIdParam,
    subject: str | None = None,
    deleted: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> RegistryResponse:
    usages = reg.queries.schema_usages(schema_id, subject=subject, deleted=deleted, readable=readable)
    return RegistryResponse(page(sorted({u.subject for u in usages}), offset, limit))


@router.get("/schemas/ids/{schema_id}/versions")
def schema_versions(
    reg: RegistryDep,
    readable: ReadableDep,
    schema_id: SchemaIdParam,
    subject: str | None = None,
    deleted: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> RegistryResponse:
    usages = reg.queries.schema_usages(schema_id, subject=subject, deleted=deleted, readable=readable)
    return RegistryResponse(page([{"subject": u.subject, "version": u.version} for u in usages], offset, limit))
