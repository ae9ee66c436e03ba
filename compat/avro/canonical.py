"""The parsed schema written back as compact, deterministic JSON: the form stored and compared.

Both forms write attributes in one fixed order, define each named type at its first use and refer to it
by name afterwards, and write the named types of referenced schemas by name only (`inlined_text`, the form
a lookup compares, defines them in place instead).
- plain: names relative to the enclosing namespace, as Java Avro prints a schema; other attributes
  in the order written.
- normalized (in the spirit of Avro's Parsing Canonical Form): full names everywhere, no `namespace`,
  sorted aliases and other attributes (the keys of objects in custom properties too), the default field
  order left out. Unlike the Parsing Canonical
  Form it keeps what matters to readers and to compatibility: docs, defaults, aliases, logical types.
"""

from __future__ import annotations

import json
from typing import Any

from schemata.compat.avro.model import (
    Array,
    AvroType,
    Enum,
    Field,
    Fixed,
    Map,
    NamedType,
    Primitive,
    Props,
    Record,
    Union,
)
from schemata.compat.avro.names import relative_name
from schemata.compat.jsontext import MAX_JSON_DEPTH, MAX_SCHEMA_CHARS


def canonical_text(root: AvroType, imported: frozenset[str], *, normalize: bool) -> str:
    """`root` as compact JSON; the `imported` named types (from references) are written by name."""
    return _compact(_Writer(imported, normalize).type(root, ""))


def inlined_text(root: AvroType, *, normalize: bool) -> str | None:
    """`root` as compact JSON with the named types of its references defined at their first use, like its
    own; None if that text is beyond what a schema may be (types nested more than MAX_JSON_DEPTH deep, or
    longer than MAX_SCHEMA_CHARS), as a chain of references nesting into one another can make it: no schema
    a client sends is equal to it. Written without ever nesting deeper than that (no RecursionError)."""
    try:
        text = _compact(_Writer(frozenset(), normalize, max_depth=MAX_JSON_DEPTH).type(root, ""))
    except _TooDeep:
        return None
    return text if len(text) <= MAX_SCHEMA_CHARS else None


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class _TooDeep(Exception):
    """The types being written nest deeper than the writer's limit."""


class _Writer:
    def __init__(self, imported: frozenset[str], normalize: bool, max_depth: int | None = None) -> None:
        self.written = set(imported)
        self.normalize = normalize
        #: How deep types may nest (each nesting is at least one more level of JSON); None: no limit.
        self.max_depth = max_depth
        self.depth = 0

    def type(self, node: AvroType, namespace: str) -> Any:
        if self.max_depth is not None and self.depth >= self.max_depth:
            raise _TooDeep
        self.depth += 1
        try:
            return self._type(node, namespace)
        finally:
            self.depth -= 1

    def _type(self, node: AvroType, namespace: str) -> Any:
        if isinstance(node, Union):
            return [self.type(branch, namespace) for branch in node.branches]
        if isinstance(node, Primitive):
            return {"type": node.name, **self.props(node.props)} if node.props else node.name
        if isinstance(node, Array):
            return {"type": "array", "items": self.type(node.items, namespace), **self.props(node.props)}
        if isinstance(node, Map):
            return {"type": "map", "values": self.type(node.values, namespace), **self.props(node.props)}
        if node.fullname in self.written:
            return self.name(node.fullname, namespace)
        self.written.add(node.fullname)
        return self.named(node, namespace)

    def named(self, node: NamedType, namespace: str) -> dict[str, Any]:
        out: dict[str, Any] = {"type": node.type_name if isinstance(node, Record) else node.kind}
        if self.normalize:
            out["name"] = node.fullname
        else:
            out["name"] = node.short_name
            if node.namespace != namespace:
                out["namespace"] = node.namespace
        if node.doc is not None:
            out["doc"] = node.doc
        if node.aliases:
            aliases = [self.name(alias, node.namespace) for alias in node.aliases]
            out["aliases"] = sorted(aliases) if self.normalize else aliases
        if isinstance(node, Record):
            out["fields"] = [self.field(field, node.namespace) for field in node.fields]
        elif isinstance(node, Enum):
            out["symbols"] = list(node.symbols)
            if node.default is not None:
                out["default"] = node.default
        elif isinstance(node, Fixed):
            out["size"] = node.size
        return {**out, **self.props(node.props)}

    def field(self, field: Field, namespace: str) -> dict[str, Any]:
        out: dict[str, Any] = {"name": field.name, "type": self.type(field.type, namespace)}
        if field.doc is not None:
            out["doc"] = field.doc
        if field.has_default:
            out["default"] = field.default
        if field.order is not None and not (self.normalize and field.order == "ascending"):
            out["order"] = field.order
        if field.aliases:
            out["aliases"] = sorted(field.aliases) if self.normalize else list(field.aliases)
        return {**out, **self.props(field.props)}

    def name(self, fullname: str, namespace: str) -> str:
        return fullname if self.normalize else relative_name(fullname, namespace)

    def props(self, props: Props) -> dict[str, Any]:
        if not self.normalize:
            return dict(props)
        return {key: sorted_keys(value) for key, value in sorted(props, key=lambda prop: prop[0])}


def sorted_keys(value: Any) -> Any:
    """A custom property's value with the keys of every object in it sorted (arrays keep their order), as
    Confluent's normalization writes them."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_keys(item) for item in value]
    return value
