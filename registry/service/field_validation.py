"""validateFields, the subject's (or the global) config flag, decided here for registration and the
compatibility endpoints, as Confluent's `isSchemaFieldValidationEnabled` (off unless set; never in IMPORT mode).

With it on:
- Protobuf: a schema must declare or import every option and type it names. Off, a custom option nothing
  declares, or a type of a reference it does not import, is accepted, as Confluent's registry (which links
  nothing then) does; on, Confluent links the schema, and such a schema is 42201 naming what is unresolved.
- Every format: the names the metadata reserves (`confluent:reserved`) are checked by the decision
  (`schemata.compat.decide(validate_fields=True)`): a name the latest version reserves stays reserved, and no
  top-level field takes a reserved name (409, or `is_compatible: false`).
Avro names are checked whatever the flag says, when a schema is parsed, as Confluent's Avro parser does.
"""

from __future__ import annotations

from schemata.compat import ParsedSchema
from schemata.compat.protobuf import ProtobufSchema
from schemata.registry.domain import ConfigRecord
from schemata.registry.errors import InvalidSchema


def validates_fields(settings: ConfigRecord) -> bool:
    """Whether validateFields is on for the config in effect (unset is off, Confluent's default)."""
    return settings.validate_fields is True


def refuse_unresolved(parsed: ParsedSchema, settings: ConfigRecord) -> None:
    """InvalidSchema (42201) if validateFields is on and `parsed` leaves option or type names unresolved."""
    if validates_fields(settings) and isinstance(parsed, ProtobufSchema) and parsed.unresolved:
        raise InvalidSchema(
            "Invalid schema: validateFields is on, and the schema names what it neither declares nor imports: "
            + ", ".join(parsed.unresolved)
        )
