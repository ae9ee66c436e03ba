"""The JSON Schema format of the compatibility engine."""

from __future__ import annotations

from collections.abc import Sequence

from schemata.compat.budget import budgeted
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff import incompatible
from schemata.compat.jsonschema.parser import parse
from schemata.compat.jsonschema.policies import POLICIES
from schemata.compat.jsonschema.schema import JsonSchema
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat


class JsonSchemaFormat(SchemaFormat):
    """JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12), checked with Confluent's structural diff."""

    schema_type = "JSON"
    policies = POLICIES

    def parse(
        self, text: str, dependencies: Sequence[Dependency] = (), *, normalize: bool = False
    ) -> JsonSchema:
        return parse(text, dependencies, normalize=normalize)

    @budgeted()
    def check(self, reader: ParsedSchema, writer: ParsedSchema, *, policy: str) -> list[Finding]:
        if not isinstance(reader, JsonSchema) or not isinstance(writer, JsonSchema):
            raise TypeError("JsonSchemaFormat.check needs two JsonSchema values")
        return incompatible(writer, reader, policy=policy)
