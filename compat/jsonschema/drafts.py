"""The JSON Schema drafts Schemata accepts, chosen by `$schema` (draft 7 when absent)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from attrs import evolve
from jsonschema import Draft4Validator, Draft6Validator, Draft7Validator, Draft201909Validator, Draft202012Validator
from jsonschema.protocols import Validator
from referencing import Specification
from referencing.jsonschema import DRAFT4, DRAFT6, DRAFT7, DRAFT201909, DRAFT202012

from schemata.compat.errors import SchemaParseError


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft: its name, meta-schema URI, `jsonschema` validator class and `referencing` specification."""

    name: str
    uri: str
    validator: type[Validator]
    specification: Specification[Any]


def _subschemas_only(specification: Specification[Any]) -> Specification[Any]:
    """`specification`, yielding only schemas (objects and booleans) as subresources.

    referencing (0.37) decides by the first value of `dependencies` whether all its values are schemas, so
    `{"a": {...}, "b": ["c"]}` hands it the array `["c"]` as a schema, and crawling the registry crashes.
    """

    def subresources_of(contents: Any) -> Iterator[Any]:
        return (each for each in specification.subresources_of(contents) if isinstance(each, dict | bool))

    # referencing's classes are attrs classes behind its own decorator, which mypy's attrs plugin does not see.
    return evolve(specification, subresources_of=subresources_of)  # type: ignore[misc]


DRAFTS: tuple[Draft, ...] = (
    Draft("draft-04", "http://json-schema.org/draft-04/schema#", Draft4Validator, _subschemas_only(DRAFT4)),
    Draft("draft-06", "http://json-schema.org/draft-06/schema#", Draft6Validator, _subschemas_only(DRAFT6)),
    Draft("draft-07", "http://json-schema.org/draft-07/schema#", Draft7Validator, _subschemas_only(DRAFT7)),
    Draft("2019-09", "https://json-schema.org/draft/2019-09/schema", Draft201909Validator, DRAFT201909),
    Draft("2020-12", "https://json-schema.org/draft/2020-12/schema", Draft202012Validator, DRAFT202012),
)
DEFAULT_DRAFT = DRAFTS[2]


def _key(uri: str) -> str:
    """`$schema` URIs compared without scheme and without an empty fragment."""
    return uri.split("://", 1)[-1].rstrip("#")


_BY_KEY = {_key(d.uri): d for d in DRAFTS}


def draft_of(document: Any) -> Draft:
    """The draft `document` declares with `$schema`, draft 7 if it declares none."""
    declared = document.get("$schema") if isinstance(document, dict) else None
    if declared is None:
        return DEFAULT_DRAFT
    draft = _BY_KEY.get(_key(declared)) if isinstance(declared, str) else None
    if draft is None:
        known = ", ".join(d.uri for d in DRAFTS)
        raise SchemaParseError(f"Unsupported $schema {declared!r}; expected one of {known}", location="/$schema")
    return draft
