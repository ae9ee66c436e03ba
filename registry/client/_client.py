"""`SchemaRegistryClient`: the registry's REST API as methods, with caches, named as in confluent-kafka."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import httpx

from schemata import compat
from schemata.compat.lru import LruCache
from schemata.compat.versions import LATEST, VersionRef
from schemata.registry.client._errors import IncompatibleSchemaError, SchemaParseError
from schemata.registry.client._model import (
    CompatibilityResult,
    RegisteredSchema,
    Schema,
    SchemaReference,
    SchemaVersion,
    ServerConfig,
)
from schemata.registry.client._rest import RestClient, quote_path

P = TypeVar("P", bound=compat.ParsedSchema)


class SchemaRegistryClient:
    """A client of the registry, configured with confluent-kafka's keys (`url`, `basic.auth.user.info`, ...).

    Caches: schema by id, id by (subject, schema), numbered versions, parsed schemas (none of these change
    once registered), and the latest version of a subject for `cache.latest.ttl.sec` (forever if unset).
    """

    def __init__(self, conf: Mapping[str, Any], *, transport: httpx.BaseTransport | None = None) -> None:
        """`transport`: an httpx transport to send the requests through instead of the network (for
        example onto the registry's ASGI app, in-process)."""
        self._conf = dict(conf)
        self._rest = RestClient(conf, transport)
        capacity, ttl = self._rest.cache_capacity, self._rest.cache_latest_ttl_sec
        self._schemas: LruCache[int, Schema] = LruCache(capacity)
        self._registered: LruCache[tuple[str, Schema, bool], RegisteredSchema] = LruCache(capacity)
        self._versions: LruCache[tuple[str, int], RegisteredSchema] = LruCache(capacity)
        self._parsed: LruCache[Schema, compat.ParsedSchema] = LruCache(capacity)
        self._latest: LruCache[tuple[str, frozenset[tuple[str, str]] | None], RegisteredSchema] = LruCache(
            capacity, ttl=ttl
        )

    @property
    def url(self) -> str:
        """The registry URL tried first."""
        return self._rest.urls[0]

    def config(self) -> dict[str, Any]:
        """The configuration this client was built with."""
        return dict(self._conf)

    def close(self) -> None:
        """Close the pooled HTTP connections; the client is unusable afterwards."""
        self._rest.close()

    def __enter__(self) -> SchemaRegistryClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def clear_latest_caches(self) -> None:
        self._latest.clear()

    def clear_caches(self) -> None:
        for cache in (self._schemas, self._registered, self._versions, self._parsed, self._latest):
            cache.clear()

    # Schemas -----------------------------------------------------------------------------------------

    def register_schema(self, subject_name: str, schema: Schema, normalize_schemas: bool = False) -> int:
        """Register `schema` under `subject_name` (or find it there); its global id."""
        return self.register_schema_full_response(subject_name, schema, normalize_schemas).schema_id

    def register_schema_full_response(
        self, subject_name: str, schema: Schema, normalize_schemas: bool = False
    ) -> RegisteredSchema:
        """Register `schema`; IncompatibleSchemaError carries the registry's findings in `messages`."""
        key = (subject_name, schema, normalize_schemas)
        cached = self._registered.get(key)
        if cached is not None:
            return cached
        try:
            response = self._rest.request(
                "POST", f"/subjects/{quote_path(subject_name)}/versions",
                params={"normalize": normalize_schemas}, body=schema.to_dict(),
            )
        except IncompatibleSchemaError as error:
            found = self.check_compatibility(subject_name, schema, normalize=normalize_schemas)
            refused = IncompatibleSchemaError(
                error.http_status_code, error.error_code, error.error_message, found.messages, found.decision
            )
            refused.details = error.details
            raise refused from None
        registered = RegisteredSchema.from_dict(response, schema)
        self._registered.put(key, registered)
        self._schemas.put(registered.schema_id, registered.schema)
        return registered

    def lookup_schema(
        self, subject_name: str, schema: Schema, normalize_schemas: bool = False, deleted: bool = False
    ) -> RegisteredSchema:
        """The version of `subject_name` whose schema is `schema`; SchemaNotFoundError if none."""
        key = (subject_name, schema, normalize_schemas)
        cached = self._registered.get(key)
        if cached is not None:
            return cached
        response = self._rest.request(
            "POST", f"/subjects/{quote_path(subject_name)}",
            params={"normalize": normalize_schemas, "deleted": deleted}, body=schema.to_dict(),
        )
        registered = RegisteredSchema.from_dict(response, schema)
        if not deleted:
            self._registered.put(key, registered)
        return registered

    def get_schema(self, schema_id: int, subject_name: str | None = None, fmt: str | None = None) -> Schema:
        """The schema with global id `schema_id`; SchemaNotFoundError if there is none."""
        if fmt is None:
            cached = self._schemas.get(schema_id)
            if cached is not None:
                return cached
        params = {key: value for key, value in (("subject", subject_name), ("format", fmt)) if value is not None}
        schema = Schema.from_dict(self._rest.request("GET", f"/schemas/ids/{int(schema_id)}", params=params))
        if fmt is None:
            self._schemas.put(schema_id, schema)
        return schema

    def get_schema_types(self) -> list[str]:
        types: list[str] = self._rest.request("GET", "/schemas/types")
        return types

    def get_subjects_by_schema_id(self, schema_id: int, deleted: bool = False) -> list[str]:
        subjects: list[str] = self._rest.request(
            "GET", f"/schemas/ids/{int(schema_id)}/subjects", params={"deleted": deleted}
        )
        return subjects

    def get_schema_versions(self, schema_id: int, deleted: bool = False) -> list[SchemaVersion]:
        response = self._rest.request("GET", f"/schemas/ids/{int(schema_id)}/versions", params={"deleted": deleted})
        return [SchemaVersion(item["subject"], item["version"]) for item in response]

    # Subjects and versions ---------------------------------------------------------------------------

    def get_subjects(
        self, subject_prefix: str | None = None, deleted: bool = False, deleted_only: bool = False,
        offset: int = 0, limit: int = -1,
    ) -> list[str]:
        params: dict[str, Any] = {"deleted": deleted, "deletedOnly": deleted_only, "offset": offset, "limit": limit}
        if subject_prefix is not None:
            params["subjectPrefix"] = subject_prefix
        subjects: list[str] = self._rest.request("GET", "/subjects", params=params)
        return subjects

    def delete_subject(self, subject_name: str, permanent: bool = False) -> list[int]:
        """Soft-delete every version of `subject_name` (or remove them, after a soft delete)."""
        path = f"/subjects/{quote_path(subject_name)}"
        versions: list[int] = self._rest.request("DELETE", path, params={"permanent": permanent})
        self._forget_subject(subject_name)
        return versions

    def get_latest_version(self, subject_name: str) -> RegisteredSchema:
        """The latest version of `subject_name`, cached for `cache.latest.ttl.sec`."""
        cached = self._latest.get((subject_name, None))
        if cached is not None:
            return cached
        registered = self._get_version(subject_name, LATEST, deleted=False)
        self._latest.put((subject_name, None), registered)
        return registered

    def get_latest_with_metadata(
        self, subject_name: str, metadata: Mapping[str, str], deleted: bool = False
    ) -> RegisteredSchema:
        """The latest version of `subject_name` whose metadata has all of `metadata`'s properties."""
        key = (subject_name, frozenset(metadata.items()))
        cached = None if deleted else self._latest.get(key)
        if cached is not None:
            return cached
        params: dict[str, Any] = {"deleted": deleted, "key": list(metadata), "value": list(metadata.values())}
        response = self._rest.request("GET", f"/subjects/{quote_path(subject_name)}/metadata", params=params)
        registered = RegisteredSchema.from_dict(response)
        if not deleted:
            self._latest.put(key, registered)
        return registered

    def get_version(self, subject_name: str, version: VersionRef = LATEST, deleted: bool = False) -> RegisteredSchema:
        """Version `version` of `subject_name` (`"latest"`: not cached; use get_latest_version for that)."""
        if version == LATEST or deleted:
            return self._get_version(subject_name, version, deleted=deleted)
        key = (subject_name, int(version))
        cached = self._versions.get(key)
        if cached is None:
            cached = self._get_version(subject_name, version, deleted=False)
            self._versions.put(key, cached)
        return cached

    def _get_version(self, subject_name: str, version: VersionRef, *, deleted: bool) -> RegisteredSchema:
        path = f"/subjects/{quote_path(subject_name)}/versions/{version}"
        return RegisteredSchema.from_dict(self._rest.request("GET", path, params={"deleted": deleted}))

    def get_versions(
        self, subject_name: str, deleted: bool = False, deleted_only: bool = False, offset: int = 0, limit: int = -1
    ) -> list[int]:
        params = {"deleted": deleted, "deletedOnly": deleted_only, "offset": offset, "limit": limit}
        versions: list[int] = self._rest.request("GET", f"/subjects/{quote_path(subject_name)}/versions", params=params)
        return versions

    def delete_version(self, subject_name: str, version: VersionRef, permanent: bool = False) -> int:
        path = f"/subjects/{quote_path(subject_name)}/versions/{version}"
        deleted: int = self._rest.request("DELETE", path, params={"permanent": permanent})
        self._forget_subject(subject_name)
        return deleted

    def get_referenced_by(self, subject_name: str, version: VersionRef = LATEST) -> list[int]:
        """The ids of the schemas that reference version `version` of `subject_name`."""
        path = f"/subjects/{quote_path(subject_name)}/versions/{version}/referencedby"
        ids: list[int] = self._rest.request("GET", path)
        return ids

    def _forget_subject(self, subject_name: str) -> None:
        for cache in (self._registered, self._versions, self._latest):
            cache.discard_where(lambda key, _value: key[0] == subject_name)

    # Compatibility, config, mode, contexts -----------------------------------------------------------

    def test_compatibility(
        self, subject_name: str, schema: Schema, version: VersionRef = LATEST, normalize: bool = False,
        verbose: bool = False,
    ) -> bool:
        """Whether `schema` can follow version `version` of `subject_name` at the subject's level."""
        return self._compatibility(subject_name, schema, version, normalize, verbose).is_compatible

    def test_compatibility_all_versions(
        self, subject_name: str, schema: Schema, normalize: bool = False, verbose: bool = False
    ) -> bool:
        """Whether registering `schema` under `subject_name` would pass the compatibility check."""
        return self._compatibility(subject_name, schema, None, normalize, verbose).is_compatible

    def check_compatibility(
        self, subject_name: str, schema: Schema, version: VersionRef | None = None, normalize: bool = False
    ) -> CompatibilityResult:
        """A verbose check: against `version`, or (None) against what registration would check; with findings."""
        return self._compatibility(subject_name, schema, version, normalize, verbose=True)

    def _compatibility(
        self, subject_name: str, schema: Schema, version: VersionRef | None, normalize: bool, verbose: bool
    ) -> CompatibilityResult:
        path = f"/compatibility/subjects/{quote_path(subject_name)}/versions"
        if version is not None:
            path += f"/{version}"
        response = self._rest.request(
            "POST", path, params={"normalize": normalize, "verbose": verbose}, body=schema.to_dict()
        )
        return CompatibilityResult(
            bool(response["is_compatible"]), list(response.get("messages") or ()), _decision(response)
        )

    def set_compatibility(self, subject_name: str | None = None, level: str | None = None) -> str:
        """Set the compatibility level of `subject_name` (or the global one); the level set."""
        if level is None:
            raise ValueError("level must be set")
        return self.set_config(subject_name, ServerConfig(compatibility_level=level.upper())).compatibility_level or ""

    def get_compatibility(self, subject_name: str | None = None) -> str:
        """The compatibility level in force for `subject_name` (its own, else the global one)."""
        params = {"defaultToGlobal": True} if subject_name is not None else None
        return str(self._rest.request("GET", _config_path(subject_name), params=params)["compatibilityLevel"])

    def set_config(self, subject_name: str | None = None, config: ServerConfig | None = None) -> ServerConfig:
        if config is None:
            raise ValueError("config must be set")
        return ServerConfig.from_dict(self._rest.request("PUT", _config_path(subject_name), body=config.to_dict()))

    def get_config(self, subject_name: str | None = None, default_to_global: bool = False) -> ServerConfig:
        """The config of `subject_name` (or the global one); with `default_to_global`, the one in force."""
        params = {"defaultToGlobal": True} if default_to_global and subject_name is not None else None
        return ServerConfig.from_dict(self._rest.request("GET", _config_path(subject_name), params=params))

    def get_config_fields(self, subject_name: str | None = None) -> dict[str, Any]:
        """The config of `subject_name` (or the global one) as the registry answers it: every field it holds,
        including those `ServerConfig` does not name."""
        fields: dict[str, Any] = self._rest.request("GET", _config_path(subject_name))
        return fields

    def set_config_fields(self, subject_name: str | None, fields: Mapping[str, Any]) -> dict[str, Any]:
        """Set these config fields (keys as GET answers them) of `subject_name` (or the global config)."""
        body = {("compatibility" if key == "compatibilityLevel" else key): value for key, value in fields.items()}
        echo: dict[str, Any] = self._rest.request("PUT", _config_path(subject_name), body=body)
        return echo

    def get_setting_scopes(self) -> dict[str, list[str]]:
        """A schemata registry's subjects and contexts with a setting of their own, by kind (`config`, `mode`,
        `lint`, `enforcement`)."""
        scopes: dict[str, list[str]] = self._rest.request("GET", "/settings/scopes")
        return scopes

    def get_lint_policy(self, subject_name: str | None = None) -> dict[str, Any]:
        """Schemata's lint policy of `subject_name` (40408 if it has none of its own), or the global one."""
        policy: dict[str, Any] = self._rest.request("GET", _lint_path(subject_name))
        return policy

    def set_lint_policy(self, subject_name: str | None, policy: Mapping[str, Any]) -> dict[str, Any]:
        stored: dict[str, Any] = self._rest.request("PUT", _lint_path(subject_name), body=dict(policy))
        return stored

    def delete_config(self, subject_name: str | None = None) -> ServerConfig:
        return ServerConfig.from_dict(self._rest.request("DELETE", _config_path(subject_name)))

    def get_mode(self, subject_name: str) -> str:
        return str(self._rest.request("GET", f"/mode/{quote_path(subject_name)}")["mode"])

    def update_mode(self, subject_name: str, mode: str, force: bool = False) -> str:
        path = f"/mode/{quote_path(subject_name)}"
        return str(self._rest.request("PUT", path, params={"force": force}, body={"mode": mode})["mode"])

    def delete_mode(self, subject_name: str) -> str:
        return str(self._rest.request("DELETE", f"/mode/{quote_path(subject_name)}")["mode"])

    def get_global_mode(self) -> str:
        return str(self._rest.request("GET", "/mode")["mode"])

    def update_global_mode(self, mode: str, force: bool = False) -> str:
        return str(self._rest.request("PUT", "/mode", params={"force": force}, body={"mode": mode})["mode"])

    def get_contexts(self, offset: int = 0, limit: int = -1) -> list[str]:
        contexts: list[str] = self._rest.request("GET", "/contexts", params={"offset": offset, "limit": limit})
        return contexts

    def get_audit_log(
        self,
        subject: str | None = None,
        principal: str | None = None,
        since: str | None = None,
        until: str | None = None,
        after: int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """Schemata's audit log of writes (GET /audit, for global admins), oldest first; `since` and `until`
        are ISO 8601 times, `after` an entry id to page on from. Not a Confluent API."""
        filters = {"subject": subject, "principal": principal, "since": since, "until": until, "after": after,
                   "limit": limit}
        entries: list[dict[str, Any]] = self._rest.request(
            "GET", "/audit", params={k: v for k, v in filters.items() if v is not None}
        )
        return entries

    # References and parsing --------------------------------------------------------------------------

    def resolve_dependencies(self, schema: Schema) -> list[compat.Dependency]:
        """The schemas `schema` references, fetched recursively, each after its own dependencies."""
        resolved: dict[str, compat.Dependency] = {}
        self._resolve(schema.references, resolved, set())
        return list(resolved.values())

    def _resolve(
        self, references: Sequence[SchemaReference], resolved: dict[str, compat.Dependency], visiting: set[str]
    ) -> None:
        for ref in references:
            if ref.name in resolved or ref.name in visiting:
                continue
            visiting.add(ref.name)
            target = self.get_version(ref.subject, ref.version).schema
            self._resolve(target.references, resolved, visiting)
            resolved[ref.name] = compat.Dependency(ref.name, target.schema_type, target.schema_str)

    def parse_schema(self, schema: Schema) -> compat.ParsedSchema:
        """`schema` parsed by its format, references resolved through the registry; cached."""
        parsed = self._parsed.get(schema)
        if parsed is None:
            parsed = parse_schema(schema, self.resolve_dependencies(schema))
            self._parsed.put(schema, parsed)
        return parsed


def parse_schema(schema: Schema, dependencies: Sequence[compat.Dependency] = ()) -> compat.ParsedSchema:
    """`schema` parsed by compat with its `dependencies`; SchemaParseError if it is not valid."""
    try:
        return compat.parse_schema(schema.schema_type, schema.schema_str, dependencies)
    except compat.CompatError as error:
        raise SchemaParseError(schema.schema_type, str(error)) from error


def _decision(response: Mapping[str, Any]) -> compat.Decision | None:
    """The decision a Schemata registry adds to a verbose compatibility answer (None from other registries)."""
    data = response.get("schemata")
    if not isinstance(data, Mapping):
        return None
    try:
        return compat.Decision.from_dict(data)
    except (KeyError, TypeError, ValueError):
        return None


def parsed_as(parsed: compat.ParsedSchema, kind: type[P]) -> P:
    """`parsed` as the class of its format, for a serializer of that one format."""
    if not isinstance(parsed, kind):
        raise TypeError(f"expected a {kind.__name__}, got a {type(parsed).__name__}")
    return parsed


def _config_path(subject_name: str | None) -> str:
    return "/config" if subject_name is None else f"/config/{quote_path(subject_name)}"


def _lint_path(subject_name: str | None) -> str:
    return "/lint/config" if subject_name is None else f"/lint/config/{quote_path(subject_name)}"
