"""A parsed JSON schema: the document, its draft, its dependencies, and a ready validator for messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jsonschema.protocols import Validator
from referencing import Registry

from schemata.compat.jsonschema.drafts import Draft
from schemata.compat.jsonschema.tags import retagged_text, tagged_entities
from schemata.compat.schema import Dependency, ParsedSchema
from schemata.compat.tags import SchemaEntity, TagChanges

if TYPE_CHECKING:  # `referencing` does not re-export its Resolver class
    from referencing._core import Resolver


class JsonSchema(ParsedSchema):
    """A JSON schema parsed, validated against its draft's meta-schema, with every `$ref` resolvable.

    Built by `JsonSchemaFormat.parse`; immutable.
    """

    schema_type = "JSON"

    def __init__(
        self,
        document: Any,
        draft: Draft,
        canonical: str,
        dependencies: Sequence[Dependency],
        registry: Registry[Any],
        base_uri: str,
    ) -> None:
        self.document = document
        self.draft = draft
        self.dependencies = tuple(dependencies)
        self.registry = registry
        self.base_uri = base_uri
        self._canonical = canonical
        self._validator: Validator | None = None

    @property
    def canonical(self) -> str:
        return self._canonical

    def record_name(self) -> str | None:
        title = self.document.get("title") if isinstance(self.document, dict) else None
        return title if isinstance(title, str) else None

    def resolver(self) -> Resolver[Any]:
        """A resolver for the `$ref`s of the root document (dependencies included, nothing remote)."""
        return self.registry.resolver(self.base_uri)

    def validator(self) -> Validator:
        """A compiled validator for messages, with the dependencies registered; built once, then cached.

        `format` is not asserted (an annotation, as JSON Schema 2019-09 onward says by default).
        """
        if self._validator is None:
            self._validator = self.draft.validator(self.document, registry=self.registry)
        return self._validator

    def retagged(self, changes: TagChanges) -> str:
        return retagged_text(self._canonical, changes)

    def tagged_entities(self) -> dict[SchemaEntity, tuple[str, ...]]:
        return tagged_entities(self._canonical)

    def strict_problems(self) -> tuple[str, ...]:
        """A property of the root object whose name starts with `$$`, a prefix Confluent keeps for itself."""
        if not isinstance(self.document, dict) or self.document.get("type", "object") != "object":
            return ()
        return tuple(
            f"field names may not start with $$: '{name}' at #/properties/{name}"
            for name in sorted(self.top_level_fields())
            if name.startswith("$$")
        )

    def top_level_fields(self) -> frozenset[str]:
        """The names the root's `properties` declares (as written: a root `$ref` is not followed)."""
        properties = self.document.get("properties") if isinstance(self.document, dict) else None
        return frozenset(properties) if isinstance(properties, dict) else frozenset()
