"""/subjects: listing, lookup, versions, register, delete, referencedby, tags."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response

from schemata.registry.api.aliases import NO_ALIAS_AT
from schemata.registry.api.fastpath import SUBJECT_VERSION_ROUTE, neutral_query, version_cache_key
from schemata.registry.api.requests import RegistrationTagsBody, SchemaBody, SubjectParam, TagBody
from schemata.registry.api.responses import MEDIA_TYPE, RegistryResponse, registered_json
from schemata.registry.api.routes.deps import ReadableDep, RegistryDep, VersionParam
from schemata.registry.errors import LINT_KEY, InvalidRequest
from schemata.registry.service import Registered
from schemata.registry.service.queries import page

router = APIRouter()


@router.get("/subjects")
def list_subjects(
    reg: RegistryDep,
    readable: ReadableDep,
    subjectPrefix: str = "",
    deleted: bool = False,
    deletedOnly: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> RegistryResponse:
    names = reg.queries.subjects(
        prefix=subjectPrefix, deleted=deleted, deleted_only=deletedOnly, offset=offset, limit=limit, readable=readable
    )
    return RegistryResponse(names)


@router.post("/subjects/{subject}")
def lookup(
    reg: RegistryDep,
    readable: ReadableDep,
    subject: SubjectParam,
    body: SchemaBody,
    normalize: bool = False,
    deleted: bool = False,
) -> RegistryResponse:
    found = reg.queries.using_contexts(
        subject, lambda name: reg.registration.lookup(name, body, normalize=normalize, deleted=deleted), readable
    )
    return RegistryResponse(registered_json(found))


@router.delete("/subjects/{subject}")
def delete_subject(reg: RegistryDep, subject: SubjectParam, permanent: bool = False) -> RegistryResponse:
    return RegistryResponse(reg.deletion.delete_subject(subject, permanent=permanent))


@router.get("/subjects/{subject}/metadata")
def latest_with_metadata(
    reg: RegistryDep,
    subject: SubjectParam,
    key: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies defaults)
    value: Annotated[list[str], Query()] = [],  # noqa: B006
    deleted: bool = False,
    format: str | None = None,
) -> RegistryResponse:
    """The latest version whose metadata properties have every `key`=`value` pair (given in pairs)."""
    if len(key) != len(value):
        raise InvalidRequest(f"Metadata keys and values come in pairs: {len(key)} key(s), {len(value)} value(s)")
    found = reg.queries.latest_with_metadata(
        subject, dict(zip(key, value, strict=True)), deleted=deleted, fmt=format)
    return RegistryResponse(registered_json(found))


@router.get("/subjects/{subject}/versions")
def list_versions(
    reg: RegistryDep,
    subject: SubjectParam,
    deleted: bool = False,
    deletedOnly: bool = False,
    deletedAsNegative: bool = False,
    offset: int = 0,
    limit: int = -1,
) -> RegistryResponse:
    versions = reg.queries.versions(subject, deleted=deleted, deleted_only=deletedOnly, as_negative=deletedAsNegative)
    return RegistryResponse(page(versions, offset, limit))


@router.post("/subjects/{subject}/versions")
def register(
    reg: RegistryDep,
    subject: SubjectParam,
    body: SchemaBody,
    tags: RegistrationTagsBody,
    normalize: bool = False,
    force: bool = False,
) -> RegistryResponse:
    if tags:
        registered = reg.tags.register_tagged(subject, body, tags, normalize=normalize, force=force)
    else:
        registered = reg.registration.register(subject, body, normalize=normalize, force=force)
    return RegistryResponse(_registration_answer(registered))


@router.post("/subjects/{subject}/versions/{version}/tags")
def tag_version(
    reg: RegistryDep, subject: SubjectParam, version: VersionParam, body: TagBody
) -> RegistryResponse:
    """A new version with tags added to or removed from the records and fields of a version's schema."""
    return RegistryResponse(_registration_answer(reg.tags.tag_version(subject, version, body)))


def _registration_answer(registered: Registered) -> dict[str, object]:
    """A registration's answer: the version without its subject, with what a WARN enforcement or the lint
    policy let through."""
    answer = registered_json(registered)
    del answer["subject"]
    if registered.warnings:  # a WARN contract enforcement let a consumer-breaking version through
        answer["schemata"] = {"warnings": [f.as_dict() for f in registered.warnings]}
    if registered.lint_warnings:
        answer[LINT_KEY] = {"warnings": list(registered.lint_warnings)}
    return answer


@router.get("/subjects/{subject}/versions/{version}")
def get_version(
    request: Request,
    reg: RegistryDep,
    readable: ReadableDep,
    subject: SubjectParam,
    version: VersionParam,
    deleted: bool = False,
    format: str | None = None,
) -> Response:
    answered: list[str] = []

    def render() -> bytes:
        found = reg.queries.version(subject, version, deleted=deleted, fmt=format, readable=readable)
        answered.append(found.subject)
        return orjson.dumps(registered_json(found))

    key = version_cache_key(request.scope["path"])
    no_alias_at = request.scope.get(NO_ALIAS_AT)  # kept only if the path names no alias (see api/aliases.py)
    neutral = neutral_query(SUBJECT_VERSION_ROUTE, request.scope["query_string"])
    if key is not None and no_alias_at is not None and neutral:
        # An answer from another context is not kept: the path's subject is all that access control checks.
        body = reg.reads.keep_subject_version(key, render, no_alias_at, keep=lambda: answered == [subject])
        return Response(body, media_type=MEDIA_TYPE)
    return Response(render(), media_type=MEDIA_TYPE)


@router.get("/subjects/{subject}/versions/{version}/schema")
def get_version_schema(
    reg: RegistryDep,
    readable: ReadableDep,
    subject: SubjectParam,
    version: VersionParam,
    deleted: bool = False,
    format: str | None = None,
) -> PlainTextResponse:
    found = reg.queries.version(subject, version, deleted=deleted, fmt=format, readable=readable)
    return PlainTextResponse(found.schema, media_type="application/vnd.schemaregistry.v1+json")


@router.get("/subjects/{subject}/versions/{version}/referencedby")
def referenced_by(
    reg: RegistryDep, readable: ReadableDep, subject: SubjectParam, version: VersionParam, deleted: bool = False
) -> RegistryResponse:
    return RegistryResponse(reg.queries.referenced_by(subject, version, deleted=deleted, readable=readable))


@router.delete("/subjects/{subject}/versions/{version}")
def delete_version(
    reg: RegistryDep, subject: SubjectParam, version: VersionParam, permanent: bool = False
) -> RegistryResponse:
    return RegistryResponse(reg.deletion.delete_version(subject, version, permanent=permanent))
