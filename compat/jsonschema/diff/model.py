"""The values the diff walks: schema nodes, pairs of them, and the elements matched between two schemas."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from referencing import Specification
from referencing.jsonschema import DRAFT201909, DRAFT202012, specification_with

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.keywords import ASSERTIONS, COMBINATORS
from schemata.compat.jsonschema.references import descend
from schemata.compat.jsontext import escape

if TYPE_CHECKING:  # `referencing` does not re-export its Resolver class
    from referencing._core import Resolver

Path = tuple[str | int, ...]


class _Missing:
    """A keyword that is not there (distinct from a JSON `null` value)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def render(path: Path) -> str:
    """A path in Confluent's style: `#/` then the JSON-pointer segments (`#/properties/foo`)."""
    return "#/" + "/".join(escape(segment) for segment in path)


def json_text(value: Any) -> str:
    """`value` as compact JSON with sorted keys: equal texts for equal JSON objects."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of a keyword value for messages ("absent" for MISSING)."""
    if value is MISSING:
        return "absent"
    text = json_text(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class Node:
    """A schema value (dict or bool) with the resolver in scope for its `$ref`s."""

    schema: Any
    resolver: Resolver[Any]
    specification: Specification[Any]

    def child(self, value: Any) -> Node:
        """The node of a subschema of this one."""
        return Node(value, descend(self.resolver, value, self.specification), self.specification)

    def referenced(self, contents: Any, resolver: Resolver[Any]) -> Node:
        """The node a `$ref` of this one leads to."""
        specification = self.specification
        if isinstance(contents, dict) and isinstance(contents.get("$schema"), str):
            specification = specification_with(contents["$schema"], default=specification)
        return Node(contents, descend(resolver, contents, specification), specification)

    def get(self, keyword: str) -> Any:
        return self.schema.get(keyword, MISSING) if isinstance(self.schema, dict) else MISSING

    @property
    def since_2019_09(self) -> bool:
        """Whether this schema is read with 2019-09's in-place applicators: the siblings of a `$ref` apply,
        and `unevaluatedProperties` / `unevaluatedItems` are keywords (drafts 2019-09 and 2020-12)."""
        return self.specification in (DRAFT201909, DRAFT202012)


@dataclass(frozen=True, slots=True)
class Pair:
    """An original schema and its update at one path, both resolved and neither one `false`-vs-anything."""

    original: Node
    update: Node
    path: Path

    def values(self, keyword: str) -> tuple[Any, Any]:
        """The keyword's value in the original and in the update (MISSING where absent)."""
        return self.original.get(keyword), self.update.get(keyword)

    def at(self, *segments: str | int) -> str:
        return render((*self.path, *segments))


@dataclass(frozen=True, slots=True)
class MemberChange:
    """A property or tuple item present on one side only; `key` is its name or position."""

    owner: Pair
    key: str | int
    original: Node | None
    update: Node | None
    path: Path


@dataclass(frozen=True, slots=True)
class DependencyChange:
    """One entry of `dependencies` / `dependentRequired` / `dependentSchemas` (values MISSING where absent)."""

    owner: Pair
    name: str
    is_schema: bool
    original: Any
    update: Any
    path: Path


@dataclass(frozen=True, slots=True)
class Combination:
    """allOf/anyOf/oneOf on each side (kind None: absent), and how many members the matching paired.

    `path` is the combined schema's own (Confluent reports combination differences there, `#/`).
    """

    original_kind: str | None
    update_kind: str | None
    original: tuple[Node, ...]
    update: tuple[Node, ...]
    matched: int
    path: Path

    @property
    def criteria(self) -> str | None:
        """How the combinator changed: see `criteria_change`."""
        return criteria_change(self.original_kind, self.update_kind, len(self.original), len(self.update))


@dataclass(frozen=True, slots=True)
class ArrayModel:
    """An array schema's item keywords, the same for every draft (`items` list or `prefixItems` for tuples)."""

    tuple_keyword: str
    tuple: list[Any] | None
    all_items: Any
    rest_keyword: str
    rest: Any

    @property
    def coverage(self) -> Any:
        """What the diff takes to validate a tuple position the other side declares: the rest keyword
        (`additionalItems`, or `items` after `prefixItems`). An all-items `items` object is not a content
        model for tuple positions, as in Confluent's diff: `items: {...}` becoming `items: [{...}]` adds a
        tuple item to an open content model."""
        return self.rest


def array_model(schema: dict[str, Any]) -> ArrayModel:
    if "prefixItems" in schema:
        return ArrayModel("prefixItems", schema["prefixItems"], MISSING, "items", schema.get("items", MISSING))
    items = schema.get("items", MISSING)
    rest = schema.get("additionalItems", MISSING)
    if isinstance(items, list):
        return ArrayModel("items", items, MISSING, "additionalItems", rest)
    return ArrayModel("items", None, items, "additionalItems", rest)


def openness(value: Any) -> str:
    """How an additional*/unevaluated* keyword treats what it covers: "open", "closed" or "schema"."""
    if value is MISSING or value is True or value == {}:
        return "open"
    return "closed" if value is False else "schema"


def types(schema: Any) -> frozenset[str] | None:
    """The JSON types a schema allows by `type` (None: no `type`), "integer" folded into "number"."""
    value = schema.get("type") if isinstance(schema, dict) else None
    if value is None:
        return None
    names = frozenset([value] if isinstance(value, str) else value)
    return names - {"integer"} if "number" in names else names


def types_overlap(first: str, second: str) -> bool:
    """Whether some value has both types."""
    return first == second or {first, second} == {"integer", "number"}


def pure_combinator(schema: Any) -> str | None:
    """The combinator when it is the schema's only assertion keyword (a combined schema), else None."""
    if not isinstance(schema, dict):
        return None
    assertions = ASSERTIONS.intersection(schema)
    if len(assertions) == 1:
        (keyword,) = assertions
        return keyword if keyword in COMBINATORS else None
    return None


def criteria_change(
    original_kind: str | None, update_kind: str | None, original_size: int, update_size: int
) -> str | None:
    """EXTENDED or CHANGED when the combinator changed (None: unchanged, or absent on a side), as Confluent
    decides: any combinator may become anyOf; a one-member one may become oneOf; and a one-member oneOf or
    anyOf may become a one-member allOf (a single alternative and a single constraint are the same thing).
    Members are counted after duplicates collapse."""
    if not original_kind or not update_kind or original_kind == update_kind:
        return None
    if update_kind == "anyOf":
        return "EXTENDED"
    if update_kind == "oneOf":
        return "EXTENDED" if original_size == 1 else "CHANGED"
    return "EXTENDED" if original_size == update_size == 1 else "CHANGED"


@dataclass
class Context:
    """One diff: the policy's compatible types, the schema pairs being compared, and how many pairs it may
    visit in all (`budget`; `exhausted` once it ran out).

    `merged` holds the schema a `$ref` with siblings stands for (see `resolve`), built once per diff so
    that its identity is stable: the walk recognises pairs it is already comparing by identity.
    """

    compatible_types: frozenset[str]
    budget: int
    active: set[tuple[int, int]] = field(default_factory=set)
    verdicts: dict[tuple[int, int], tuple[bool, Any, Any]] = field(default_factory=dict)
    merged: dict[tuple[int, int], tuple[Any, Any, Any]] = field(default_factory=dict)
    visits: int = 0
    exhausted: bool = False

    def is_compatible(self, findings: Iterable[Finding]) -> bool:
        return all(f.rule in self.compatible_types for f in findings)
