"""The registry of schema formats, loaded lazily so that importing `compat` stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from functools import cache

from schemata.compat.errors import UnknownSchemaTypeError
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat

#: schemaType -> "module:FormatClass". Order is the order of GET /schemas/types.
_FORMATS: dict[str, str] = {
    "JSON": "schemata.compat.jsonschema:JsonSchemaFormat",
    "PROTOBUF": "schemata.compat.protobuf:ProtobufFormat",
    "AVRO": "schemata.compat.avro:AvroFormat",
}

DEFAULT_SCHEMA_TYPE = "AVRO"


def schema_types() -> list[str]:
    """The schema types this build supports."""
    return list(_FORMATS)


@cache
def get_format(schema_type: str) -> SchemaFormat:
    """The format handler for `schema_type` (e.g. "AVRO"); UnknownSchemaTypeError if there is none."""
    target = _FORMATS.get(schema_type)
    if target is None:
        raise UnknownSchemaTypeError(schema_type)
    module_name, class_name = target.split(":")
    format_class: type[SchemaFormat] = getattr(importlib.import_module(module_name), class_name)
    return format_class()


def parse_schema(
    schema_type: str | None,
    text: str,
    dependencies: Sequence[Dependency] = (),
    *,
    normalize: bool = False,
) -> ParsedSchema:
    """Parse `text` as a schema of `schema_type` (AVRO when None)."""
    return get_format(schema_type or DEFAULT_SCHEMA_TYPE).parse(text, dependencies, normalize=normalize)
