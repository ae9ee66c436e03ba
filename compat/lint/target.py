"""What one lint run looks at: a parsed schema with its text, what it is published as, and its previous version."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from schemata.compat.lint.view import SchemaView
from schemata.compat.schema import ParsedSchema


@dataclass(frozen=True)
class LintTarget:
    """`text` is the schema as written (Protobuf comments live only there); `subject` and `topic` are checked
    by the name-pattern rules when known; `previous` is the version before (for the rules about removals)."""

    schema: ParsedSchema
    text: str
    subject: str | None = None
    topic: str | None = None
    previous: ParsedSchema | None = None

    @property
    def schema_type(self) -> str:
        return self.schema.schema_type

    @cached_property
    def view(self) -> SchemaView:
        """The format-neutral view, built once per target."""
        from schemata.compat.lint import avro, jsonschema, protobuf

        builders = {"AVRO": avro.view, "JSON": jsonschema.view, "PROTOBUF": protobuf.view}
        return builders[self.schema_type](self.schema, self.text)
