"""Schemata's own endpoints for event contracts and the catalogue, beside the Confluent API of the client.

Bodies are the registry's JSON as documented in `schemata.registry.api.routes.contracts`; a refused
contract or change raises `IncompatibleSchemaError`, whose `details` hold the structured findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from schemata.registry.client._client import SchemaRegistryClient
from schemata.registry.client._errors import SchemaRegistryError
from schemata.registry.client._model import Schema
from schemata.registry.client._rest import quote_path


class ContractsClient:
    """Services' producer and consumer contracts, what a change would break, and the catalogue."""

    def __init__(self, registry: SchemaRegistryClient) -> None:
        self._rest = registry._rest

    @staticmethod
    def unsupported(error: SchemaRegistryError) -> bool:
        """Whether `error` says the registry has no contract endpoints (another vendor's registry answers them
        with a bare 404, without a Schema Registry error body)."""
        return error.error_code == -1 and error.http_status_code in (404, 405)

    def services(self) -> list[str]:
        return cast(list[str], self._rest.request("GET", "/contracts/services"))

    def get_service(self, service: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._rest.request("GET", f"/contracts/services/{quote_path(service)}"))

    def put_service(
        self, service: str, produces: Sequence[dict[str, Any]] = (), consumes: Sequence[dict[str, Any]] = ()
    ) -> dict[str, Any]:
        """Make these the whole contract of `service` (each entry: `subject`, and for a consumer its reader
        `schema`, `schemaType`, `references`, `fromVersion`)."""
        body = {"produces": list(produces), "consumes": list(consumes)}
        return cast(dict[str, Any], self._rest.request("PUT", f"/contracts/services/{quote_path(service)}", body=body))

    def delete_service(self, service: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._rest.request("DELETE", f"/contracts/services/{quote_path(service)}"))

    def of_subject(self, subject: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._rest.request("GET", f"/contracts/subjects/{quote_path(subject)}"))

    def impact(self, subject: str, schema: Schema) -> dict[str, Any]:
        """Which registered consumers of `subject` could not read `schema`, and why."""
        path = f"/contracts/subjects/{quote_path(subject)}/impact"
        return cast(dict[str, Any], self._rest.request("POST", path, body=schema.to_dict()))

    def get_enforcement(self, subject: str | None = None) -> str:
        """The contract enforcement in force for `subject` (its own, else the global one), or the global one."""
        path = "/contracts/enforcement" + ("" if subject is None else f"/{quote_path(subject)}")
        return str(self._rest.request("GET", path)["enforcement"])

    def set_enforcement(self, subject: str | None, enforcement: str) -> str:
        path = "/contracts/enforcement" + ("" if subject is None else f"/{quote_path(subject)}")
        return str(self._rest.request("PUT", path, body={"enforcement": enforcement})["enforcement"])

    def catalog(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._rest.request("GET", "/catalog"))

    def asyncapi(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._rest.request("GET", "/asyncapi"))
