"""JSON Schema for the compatibility engine: parsing (drafts 4 to 2020-12) and Confluent's structural diff.

    >>> from compat.jsonschema import JsonSchemaFormat, diff
    >>> fmt = JsonSchemaFormat()
    >>> old = fmt.parse('{"type": "object", "properties": {"a": {"type": "string"}}}')
    >>> new = fmt.parse('{"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}')
    >>> [(d.rule, d.path) for d in diff(old, new)]
    [('OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', '#/properties/b')]
"""

from schemata.compat.jsonschema.diff import BOOK, diff, incompatible
from schemata.compat.jsonschema.drafts import DRAFTS, Draft
from schemata.compat.jsonschema.format import JsonSchemaFormat
from schemata.compat.jsonschema.policies import LENIENT, POLICIES, STRICT, compatible_types
from schemata.compat.jsonschema.schema import JsonSchema

__all__ = [
    "BOOK",
    "DRAFTS",
    "LENIENT",
    "POLICIES",
    "STRICT",
    "Draft",
    "JsonSchema",
    "JsonSchemaFormat",
    "compatible_types",
    "diff",
    "incompatible",
]
