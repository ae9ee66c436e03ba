"""validateFields for Protobuf: a schema must declare or import every option and type it names.

With validateFields off (Confluent's default) a Protobuf schema may use a custom option nothing declares,
or a type of a reference it does not import, as Confluent's registry (which links nothing then) accepts;
with it on, Confluent links the schema, and such a schema is refused with 42201 naming what is unresolved.
"""

from __future__ import annotations

from schemata.compat import ParsedSchema
from schemata.compat.protobuf import ProtobufSchema
from schemata.registry.domain import ConfigRecord
from schemata.registry.errors import InvalidSchema


def refuse_unresolved(parsed: ParsedSchema, settings: ConfigRecord) -> None:
    """InvalidSchema (42201) if validateFields is on and `parsed` leaves option or type names unresolved."""
    if settings.validate_fields and isinstance(parsed, ProtobufSchema) and parsed.unresolved:
        raise InvalidSchema(
            "Invalid schema: validateFields is on, and the schema names what it neither declares nor imports: "
            + ", ".join(parsed.unresolved)
        )
