"""Responses in Confluent's media type, serialised with orjson; the error renderer."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from schemata.registry.api.paths import restore_slashes
from schemata.registry.domain import Reference
from schemata.registry.errors import InvalidRequest, RegistryError, UnreadableParameter
from schemata.registry.service import Registered

MEDIA_TYPE = "application/vnd.schemaregistry.v1+json"


class RegistryResponse(JSONResponse):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def unreadable_parameters(error: RequestValidationError) -> RegistryError:
    """The REST API's answer to parameters FastAPI could not read: a number in the path or query that is not
    one (`?limit=ten`) as Jersey answers it (404), anything else as `invalid_parameters`."""
    if any(e.get("type") == "int_parsing" and e.get("loc", ())[:1] in (("query",), ("path",)) for e in error.errors()):
        return UnreadableParameter()
    return invalid_parameters(error)


def invalid_parameters(error: RequestValidationError) -> RegistryError:
    """A request's parameters FastAPI could not read, as our 422 error, each problem named by where it is
    (the web UI's answer: a page saying which parameter is wrong)."""
    problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in error.errors())
    return InvalidRequest(f"Invalid request: {problems}")


def error_response(error: RegistryError) -> Response:
    # Messages may quote user input; lone surrogates in it would not encode, so they are escaped.
    # The raw-path stand-in for `%2F` is shown as the `/` the client meant.
    message = restore_slashes(error.message).encode("utf-8", "backslashreplace").decode()
    body = {"error_code": error.error_code, "message": message, **error.details()}
    return RegistryResponse(body, status_code=error.http_status)


def references_json(references: tuple[Reference, ...]) -> list[dict[str, object]]:
    return [r.as_dict() for r in references]


def registered_json(registered: Registered) -> dict[str, Any]:
    """A subject version as Confluent's `Schema` entity (references left out when there are none)."""
    body: dict[str, Any] = {
        "subject": registered.subject,
        "version": registered.version,
        "id": registered.schema_id,
        "schemaType": registered.schema_type,
        "schema": registered.schema,
    }
    if registered.references:
        body["references"] = references_json(registered.references)
    add_contract(body, registered.metadata, registered.rule_set)
    if registered.guid is not None:
        body["guid"] = registered.guid
    if registered.ts is not None:
        body["ts"] = registered.ts
    if registered.deleted:
        body["deleted"] = True
    return body


def add_contract(body: dict[str, Any], metadata: str | None, rule_set: str | None) -> None:
    """Add a schema's data-contract parts (stored as JSON text) to a response body."""
    if metadata is not None:
        body["metadata"] = orjson.loads(metadata)
    if rule_set is not None:
        body["ruleSet"] = orjson.loads(rule_set)
