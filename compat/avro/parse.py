"""Avro schema JSON to the typed graph of `schemata.compat.avro.model`, validating as it goes.

Every error is a `SchemaParseError` whose location is a JSON pointer into the schema (`/fields/2/type`).
Referenced schemas are loaded first, in the order given, into one table of named types that the main
schema then sees (Confluent semantics: a reference's name is the full name of the type it defines).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import floor, log10
from typing import Any

from schemata.compat.avro.defaults import default_error
from schemata.compat.avro.model import (
    NO_DEFAULT,
    PRIMITIVE_NAMES,
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
from schemata.compat.avro.names import definition_name, is_full_name, is_simple_name, qualify, reference_candidates
from schemata.compat.errors import SchemaParseError
from schemata.compat.jsontext import load_json
from schemata.compat.schema import Dependency

_NAMED_KEYS = frozenset({"type", "name", "namespace", "aliases", "doc"})
#: The attributes Java Avro reserves: on a primitive, array or map they are dropped, not kept as properties
#: (so `{"type": "int", "name": "x"}` is the schema `"int"`).
_RESERVED_KEYS = _NAMED_KEYS | {"fields", "items", "size", "symbols", "values"}
_OWN_KEYS = {
    "record": _NAMED_KEYS | {"fields"},
    "enum": _NAMED_KEYS | {"symbols", "default"},
    "fixed": _NAMED_KEYS | {"size"},
    "array": _RESERVED_KEYS,
    "map": _RESERVED_KEYS,
}
_FIELD_KEYS = frozenset({"name", "type", "default", "aliases", "doc", "order"})
_ORDERS = ("ascending", "descending", "ignore")
#: Most branches of one union: the check compares unions branch against branch.
MAX_UNION_BRANCHES = 1_000


@dataclass(frozen=True, slots=True)
class LoadedSchema:
    """A parsed main schema, and the names its references brought into scope (written by name, not inline)."""

    root: AvroType
    imported: frozenset[str]


def load(text: str, dependencies: Sequence[Dependency] = ()) -> LoadedSchema:
    """Parse `text` with the named types of `dependencies` in scope."""
    scope: dict[str, NamedType] = {}
    loaded: set[str] = set()
    for dependency in dependencies:
        if dependency.name in loaded:
            continue  # a diamond of references lists a shared schema more than once
        loaded.add(dependency.name)
        if dependency.schema_type.upper() != "AVRO":
            raise SchemaParseError(f"reference '{dependency.name}' is {dependency.schema_type}, not AVRO")
        try:
            _Builder(scope).build(load_json(dependency.text))
        except SchemaParseError as error:
            raise SchemaParseError(
                f"in reference '{dependency.name}': {error.reason}", location=error.location
            ) from None
    imported = frozenset(scope)
    return LoadedSchema(_Builder(scope).build(load_json(text)), imported)


class _Builder:
    """One pass over one schema's JSON; named types go into the shared `scope`."""

    def __init__(self, scope: dict[str, NamedType]) -> None:
        self.scope = scope
        #: Field defaults, checked once every type is complete (a default may hold an enclosing record).
        self.defaults: list[tuple[Field, str]] = []

    def build(self, data: Any) -> AvroType:
        root = self.type(data, "", "")
        for field, at in self.defaults:
            error = default_error(field.type, field.default)
            if error is not None:
                raise SchemaParseError(f"Invalid default for field '{field.name}': {error}", location=at)
        return root

    def type(self, data: Any, namespace: str, at: str) -> AvroType:
        if isinstance(data, str):
            return Primitive(data) if data in PRIMITIVE_NAMES else self.reference(data, namespace, at)
        if isinstance(data, list):
            return self.union(data, namespace, at)
        if isinstance(data, dict):
            return self.object(data, namespace, at)
        raise _error(f"a schema is a JSON string, object or array, not {_json_kind(data)}", at)

    def reference(self, name: str, namespace: str, at: str) -> NamedType:
        for candidate in reference_candidates(name, namespace):
            if candidate in self.scope:
                return self.scope[candidate]
        raise _error(f"unknown type '{name}'", at)

    def union(self, data: list[Any], namespace: str, at: str) -> Union:
        if len(data) > MAX_UNION_BRANCHES:
            raise _error(f"a union has {len(data)} branches; the limit is {MAX_UNION_BRANCHES}", at)
        branches: list[AvroType] = []
        seen: set[str] = set()
        for i, item in enumerate(data):
            branch = self.type(item, namespace, f"{at}/{i}")
            if isinstance(branch, Union):
                raise _error("a union may not directly contain another union", f"{at}/{i}")
            key = getattr(branch, "fullname", branch.kind)
            if key in seen:
                raise _error(f"duplicate {key} in union", f"{at}/{i}")
            seen.add(key)
            branches.append(branch)
        return Union(tuple(branches))

    def object(self, data: dict[str, Any], namespace: str, at: str) -> AvroType:
        if "type" not in data:
            raise _error('missing "type"', at)
        kind = data["type"]
        if not isinstance(kind, str):
            raise _error('"type" must be a string naming a type', f"{at}/type")
        if kind in PRIMITIVE_NAMES:
            props = _props(data, _RESERVED_KEYS)
            _check_decimal(props, None, at)
            return Primitive(kind, props)
        if kind == "array":
            return Array(
                self.type(_required(data, "items", at), namespace, f"{at}/items"), _props(data, _OWN_KEYS[kind])
            )
        if kind == "map":
            return Map(
                self.type(_required(data, "values", at), namespace, f"{at}/values"), _props(data, _OWN_KEYS[kind])
            )
        if kind in ("record", "error"):
            return self.record(data, namespace, at)
        if kind == "enum":
            return self.define(self.enum(data, namespace, at), at)
        if kind == "fixed":
            return self.define(self.fixed(data, namespace, at), at)
        return self.reference(kind, namespace, f"{at}/type")

    def define(self, node: NamedType, at: str) -> NamedType:
        if node.fullname in self.scope:
            raise _error(f"redefined named type '{node.fullname}'", f"{at}/name")
        self.scope[node.fullname] = node
        return node

    def record(self, data: dict[str, Any], namespace: str, at: str) -> Record:
        fullname = _fullname(data, namespace, at)
        node = Record(
            fullname,
            _aliases(data, fullname, at),
            _doc(data, at),
            _props(data, _OWN_KEYS["record"]),
            type_name=data["type"],
        )
        self.define(node, at)
        raw_fields = _required(data, "fields", at)
        if not isinstance(raw_fields, list):
            raise _error('"fields" must be an array', f"{at}/fields")
        fields = [self.field(raw, node.namespace, f"{at}/fields/{i}") for i, raw in enumerate(raw_fields)]
        duplicate = _first_duplicate([field.name for field in fields])
        if duplicate is not None:
            raise _error(
                f"duplicate field '{fields[duplicate].name}' in record '{fullname}'", f"{at}/fields/{duplicate}/name"
            )
        node.fields = tuple(fields)
        return node

    def field(self, data: Any, namespace: str, at: str) -> Field:
        if not isinstance(data, dict):
            raise _error(f"a record field is a JSON object, not {_json_kind(data)}", at)
        name = _required(data, "name", at)
        if not is_simple_name(name):
            raise _error(f"invalid field name {name!r}", f"{at}/name")
        order = data.get("order")
        if order is not None and order not in _ORDERS:
            raise _error(f"field order must be one of {', '.join(_ORDERS)}, not {order!r}", f"{at}/order")
        aliases = data.get("aliases", [])
        if not isinstance(aliases, list) or not all(is_simple_name(alias) for alias in aliases):
            raise _error("field aliases must be an array of simple names", f"{at}/aliases")
        field = Field(
            name,
            self.type(_required(data, "type", at), namespace, f"{at}/type"),
            data.get("default", NO_DEFAULT),
            tuple(aliases),
            _doc(data, at),
            order,
            _props(data, _FIELD_KEYS),
        )
        if field.has_default:
            self.defaults.append((field, f"{at}/default"))
        return field

    def enum(self, data: dict[str, Any], namespace: str, at: str) -> Enum:
        fullname = _fullname(data, namespace, at)
        symbols = _required(data, "symbols", at)
        if not isinstance(symbols, list):
            raise _error('"symbols" must be an array', f"{at}/symbols")
        for i, symbol in enumerate(symbols):
            if not is_simple_name(symbol):
                raise _error(f"invalid enum symbol {symbol!r}", f"{at}/symbols/{i}")
        duplicate = _first_duplicate(symbols)
        if duplicate is not None:
            raise _error(f"duplicate enum symbol '{symbols[duplicate]}'", f"{at}/symbols/{duplicate}")
        default = data.get("default")
        if default is not None and default not in symbols:
            raise _error(f"enum default {default!r} is not one of the symbols", f"{at}/default")
        return Enum(
            fullname,
            _aliases(data, fullname, at),
            _doc(data, at),
            _props(data, _OWN_KEYS["enum"]),
            tuple(symbols),
            default,
        )

    def fixed(self, data: dict[str, Any], namespace: str, at: str) -> Fixed:
        fullname = _fullname(data, namespace, at)
        size = _required(data, "size", at)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise _error(f"fixed size must be a non-negative integer, not {size!r}", f"{at}/size")
        props = _props(data, _OWN_KEYS["fixed"])
        _check_decimal(props, size, at)
        return Fixed(fullname, _aliases(data, fullname, at), _doc(data, at), props, size)


def _fullname(data: dict[str, Any], namespace: str, at: str) -> str:
    name = _required(data, "name", at)
    if not is_full_name(name):
        raise _error(f"invalid name {name!r}", f"{at}/name")
    own = data.get("namespace")
    if own is not None and own != "" and not is_full_name(own):
        raise _error(f"invalid namespace {own!r}", f"{at}/namespace")
    fullname = definition_name(name, own, namespace)
    if fullname in PRIMITIVE_NAMES:
        raise _error(f"a named type may not be called '{fullname}'", f"{at}/name")
    return fullname


def _aliases(data: dict[str, Any], fullname: str, at: str) -> tuple[str, ...]:
    """Type aliases, made full names relative to the type's own namespace (as Java Avro does)."""
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(is_full_name(alias) for alias in aliases):
        raise _error("aliases must be an array of names", f"{at}/aliases")
    namespace = fullname.rpartition(".")[0]
    return tuple(qualify(alias, namespace) for alias in aliases)


def _doc(data: dict[str, Any], at: str) -> str | None:
    doc = data.get("doc")
    if doc is not None and not isinstance(doc, str):
        raise _error('"doc" must be a string', f"{at}/doc")
    return doc


def _props(data: dict[str, Any], own: frozenset[str] | set[str]) -> Props:
    return tuple((key, value) for key, value in data.items() if key not in own)


def _check_decimal(props: Props, fixed_size: int | None, at: str) -> None:
    """A decimal's precision and scale must make sense (fastavro, and so our serializer, refuses otherwise)."""
    attributes = dict(props)
    if attributes.get("logicalType") != "decimal":
        return
    precision, scale = attributes.get("precision"), attributes.get("scale", 0)
    if not isinstance(precision, int) or isinstance(precision, bool) or precision <= 0:
        raise _error(f"decimal precision must be a positive integer, not {precision!r}", f"{at}/precision")
    if not isinstance(scale, int) or isinstance(scale, bool) or not 0 <= scale <= precision:
        raise _error(f"decimal scale must be an integer from 0 to the precision, not {scale!r}", f"{at}/scale")
    if fixed_size is not None and precision > floor(log10(2) * (8 * fixed_size - 1)):
        raise _error(f"decimal precision {precision} does not fit in {fixed_size} bytes", f"{at}/precision")


def _first_duplicate(names: list[str]) -> int | None:
    """The index of the first name that repeats an earlier one."""
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            return index
        seen.add(name)
    return None


def _required(data: dict[str, Any], key: str, at: str) -> Any:
    if key not in data:
        raise _error(f'missing "{key}"', at)
    return data[key]


def _json_kind(value: Any) -> str:
    kinds = {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }
    return kinds.get(type(value), "null")


def _error(reason: str, at: str) -> SchemaParseError:
    return SchemaParseError(reason, location=at or "/")
