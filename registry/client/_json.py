"""JSON Schema: records encoded with orjson and validated, both ways, by a compiled jsonschema-rs validator.

jsonschema-rs (Rust) validates the same drafts as `jsonschema` (compat's parser, which vouches for the
schema) at a small fraction of its cost. Like compat's validator, it does not assert `format`.

Nothing is ever fetched: a `$ref` resolves to the schema itself, the registered references (under their name,
and that name resolved against the root `$id`, as the registry registers them) and the bundled meta-schemas;
the retriever refuses every other URI (http://, file://, a name the references do not hold), and the schema
then fails with a SerializationError instead of being validated against whatever that URI holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NoReturn
from urllib.parse import urljoin

import jsonschema_rs
import orjson

from schemata.registry.client._avro import FromDict, ToDict, as_schema
from schemata.registry.client._client import SchemaRegistryClient, parse_schema
from schemata.registry.client._context import SerializationContext
from schemata.registry.client._errors import RecordValidationError, SerializationError
from schemata.registry.client._model import RegisteredSchema, Schema
from schemata.registry.client._rules import JsonFields, Metadata, PhaseRules, ReadRules
from schemata.registry.client._serde import (
    DESERIALIZER_CONF,
    SERIALIZER_CONF,
    SchemaDeserializer,
    SchemaSerializer,
    check_callable,
    read_conf,
)
from schemata.registry.client._wire import HEADER_SIZE, schema_header

_VALIDATORS: dict[str, Any] = {
    "draft-04": jsonschema_rs.Draft4Validator,
    "draft-06": jsonschema_rs.Draft6Validator,
    "draft-07": jsonschema_rs.Draft7Validator,
    "2019-09": jsonschema_rs.Draft201909Validator,
    "2020-12": jsonschema_rs.Draft202012Validator,
}


class _Unregistered(Exception):
    """What the retriever raises: the URI is not one of the schema's registered references."""


def _refuse(uri: str) -> NoReturn:
    raise _Unregistered(f"{uri} is not a registered reference")


def compile_validator(parsed: Any) -> Any:
    """A jsonschema-rs validator of a schema parsed by compat (which knows its draft, base URI and references),
    resolving `$ref`s to the registered references only."""
    resources: list[tuple[str, Any]] = []
    for dep in parsed.dependencies:
        document = orjson.loads(dep.text)
        resources.append((dep.name, document))
        if parsed.base_uri:
            resources.append((urljoin(parsed.base_uri, dep.name), document))
    registry = jsonschema_rs.Registry(resources, retriever=_refuse) if resources else None
    try:
        return _VALIDATORS[parsed.draft.name](
            parsed.document, validate_formats=False, registry=registry, retriever=_refuse
        )
    except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError) as error:
        raise SerializationError(
            f"Cannot use the schema: a $ref leads outside it ({str(error).splitlines()[0]}); the client resolves "
            "only the registered references and never fetches a URI"
        ) from None


def json_path(parts: Sequence[str | int]) -> str:
    """`["a", 0, "b"]` -> `$.a[0].b`."""
    return "$" + "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in parts)


class _JsonCodec:
    """The header, the validator (None: validation off) and the rules (None: none) of one schema id."""

    __slots__ = ("header", "read_rules", "schema_id", "validator", "write_rules")

    def __init__(
        self, schema_id: int, validator: Any, write_rules: PhaseRules | None = None,
        read_rules: ReadRules | None = None,
    ) -> None:
        self.schema_id = schema_id
        self.header = schema_header(schema_id)
        self.validator = validator
        self.write_rules = write_rules
        self.read_rules = read_rules

    def check(self, value: Any) -> None:
        try:
            self.validator.validate(value)
        except jsonschema_rs.ValidationError as error:
            raise RecordValidationError(json_path(error.instance_path), error.message, self.schema_id) from None


class JSONSerializer(SchemaSerializer[_JsonCodec]):
    """Serializes dicts (or objects, through `to_dict`) to framed JSON; confluent-kafka's signature and conf."""

    def __init__(
        self,
        schema_str: str | Schema | None,
        schema_registry_client: SchemaRegistryClient,
        to_dict: ToDict | None = None,
        conf: Mapping[str, Any] | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        settings = read_conf(conf, {**SERIALIZER_CONF, "validate": True})
        schema = as_schema(schema_str, "JSON")
        super().__init__(schema_registry_client, schema, settings, rule_conf)
        check_callable("to_dict", to_dict)
        self._to_dict = to_dict
        self._validate: bool = settings["validate"]
        self._record_name = None if schema is None else schema_registry_client.parse_schema(schema).record_name()

    def _writer(self, schema_id: int, schema: Schema, rules: PhaseRules | None) -> _JsonCodec:
        validator = compile_validator(self._client.parse_schema(schema)) if self._validate else None
        return _JsonCodec(schema_id, validator, rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> JsonFields:
        return JsonFields(self._client.parse_schema(schema), metadata)

    def __call__(self, obj: Any, ctx: SerializationContext | None = None) -> bytes | None:
        if obj is None:
            return None
        subject = self._strategy(ctx, self._record_name)
        codec = self._writers.get(subject) or self._writer_for(subject)
        value = obj if self._to_dict is None else self._to_dict(obj, ctx)  # type: ignore[arg-type]
        if codec.write_rules is not None:
            value = codec.write_rules.run(value, ctx, value)
        if codec.validator is not None:
            codec.check(value)
        try:
            return codec.header + orjson.dumps(value)
        except TypeError as error:
            raise SerializationError(f"Cannot encode the record as JSON: {error}") from error


class JSONDeserializer(SchemaDeserializer[_JsonCodec]):
    """Reads framed JSON, validated against `schema_str` if given, else against the writer's schema."""

    def __init__(
        self,
        schema_str: str | Schema | None,
        from_dict: FromDict | None = None,
        schema_registry_client: SchemaRegistryClient | None = None,
        conf: Mapping[str, Any] | None = None,
        rule_conf: Mapping[str, Any] | None = None,
    ) -> None:
        settings = read_conf(conf, {**DESERIALIZER_CONF, "validate": True})
        super().__init__(schema_registry_client, settings, rule_conf)
        check_callable("from_dict", from_dict)
        schema = as_schema(schema_str, "JSON")
        if schema is None and schema_registry_client is None:
            raise ValueError("JSONDeserializer needs a schema or a schema registry client")
        if schema is not None and schema.references and schema_registry_client is None:
            raise ValueError("a schema with references needs a schema registry client")
        self._from_dict = from_dict
        self._validate: bool = settings["validate"]
        self._schema = self._given_reader = schema

    def _reader(
        self, writer_id: int, writer: Schema | None, latest: RegisteredSchema | None, rules: ReadRules | None
    ) -> _JsonCodec:
        if not self._validate:
            return _JsonCodec(writer_id, None, read_rules=rules)
        reader = latest.schema if latest is not None else self._schema or writer
        assert reader is not None
        parsed = parse_schema(reader) if self._client is None else self._client.parse_schema(reader)
        return _JsonCodec(writer_id, compile_validator(parsed), read_rules=rules)

    def _rule_view(self, schema: Schema, metadata: Metadata) -> JsonFields:
        assert self._client is not None
        return JsonFields(self._client.parse_schema(schema), metadata)

    def __call__(self, data: bytes | None, ctx: SerializationContext | None = None) -> Any:
        if data is None:
            return None
        schema_id = self._schema_id(data, ctx)
        codec = self._readers.get(schema_id) or self._reader_for(schema_id, ctx)
        try:
            value = orjson.loads(memoryview(data)[HEADER_SIZE:])
        except orjson.JSONDecodeError as error:
            raise SerializationError(f"Cannot decode JSON data written with schema {schema_id}: {error}") from error
        if codec.read_rules is not None:
            value = codec.read_rules.read(value, ctx, data)
        if codec.validator is not None:
            codec.check(value)
        return value if self._from_dict is None else self._from_dict(value, ctx)  # type: ignore[arg-type]
