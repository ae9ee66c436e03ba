"""The lint view of a JSON Schema: every object schema with properties (or `type: object`) is a record, its
properties the fields; walked through properties, items, additionalProperties, definitions and combinators.

Paths are JSON pointers with a leading `#` (`#/properties/address/properties/city`). A local `$ref`
(`#/...`) is followed to tell what a property holds; nothing else is resolved.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.jsonschema.schema import JsonSchema
from schemata.compat.lint.view import FieldView, RecordView, SchemaView
from schemata.compat.schema import ParsedSchema

_SCALARS = {"integer": "integer", "number": "float", "boolean": "boolean", "array": "array"}
_MAX_REFS = 16
_CHILD_MAPS = ("properties", "$defs", "definitions", "patternProperties", "dependentSchemas")
_CHILD_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_CHILD_SCHEMAS = ("items", "additionalProperties", "additionalItems", "contains", "not", "if", "then", "else",
                  "unevaluatedProperties", "unevaluatedItems", "propertyNames")


def view(schema: ParsedSchema, text: str) -> SchemaView:
    assert isinstance(schema, JsonSchema)
    document = schema.document
    records = [
        _record(node, path, document) for node, path in _schemas(document, "#") if is_object_schema(node)
    ]
    root = records[0] if records and records[0].path == "#" else None
    return SchemaView(tuple(records), (), root)


def is_object_schema(node: Any) -> bool:
    """An object schema: `type: object` (alone or in a list of types) or one with `properties`."""
    if not isinstance(node, dict):
        return False
    declared = node.get("type")
    return "properties" in node or declared == "object" or (isinstance(declared, list) and "object" in declared)


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _schemas(document: Any, root: str) -> Iterator[tuple[Any, str]]:
    """Every subschema of `document`, outer first and in document order, with its path (a stack, not
    recursion: nesting depth is the schema author's to choose)."""
    stack = [(document, root)]
    while stack:
        node, path = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node, path
        children: list[tuple[Any, str]] = []
        for key in _CHILD_MAPS:
            members = node.get(key)
            if isinstance(members, dict):
                children.extend((child, f"{path}/{escape(key)}/{escape(name)}") for name, child in members.items())
        for key in (*_CHILD_LISTS, "items"):
            members = node.get(key)
            if isinstance(members, list):
                children.extend((child, f"{path}/{key}/{index}") for index, child in enumerate(members))
        children.extend((node.get(key), f"{path}/{key}") for key in _CHILD_SCHEMAS)
        stack.extend(reversed(children))


def _record(node: dict[str, Any], path: str, document: Any) -> RecordView:
    properties = node.get("properties")
    required = node.get("required")
    required = set(required) if isinstance(required, list) else set()
    fields = tuple(
        _field(name, child, f"{path}/properties/{escape(name)}", name not in required, document)
        for name, child in (properties.items() if isinstance(properties, dict) else ())
    )
    title = node.get("title")
    name = title if isinstance(title, str) else None
    return RecordView(name, path, f"{path}/title" if name else path, _doc(node), fields, node)


def _field(name: str, node: Any, path: str, optional: bool, document: Any) -> FieldView:
    target = _resolve(node, document)
    doc = _doc(node) or _doc(target)
    return FieldView(name, path, doc, kind_of(target), optional, node)


def _doc(node: Any) -> str | None:
    description = node.get("description") if isinstance(node, dict) else None
    return description if isinstance(description, str) and description.strip() else None


def _resolve(node: Any, document: Any) -> Any:
    """`node`, or what its local `$ref` chain points at (as is if the chain leaves the document or loops)."""
    for _ in range(_MAX_REFS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#") or set(node) - {"$ref", "description", "title"}:
            return node
        target: Any = document
        for step in (s.replace("~1", "/").replace("~0", "~") for s in ref[1:].split("/") if s):
            target = target.get(step) if isinstance(target, dict) else None
        if target is None:
            return node
        node = target
    return node


def kind_of(node: Any) -> str:
    """What values a property schema allows, as a view kind."""
    if node is True or node == {}:
        return "any"
    if not isinstance(node, dict):
        return "other"
    if "enum" in node or "const" in node:
        return "enum"
    declared = node.get("type")
    if isinstance(declared, list):
        others = [t for t in declared if t != "null"]
        declared = others[0] if len(others) == 1 else None
    if declared == "string":
        fmt = node.get("format")
        return "timestamp" if fmt == "date-time" else "formatted" if fmt is not None else "string"
    if is_object_schema(node) or declared == "object":
        if node.get("properties"):
            return "record"
        return "map" if node.get("additionalProperties", True) is not False or "patternProperties" in node else "record"
    if declared in _SCALARS:
        return _SCALARS[declared]
    if declared is None and not set(node) & {"$ref", "allOf", "anyOf", "oneOf", "not", "if", "type"}:
        return "any"
    return "other"
