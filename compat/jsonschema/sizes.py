"""Caps on how wide a JSON schema may be, checked before anything else reads it (the meta-schema validation
and the diff both cost time in proportion to these counts, and the diff compares combinator members pairwise).
"""

from __future__ import annotations

from typing import Any

from schemata.compat.errors import SchemaParseError
from schemata.compat.jsonschema.keywords import COMBINATORS, subschemas
from schemata.compat.jsontext import pointer

#: Most members of one allOf/anyOf/oneOf.
MAX_MEMBERS = 1_000
#: Most entries of `properties` and `patternProperties`, over all the objects of a schema.
MAX_PROPERTIES = 10_000


def check_sizes(document: Any, where: str) -> None:
    """SchemaParseError naming the cap and the place where `document` first exceeds one."""
    properties = 0
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        schema, segments = stack.pop()
        if not isinstance(schema, dict):
            continue
        for keyword in COMBINATORS:
            members = schema.get(keyword)
            if isinstance(members, list) and len(members) > MAX_MEMBERS:
                raise SchemaParseError(
                    f"{where}{keyword} has {len(members)} members; the limit is {MAX_MEMBERS}",
                    location=pointer((*segments, keyword)),
                )
        for keyword in ("properties", "patternProperties"):
            entries = schema.get(keyword)
            properties += len(entries) if isinstance(entries, dict) else 0
            if properties > MAX_PROPERTIES:
                raise SchemaParseError(
                    f"{where}the schema declares more than {MAX_PROPERTIES} properties and patternProperties "
                    "in all, the limit",
                    location=pointer((*segments, keyword)),
                )
        stack.extend((sub, (*segments, *relative)) for relative, sub in subschemas(schema))
