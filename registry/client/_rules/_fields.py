"""Field walks for field rules (CEL_FIELD): each leaf value of a record, with its field's name, type and tags.

A walk returns the record with the visited values replaced, copying only the containers it changes (the
caller's record is never modified). Tags of a field are its inline ones (`"confluent:tags"` in the schema)
and those of the version's `metadata.tags` whose path pattern matches the field's full name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol, Self

from schemata.registry.client._avro_paths import fits
from schemata.registry.client._rules._model import Metadata

INLINE_TAGS = "confluent:tags"

#: The field types a field rule sees (`typeName` in CEL), by Avro type; those in PRIMITIVE get the rule run.
_AVRO_TYPES = {
    "record": "RECORD", "enum": "ENUM", "array": "ARRAY", "map": "MAP", "fixed": "FIXED", "string": "STRING",
    "bytes": "BYTES", "int": "INT", "long": "LONG", "float": "FLOAT", "double": "DOUBLE", "boolean": "BOOLEAN",
    "null": "NULL",
}
PRIMITIVE = frozenset({"STRING", "BYTES", "INT", "LONG", "FLOAT", "DOUBLE", "BOOLEAN", "NULL"})


class Field:
    """The field a value belongs to: full name (`ns.Order.email`), name, type name, tags, containing record;
    `unsigned` for Protobuf's unsigned integers, which CEL sees as uint."""

    __slots__ = ("container", "full_name", "name", "tags", "type_name", "unsigned")

    def __init__(self, full_name: str, name: str, tags: frozenset[str], container: Any) -> None:
        self.full_name = full_name
        self.name = name
        self.tags = tags
        self.container = container
        self.type_name = "NULL"
        self.unsigned = False


class FieldRuleError(Exception):
    """A field rule could not be evaluated on, or its result written to, the field `field` (its full name)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


#: Called with each leaf whose field carries one of the rule's tags (every leaf when the rule has none).
Visit = Callable[[Field, Any], Any]


class MessageView(Protocol):
    """How rules see a format's messages: `plain` gives the value CEL and JSONata read; `walk` visits its fields
    (where `field_rules`); `transforms` says whether a rule's result can be written back as a message;
    `migrated` is the view of the values migration rules run on (Protobuf's are JSON)."""

    field_rules: bool
    transforms: bool

    def plain(self, message: Any) -> Any: ...

    @property
    def migrated(self) -> MessageView: ...

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any: ...


class _PlainValues:
    """Formats whose messages are already plain values (dicts, lists, str, int...): Avro and JSON."""

    field_rules = True
    transforms = True

    @staticmethod
    def plain(message: Any) -> Any:
        return message

    @property
    def migrated(self) -> Self:
        return self


class _Tags:
    """Tags by full field name, inline ones and the metadata's, worked out once per field."""

    def __init__(self, inline: Mapping[str, frozenset[str]], metadata: Metadata) -> None:
        self._inline = inline
        self._metadata = metadata
        self._known: dict[str, frozenset[str]] = {}

    def __call__(self, full_name: str) -> frozenset[str]:
        tags = self._known.get(full_name)
        if tags is None:
            tags = self._known[full_name] = self._inline.get(full_name, frozenset()) | self._metadata.tags_of(
                full_name)
        return tags


class AvroFields(_PlainValues):
    """Walks values of a fastavro-parsed Avro schema (named types in `named`)."""

    def __init__(self, parsed: Any, named: Mapping[str, Any], metadata: Metadata) -> None:
        self._parsed = parsed
        self._named = named
        self._tags = _Tags(_avro_inline_tags(named), metadata)

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        return self._walk(self._parsed, value, None, rule_tags, visit)

    def _walk(self, schema: Any, value: Any, field: Field | None, rule_tags: frozenset[str], visit: Visit) -> Any:
        if isinstance(schema, str) and schema in self._named:
            schema = self._named[schema]
        if isinstance(schema, list):
            return self._walk_union(schema, value, field, rule_tags, visit)
        kind = schema.get("type") if isinstance(schema, dict) else schema
        if kind == "record":
            return self._walk_record(schema, value, rule_tags, visit) if isinstance(value, Mapping) else value
        if kind == "array" and isinstance(value, list):
            return [self._walk(schema["items"], item, field, rule_tags, visit) for item in value]
        if kind == "map" and isinstance(value, Mapping):
            return {key: self._walk(schema["values"], item, field, rule_tags, visit) for key, item in value.items()}
        if field is None or (rule_tags and rule_tags.isdisjoint(field.tags)):
            return value
        field.type_name = _AVRO_TYPES.get(str(kind), "NULL")
        return visit(field, value)

    def _walk_record(self, schema: dict[str, Any], value: Mapping[str, Any], rule_tags: frozenset[str],
                     visit: Visit) -> Any:
        changed: dict[str, Any] | None = None
        for declared in schema["fields"]:
            name = declared["name"]
            if name not in value:
                continue
            full_name = f"{schema['name']}.{name}"
            old = value[name]
            new = self._walk(declared["type"], old, Field(full_name, name, self._tags(full_name), value),
                             rule_tags, visit)
            if new is not old:
                if changed is None:
                    changed = dict(value)
                changed[name] = new
        return value if changed is None else changed

    def _walk_union(self, branches: list[Any], value: Any, field: Field | None, rule_tags: frozenset[str],
                    visit: Visit) -> Any:
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):  # ("ns.Name", value)
            for branch in branches:
                if _avro_name(branch, self._named) == value[0]:
                    return (value[0], self._walk(branch, value[1], field, rule_tags, visit))
            return value
        for branch in branches:
            if fits(value, branch, self._named):
                return self._walk(branch, value, field, rule_tags, visit)
        return value


def _avro_name(schema: Any, named: Mapping[str, Any]) -> str | None:
    if isinstance(schema, str):
        return schema if schema in named else None
    return schema.get("name") if isinstance(schema, dict) else None


def _avro_inline_tags(named: Mapping[str, Any]) -> dict[str, frozenset[str]]:
    """`{"ns.Order.email": {"PII"}}` from the `confluent:tags` of every named record's fields."""
    tags: dict[str, frozenset[str]] = {}
    for full_name, schema in named.items():
        if isinstance(schema, dict) and schema.get("type") == "record":
            for declared in schema["fields"]:
                if declared.get(INLINE_TAGS):
                    tags[f"{full_name}.{declared['name']}"] = frozenset(declared[INLINE_TAGS])
    return tags


#: JSON Schema types as field types; a leaf of these gets the rule run.
_JSON_TYPES = {"string": "STRING", "integer": "INT", "number": "DOUBLE", "boolean": "BOOLEAN", "null": "NULL",
               "array": "ARRAY"}
_JSON_LEAVES = frozenset({"ENUM", "STRING", "INT", "DOUBLE", "BOOLEAN"})
_JSON_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str, "integer": int, "number": (int, float), "boolean": bool, "null": type(None), "array": list,
    "object": dict,
}


def _json_type(schema: Any) -> str:
    """The field type of a JSON schema, as Confluent names it (`const` and `enum` make an ENUM)."""
    if not isinstance(schema, dict):
        return "COMBINED"
    if schema.get("const") is not None or schema.get("enum") is not None:
        return "ENUM"
    kind = schema.get("type")
    if kind == "object" or (kind is None and schema.get("properties") is not None):
        return "RECORD" if schema.get("properties") else "MAP"
    return _JSON_TYPES.get(kind, "NULL") if isinstance(kind, str) else "NULL"


class JsonFields(_PlainValues):
    """Walks values of a JSON schema parsed by compat: properties (full names `$.a.b`), items, `$ref`s
    (within the schema and its references), allOf, and the first oneOf/each anyOf branch the value matches."""

    def __init__(self, parsed: Any, metadata: Metadata) -> None:
        self._parsed = parsed
        self._metadata = metadata
        self._tags: dict[tuple[str, frozenset[str]], frozenset[str]] = {}

    def walk(self, value: Any, rule_tags: frozenset[str], visit: Visit) -> Any:
        return self._walk(self._parsed.document, self._parsed.resolver(), "$", value, None, rule_tags, visit)

    def _walk(self, schema: Any, resolver: Any, path: str, value: Any, field: Field | None,
              rule_tags: frozenset[str], visit: Visit) -> Any:
        if value is None or not isinstance(schema, dict):
            return value
        kinds = schema.get("type")
        if isinstance(kinds, list) and kinds:
            for kind in kinds:
                if kind in _JSON_PYTHON_TYPES and _json_is(value, kind):
                    return self._walk({**schema, "type": kind}, resolver, path, value, field, rule_tags, visit)
        combined = [key for key in ("allOf", "oneOf", "anyOf") if isinstance(schema.get(key), list)]
        if combined:
            key = combined[0]
            for branch in schema[key]:
                branch, branch_resolver = self._resolve(branch, resolver)
                if key == "allOf" or self._matches(branch, value):
                    value = self._walk(branch, branch_resolver, path, value, field, rule_tags, visit)
                    if key == "oneOf":
                        break
            value = self._walk_properties(schema, resolver, path, value, rule_tags, visit)
            items = schema.get("items")
            if items is not None and isinstance(value, list):
                value = [self._walk(items, resolver, path, item, field, rule_tags, visit) for item in value]
            return value
        items = schema.get("items")
        if items is not None and isinstance(value, list):
            return [self._walk(items, resolver, path, item, field, rule_tags, visit) for item in value]
        if isinstance(schema.get("$ref"), str):
            target, target_resolver = self._resolve(schema, resolver)
            return self._walk(target, target_resolver, path, value, field, rule_tags, visit)
        kind = _json_type(schema)
        if kind == "RECORD":
            return self._walk_properties(schema, resolver, path, value, rule_tags, visit)
        if kind not in _JSON_LEAVES or field is None or (rule_tags and rule_tags.isdisjoint(field.tags)):
            return value
        field.type_name = kind
        return visit(field, value)

    def _walk_properties(self, schema: dict[str, Any], resolver: Any, path: str, value: Any,
                         rule_tags: frozenset[str], visit: Visit) -> Any:
        properties = schema.get("properties")
        if not isinstance(properties, dict) or not isinstance(value, Mapping):
            return value
        changed: dict[str, Any] | None = None
        for name, declared in properties.items():
            old = value.get(name)
            if not isinstance(declared, dict) or old is None:
                continue
            full_name = f"{path}.{name}"
            field = Field(full_name, name, self._field_tags(full_name, declared), value)
            new = self._walk(declared, resolver, full_name, old, field, rule_tags, visit)
            if new is not old:
                if changed is None:
                    changed = dict(value)
                changed[name] = new
        return value if changed is None else changed

    def _field_tags(self, full_name: str, declared: dict[str, Any]) -> frozenset[str]:
        inline = frozenset(declared.get(INLINE_TAGS) or ())
        key = (full_name, inline)
        tags = self._tags.get(key)
        if tags is None:
            tags = self._tags[key] = inline | self._metadata.tags_of(full_name)
        return tags

    @staticmethod
    def _resolve(schema: Any, resolver: Any) -> tuple[Any, Any]:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            resolved = resolver.lookup(schema["$ref"])
            return resolved.contents, resolved.resolver
        return schema, resolver

    def _matches(self, branch: Any, value: Any) -> bool:
        return bool(self._parsed.validator().evolve(schema=branch).is_valid(value))


def _json_is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _JSON_PYTHON_TYPES[kind])
