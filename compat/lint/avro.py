"""The lint view of an Avro schema: its record and enum definitions, walked in the order they are written.

Paths are JSON pointers into the schema text (`/fields/2/type/items`). A named type is viewed where it is
defined; a name that refers to a type defined in a reference is not this schema's to lint.
"""

from __future__ import annotations

from typing import Any

from schemata.compat.avro.format import AvroSchema
from schemata.compat.avro.model import Array, AvroType, Enum, Field, Fixed, Map, Primitive, Record, Union
from schemata.compat.jsontext import load_json
from schemata.compat.lint.view import EnumView, FieldView, RecordView, SchemaView
from schemata.compat.schema import ParsedSchema

_KIND = {
    "string": "string", "int": "integer", "long": "integer", "float": "float", "double": "float",
    "boolean": "boolean", "bytes": "bytes", "null": "other",
}
_TIMESTAMPS = frozenset({
    "timestamp-millis", "timestamp-micros", "timestamp-nanos",
    "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos",
})


def view(schema: ParsedSchema, text: str) -> SchemaView:
    assert isinstance(schema, AvroSchema)
    walker = _Walker(load_json(text))
    walker.walk(schema.root, "")
    root = walker.records[0] if walker.records and isinstance(schema.root, Record) else None
    return SchemaView(tuple(walker.records), tuple(walker.enums), root)


def kind_of(node: AvroType) -> tuple[str, bool]:
    """What a field of type `node` holds, and whether it may be null."""
    if isinstance(node, Union):
        others = [branch for branch in node.branches if not (isinstance(branch, Primitive) and branch.name == "null")]
        optional = len(others) < len(node.branches)
        return (kind_of(others[0])[0] if len(others) == 1 else "other"), optional
    if isinstance(node, Record | Enum | Array | Map):
        return node.kind, False
    logical = dict(node.props).get("logicalType")
    if logical == "decimal":
        return "decimal", False
    if isinstance(node, Fixed):
        return "bytes", False
    if logical in _TIMESTAMPS:
        return "timestamp", False
    if node.name == "string" and logical not in (None, "uuid"):
        return "formatted", False
    return _KIND[node.name], False


class _Walker:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.records: list[RecordView] = []
        self.enums: list[EnumView] = []
        self._seen: set[int] = set()

    def walk(self, node: AvroType, path: str) -> None:
        if isinstance(node, Record | Enum | Fixed):
            if id(node) in self._seen or isinstance(self._at(path), str):  # a use of a name, not its definition
                return
            self._seen.add(id(node))
        if isinstance(node, Record):
            self.records.append(RecordView(
                node.short_name, path, f"{path}/name", node.doc,
                tuple(self._field(each, f"{path}/fields/{i}") for i, each in enumerate(node.fields)), node,
            ))
            for i, each in enumerate(node.fields):
                self.walk(each.type, f"{path}/fields/{i}/type")
        elif isinstance(node, Enum):
            symbols = tuple((symbol, f"{path}/symbols/{i}") for i, symbol in enumerate(node.symbols))
            self.enums.append(EnumView(node.short_name, path, f"{path}/name", symbols, node))
        elif isinstance(node, Array):
            self.walk(node.items, f"{path}/items")
        elif isinstance(node, Map):
            self.walk(node.values, f"{path}/values")
        elif isinstance(node, Union):
            for i, branch in enumerate(node.branches):
                self.walk(branch, f"{path}/{i}")

    @staticmethod
    def _field(node: Field, path: str) -> FieldView:
        kind, optional = kind_of(node.type)
        return FieldView(node.name, path, node.doc, kind, optional, node)

    def _at(self, path: str) -> Any:
        """The JSON value at `path` in the schema text (None if there is none)."""
        value = self.document
        for step in path.split("/")[1:]:
            if isinstance(value, dict):
                value = value.get(step)
            elif isinstance(value, list) and step.isdigit() and int(step) < len(value):
                value = value[int(step)]
            else:
                return None
        return value
