"""`$ref` resolution: the registry of the schema and its dependencies, and the check that every ref resolves.

Nothing is ever fetched: the registry holds the schema, the dependencies (under their reference name, and
that name resolved against the root `$id`, as Confluent registers them) and the bundled meta-schemas. Any
other URI is unresolvable and rejected when the schema is parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from jsonschema_specifications import REGISTRY as META_SCHEMAS
from referencing import Registry, Resource, Specification
from referencing.exceptions import Unresolvable

from schemata.compat.errors import SchemaParseError
from schemata.compat.jsonschema.drafts import Draft
from schemata.compat.jsonschema.keywords import REFERENCES, subschemas
from schemata.compat.jsontext import pointer

if TYPE_CHECKING:  # `referencing` does not re-export its Resolver class
    from referencing._core import Resolver


def build_registry(
    document: Any, draft: Draft, dependencies: Sequence[tuple[str, Any, Draft]]
) -> tuple[Registry[Any], str]:
    """The registry holding `document` and its (name, document, draft) dependencies, and the root's base URI."""
    root = draft.specification.create_resource(document)  # the draft is known: no detection by $schema
    base_uri = root.id() or ""
    resources: list[tuple[str, Resource[Any]]] = [(base_uri, root)]
    for name, dep_document, dep_draft in dependencies:
        resource = dep_draft.specification.create_resource(dep_document)
        resources.append((name, resource))
        if base_uri:
            resources.append((urljoin(base_uri, name), resource))
    return META_SCHEMAS.with_resources(resources).crawl(), base_uri


def descend(resolver: Resolver[Any], schema: Any, specification: Specification[Any]) -> Resolver[Any]:
    """The resolver for refs inside `schema`: a new base URI when the subschema declares an id."""
    if isinstance(schema, dict) and specification.id_of(schema):
        return resolver.in_subresource(specification.create_resource(schema))
    return resolver


def check_references(document: Any, resolver: Resolver[Any], specification: Specification[Any], where: str) -> None:
    """Raise SchemaParseError naming the first `$ref` in `document` that does not resolve."""
    stack: list[tuple[Any, Resolver[Any], tuple[str | int, ...]]] = [(document, resolver, ())]
    while stack:
        schema, scope, segments = stack.pop()
        scope = descend(scope, schema, specification)
        for keyword in REFERENCES:
            ref = schema.get(keyword) if isinstance(schema, dict) else None
            if isinstance(ref, str):
                try:
                    scope.lookup(ref)
                except Unresolvable:
                    raise SchemaParseError(
                        f"{where}unresolvable {keyword} {ref!r} (only local definitions and references "
                        "given with the schema are resolved)",
                        location=pointer((*segments, keyword)),
                    ) from None
        stack.extend((sub, scope, (*segments, *relative)) for relative, sub in subschemas(schema))
