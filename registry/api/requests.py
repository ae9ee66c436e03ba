"""Reading request bodies: JSON in any of the accepted content types, with clear 4xx errors."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Request

from schemata.compat.tags import EntityType, SchemaEntity, TagChanges
from schemata.compat.versions import LATEST, LATEST_NUMBER, MAX_VERSION, VersionRef, parse_version
from schemata.registry.api.negotiation import body_charset
from schemata.registry.api.paths import restore_slashes
from schemata.registry.domain import SchemaRequest
from schemata.registry.errors import (
    InvalidRequest,
    InvalidRuleSet,
    InvalidSchema,
    InvalidSubject,
    InvalidVersion,
    MalformedRequest,
    OperationNotPermitted,
)
from schemata.registry.json_kinds import json_kind
from schemata.registry.service.contracts import canonical_json, check_metadata, check_rule_set
from schemata.registry.service.names import check_subject, subject_named
from schemata.registry.service.tags import RegistrationTags, TagRequest


async def json_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object (every accepted content type is JSON), in the charset its type names."""
    raw = _as_utf8(await request.body(), body_charset(request.headers.get("content-type")))
    try:
        body = orjson.loads(raw) if raw.strip() else {}
    except orjson.JSONDecodeError as error:
        raise MalformedRequest(f"Malformed JSON in the request body: {error}") from None
    if not isinstance(body, dict):
        raise InvalidRequest(f"The request body must be a JSON object, not {json_kind(body)}")
    return body


def _as_utf8(raw: bytes, charset: str | None) -> bytes:
    """The body in UTF-8, from the `charset` its Content-Type names (UTF-8 when none)."""
    if charset is None or charset.lower() in ("utf-8", "utf8"):
        return raw
    try:
        return raw.decode(charset).encode()
    except LookupError:
        raise MalformedRequest(f"Unknown charset {charset!r} in the Content-Type") from None
    except UnicodeDecodeError as error:
        raise MalformedRequest(f"The request body is not valid {charset}: {error.reason}") from None


async def schema_request(body: Annotated[dict[str, Any], Depends(json_object)]) -> SchemaRequest:
    """The register/lookup/compatibility body: `{schema?, schemaType?, references?, id?, version?, metadata?,
    ruleSet?}`."""
    schema = body.get("schema")
    if schema is None:
        schema = ""  # a registration may take the latest version's schema (parse_new refuses it elsewhere)
    if not isinstance(schema, str):
        raise InvalidSchema(
            f"Invalid schema: 'schema' must be a string holding the schema, not {json_kind(schema)}"
        )
    schema_type = body.get("schemaType") or "AVRO"
    if not isinstance(schema_type, str):
        raise InvalidSchema(f"Invalid schema type {schema_type}")
    return SchemaRequest(
        schema=schema,
        schema_type=schema_type.upper(),
        references=references_field(body.get("references")),
        id=_optional_int(body, "id"),
        version=_registration_version(body),
        metadata=_bounded(canonical_json(check_metadata(body.get("metadata"))), "metadata"),
        rule_set=_bounded(canonical_json(check_rule_set(body.get("ruleSet"))), "ruleSet"),
    )


#: The largest `metadata` and `ruleSet`, each in bytes of canonical JSON: every read of the version returns them.
MAX_CONTRACT_PART_BYTES = 256 * 1024


def _bounded(canonical: str | None, key: str) -> str | None:
    size = 0 if canonical is None else len(canonical.encode("utf-8", "surrogatepass"))
    if size <= MAX_CONTRACT_PART_BYTES:
        return canonical
    message = f"'{key}' is {size} bytes of JSON; the limit is {MAX_CONTRACT_PART_BYTES}"
    raise InvalidRuleSet(message) if key in ("ruleSet", "rulesToMerge") else InvalidRequest(message)


def references_field(raw: object) -> tuple[tuple[str, str, VersionRef], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidSchema("Invalid schema: 'references' must be a list of {name, subject, version}")
    refs: list[tuple[str, str, VersionRef]] = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise InvalidSchema(f"Invalid schema: references[{index}] must be an object")
        name, subject, version = item.get("name"), item.get("subject"), item.get("version")
        if not isinstance(name, str) or not name or not isinstance(subject, str) or not subject:
            raise InvalidSchema(f"Invalid schema: references[{index}] needs a non-empty 'name' and 'subject'")
        if any(name == seen for seen, _, _ in refs):
            raise InvalidSchema(f"Invalid schema: references[{index}]: the name {name!r} is given twice")
        try:
            check_subject(subject)
        except InvalidSubject as error:
            raise InvalidSchema(f"Invalid schema: references[{index}].subject: {error.message}") from None
        found = LATEST if version is None else parse_version(version) if isinstance(version, int) else None
        if found is None:
            raise InvalidSchema(f"Invalid schema: references[{index}].version must be a positive integer or -1")
        refs.append((name, subject, found))
    return tuple(refs)


def _registration_version(body: dict[str, Any]) -> int | None:
    """A registration's `version`: as `_optional_int`, or -1 (LATEST_NUMBER): the latest version if its schema
    is the posted one, else a new one, as Confluent takes it."""
    value = body.get("version")
    return LATEST_NUMBER if type(value) is int and value == LATEST_NUMBER else _optional_int(body, "version")


def _optional_int(body: dict[str, Any], key: str) -> int | None:
    """An IMPORT mode `id` or `version`, or a tags request's `newVersion`: absent or 0 is None; otherwise an
    integer in [1, 2^31-1]."""
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRequest(f"'{key}' must be a non-negative integer")
    if value > MAX_VERSION:
        if key != "id":
            raise InvalidVersion(str(value))
        raise OperationNotPermitted(f"Schema id {value} is out of range: ids are integers in [1, {MAX_VERSION}]")
    return value or None


#: The most entities one list of schema tags may name, and the most tags for one entity.
MAX_TAGGED_ENTITIES = 1000
MAX_TAGS_PER_ENTITY = 100


async def tag_request(body: Annotated[dict[str, Any], Depends(json_object)]) -> TagRequest:
    """Confluent's TagSchemaRequest: `{newVersion?, tagsToAdd?, tagsToRemove?, metadata?, ruleSet?,
    rulesToMerge?, rulesToRemove?}`."""
    remove = body.get("rulesToRemove")
    if remove is not None and not (isinstance(remove, list) and all(isinstance(name, str) for name in remove)):
        raise InvalidRequest("'rulesToRemove' must be a list of rule names")
    merge = check_rule_set(body.get("rulesToMerge"))
    return TagRequest(
        changes=TagChanges(schema_tags(body, "tagsToAdd"), schema_tags(body, "tagsToRemove")),
        new_version=_optional_int(body, "newVersion"),
        metadata=_bounded(canonical_json(check_metadata(body.get("metadata"))), "metadata"),
        rule_set=_bounded(canonical_json(check_rule_set(body.get("ruleSet"))), "ruleSet"),
        rules_to_merge=_bounded(canonical_json(merge), "rulesToMerge"),
        rules_to_remove=None if remove is None else tuple(remove),
    )


async def registration_tags(body: Annotated[dict[str, Any], Depends(json_object)]) -> RegistrationTags:
    """A registration's `schemaTagsToAdd`, `schemaTagsToRemove` and `propagateSchemaTags`."""
    propagate = body.get("propagateSchemaTags")
    if propagate is not None and not isinstance(propagate, bool):
        raise InvalidRequest("'propagateSchemaTags' must be true or false")
    changes = TagChanges(schema_tags(body, "schemaTagsToAdd"), schema_tags(body, "schemaTagsToRemove"))
    return RegistrationTags(changes, propagate is True)


def schema_tags(body: dict[str, Any], key: str) -> dict[SchemaEntity, tuple[str, ...]]:
    """A list of Confluent's SchemaTags, `[{schemaEntity: {entityPath, entityType}, tags: [...]}]`, as the
    tags of each entity (an entity given twice has the tags of both)."""
    raw = body.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise InvalidRequest(f"'{key}' must be a list of {{schemaEntity, tags}} objects")
    if len(raw) > MAX_TAGGED_ENTITIES:
        raise InvalidRequest(f"'{key}' has {len(raw)} entries; the limit is {MAX_TAGGED_ENTITIES}")
    found: dict[SchemaEntity, tuple[str, ...]] = {}
    for index, item in enumerate(raw):
        where = f"{key}[{index}]"
        entity = item.get("schemaEntity") if isinstance(item, dict) else None
        if not isinstance(entity, dict):
            raise InvalidRequest(f"{where} must be an object with a 'schemaEntity' {{entityPath, entityType}}")
        path, kind = entity.get("entityPath"), entity.get("entityType")
        if not isinstance(path, str) or not path:
            raise InvalidRequest(f"{where}.schemaEntity.entityPath must be a non-empty string")
        if not isinstance(kind, str) or kind.lower() not in set(EntityType):
            raise InvalidRequest(f"{where}.schemaEntity.entityType must be sr_record or sr_field, not {kind!r}")
        tags = item.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(tag, str) and tag for tag in tags):
            raise InvalidRequest(f"{where}.tags must be a list of non-empty strings")
        if len(tags) > MAX_TAGS_PER_ENTITY:
            raise InvalidRequest(f"{where}.tags has {len(tags)} tags; the limit is {MAX_TAGS_PER_ENTITY}")
        named = SchemaEntity(path, EntityType(kind.lower()))
        found[named] = (*found.get(named, ()), *tags)
    return found


def subject_path(subject: str) -> str:
    """The `{subject}` path parameter, with encoded slashes restored, validated (42208) and normalised as
    Confluent normalises it (`:.:name` is `name`: `names.subject_named`)."""
    return subject_named(restore_slashes(subject))


SubjectParam = Annotated[str, Depends(subject_path)]
SchemaBody = Annotated[SchemaRequest, Depends(schema_request)]
JsonBody = Annotated[dict[str, Any], Depends(json_object)]
TagBody = Annotated[TagRequest, Depends(tag_request)]
RegistrationTagsBody = Annotated[RegistrationTags, Depends(registration_tags)]
