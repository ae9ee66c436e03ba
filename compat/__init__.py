"""Schemata's compatibility engine: schemas in, findings out. No web, no database, no registry.

>>> from schemata.compat import Level, parse_schema, check_compatibility
>>> old = parse_schema("AVRO", '{"type": "record", "name": "R", "fields": []}')
>>> new = parse_schema("AVRO", '{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}')
>>> [f.rule for f in check_compatibility(Level.BACKWARD, new, [old])]
['READER_FIELD_MISSING_DEFAULT_VALUE']
"""

from schemata.compat.decision import (
    Decision,
    Previous,
    Proposed,
    check_compatibility,
    decide,
    fingerprint,
    reserved_names,
    with_reserved_names,
)
from schemata.compat.engine import check_pair, resolve_policy, validate_policy
from schemata.compat.errors import CompatError, SchemaParseError, UnknownPolicyError, UnknownSchemaTypeError
from schemata.compat.findings import Finding, OldVersion
from schemata.compat.formats import DEFAULT_SCHEMA_TYPE, get_format, parse_schema, schema_types
from schemata.compat.levels import Direction, Level
from schemata.compat.schema import Dependency, ParsedSchema, SchemaFormat

__all__ = [
    "DEFAULT_SCHEMA_TYPE",
    "CompatError",
    "Decision",
    "Dependency",
    "Direction",
    "Finding",
    "Level",
    "OldVersion",
    "ParsedSchema",
    "Previous",
    "Proposed",
    "SchemaFormat",
    "SchemaParseError",
    "UnknownPolicyError",
    "UnknownSchemaTypeError",
    "check_compatibility",
    "check_pair",
    "decide",
    "fingerprint",
    "get_format",
    "parse_schema",
    "reserved_names",
    "resolve_policy",
    "schema_types",
    "validate_policy",
    "with_reserved_names",
]
