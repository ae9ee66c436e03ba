"""Schema tags on an Avro schema: the `confluent:tags` property of its records and fields.

An entity path is a record's full name (`com.acme.Order`) or a field's (`com.acme.Order.total`); a record
name without a namespace finds the first record of that name, breadth first, in any namespace (as
Confluent's registry looks it up).
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from schemata.compat.avro.names import definition_name
from schemata.compat.tags import EntityType, SchemaEntity, TagChanges, TagPathError, json_tags, retag

_RECORD_KINDS = frozenset({"record", "error"})


def retagged_text(canonical: str, changes: TagChanges) -> str:
    """`canonical` (an Avro schema's stored text) with `changes` made to the tags of its records and fields."""
    document = json.loads(canonical)
    records = _records(document)
    for entity in changes.entities():
        retag(_find(records, entity), entity, changes)
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def tagged_entities(canonical: str) -> dict[SchemaEntity, tuple[str, ...]]:
    """The records and fields of `canonical` that carry tags, by full name."""
    found: dict[SchemaEntity, tuple[str, ...]] = {}
    for name, record in _records(json.loads(canonical)).items():
        nodes = [(SchemaEntity(name, EntityType.RECORD), record)]
        nodes += [(SchemaEntity(f"{name}.{item['name']}", EntityType.FIELD), item) for item in record["fields"]]
        found.update((entity, tags) for entity, node in nodes if (tags := json_tags(node)))
    return found


def _records(document: Any) -> dict[str, dict[str, Any]]:
    """The record definitions of the schema by full name, breadth first (each named type of a stored schema
    is defined once, at its first use; references are names and are not followed)."""
    records: dict[str, dict[str, Any]] = {}
    queue: deque[tuple[Any, str]] = deque([(document, "")])
    while queue:
        node, namespace = queue.popleft()
        if isinstance(node, list):  # a union
            queue.extend((branch, namespace) for branch in node)
            continue
        if not isinstance(node, dict):
            continue  # a primitive or a reference by name
        kind = node.get("type")
        if kind in _RECORD_KINDS:
            fullname = definition_name(node["name"], node.get("namespace"), namespace)
            records.setdefault(fullname, node)
            inner = fullname.rpartition(".")[0]
            queue.extend((item["type"], inner) for item in node["fields"])
        elif kind == "array":
            queue.append((node["items"], namespace))
        elif kind == "map":
            queue.append((node["values"], namespace))
        elif isinstance(kind, dict | list):  # {"type": {...}}: a type written inside a type
            queue.append((kind, namespace))
    return records


def _find(records: dict[str, dict[str, Any]], entity: SchemaEntity) -> dict[str, Any]:
    """The JSON object of the record or field `entity` names."""
    record_path, field_name = entity.path, None
    if entity.kind is EntityType.FIELD:
        record_path, _, field_name = entity.path.rpartition(".")
    record = _record(records, record_path)
    if record is None:
        raise TagPathError(entity)
    if field_name is None:
        return record
    fields: list[dict[str, Any]] = record["fields"]
    for item in fields:
        if item["name"] == field_name:
            return item
    raise TagPathError(entity, f"record '{record_path}' has no field '{field_name}'")


def _record(records: dict[str, dict[str, Any]], path: str) -> dict[str, Any] | None:
    if path in records:
        return records[path]
    if not path or "." in path:
        return None
    return next((node for name, node in records.items() if name.rpartition(".")[2] == path), None)
