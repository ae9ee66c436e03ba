"""validateFields, the subject's (or the global) config flag, decided here for registration and the
compatibility endpoints, as Confluent's `isSchemaFieldValidationEnabled` (off unless set; never in IMPORT mode).

With it on:
- what a format lets through only unvalidated (`ParsedSchema.strict_problems`, Confluent's `validate(strict)`)
  is 42201: Protobuf options and types the schema neither declares nor imports (Confluent links the schema
  then; off, it links nothing and accepts them), JSON Schema root properties named with the `$$` prefix;
- the names the metadata reserves (`confluent:reserved`) are checked by the decision, for every format
  (`schemata.compat.decide(validate_fields=True)`): a name the latest version reserves stays reserved, and no
  top-level field takes a reserved name (409, or `is_compatible: false`).
Avro names are checked whatever the flag says, when a schema is parsed, as Confluent's Avro parser does.
"""

from __future__ import annotations

from schemata.compat import ParsedSchema
from schemata.registry.domain import ConfigRecord
from schemata.registry.errors import InvalidSchema


def validates_fields(settings: ConfigRecord) -> bool:
    """Whether validateFields is on for the config in effect (unset is off, Confluent's default)."""
    return settings.validate_fields is True


def refuse_invalid_fields(parsed: ParsedSchema, settings: ConfigRecord) -> None:
    """InvalidSchema (42201) if validateFields is on and `parsed` has what only an unvalidated schema may."""
    problems = parsed.strict_problems() if validates_fields(settings) else ()
    if problems:
        raise InvalidSchema("Invalid schema: validateFields is on, and " + "; ".join(problems))
