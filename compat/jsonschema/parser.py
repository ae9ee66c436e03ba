"""Parsing: JSON text and dependencies to a `JsonSchema`, or a SchemaParseError saying what and where."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator

from schemata.compat.errors import SchemaParseError
from schemata.compat.jsonschema.canonical import compact, normalized
from schemata.compat.jsonschema.drafts import Draft, draft_of
from schemata.compat.jsonschema.patterns import check_patterns
from schemata.compat.jsonschema.references import build_registry, check_references
from schemata.compat.jsonschema.schema import JsonSchema
from schemata.compat.jsonschema.sizes import check_sizes
from schemata.compat.jsontext import load_json, pointer
from schemata.compat.schema import Dependency


def parse(text: str, dependencies: Sequence[Dependency] = (), *, normalize: bool = False) -> JsonSchema:
    """Parse `text` (with `dependencies`, depth-first, each named by the `$ref` URI that uses it)."""
    document, draft = _load(text, where="")
    loaded = [(dep.name, *_load(dep.text, where=f"In reference {dep.name!r}: ")) for dep in dependencies]
    registry, base_uri = build_registry(document, draft, loaded)
    resolver = registry.resolver(base_uri)
    try:
        check_references(document, resolver, draft.specification, where="")
        for name, dep_document, dep_draft in loaded:
            check_references(
                dep_document, registry.resolver(name), dep_draft.specification, where=f"In reference {name!r}: "
            )
    except RecursionError:
        raise SchemaParseError("Schema references nest too deeply") from None
    canonical = normalized(document) if normalize else compact(document)
    return JsonSchema(document, draft, canonical, dependencies, registry, base_uri)


def _load(text: str, *, where: str) -> tuple[Any, Draft]:
    """The document in `text` and its draft, validated against that draft's meta-schema."""
    try:
        document = load_json(text)
    except SchemaParseError as error:
        raise SchemaParseError(where + error.reason, location=error.location) from None
    if not isinstance(document, dict | bool):
        raise SchemaParseError(f"{where}a schema must be a JSON object or a boolean", location="")
    check_sizes(document, where)
    draft = draft_of(document)
    _validate(document, draft, where)
    check_patterns(document, where)
    return document, draft


@cache
def _meta_validator(draft: Draft) -> Validator:
    return draft.validator(draft.validator.META_SCHEMA)


def _validate(document: Any, draft: Draft, where: str) -> None:
    meta = _meta_validator(draft)
    try:
        error = best_match(meta.iter_errors(document))
    except RecursionError:
        raise SchemaParseError(f"{where}schema is nested too deeply to validate") from None
    if error is not None:
        location = pointer(list(error.absolute_path))
        raise SchemaParseError(f"{where}{error.message} (not a valid {draft.name} schema)", location=location)
