"""Schema tags, as Confluent's registry keeps them: lists of strings under `confluent:tags` on a schema's
records and fields, added and removed at an entity path (POST /subjects/{s}/versions/{v}/tags).

Each format finds the JSON object an entity path names (`ParsedSchema.retagged`); the edit of that object's
tags is the same for all, here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from schemata.compat.errors import CompatError

#: The key of the tags in a schema's JSON (an Avro property, a JSON Schema keyword).
TAGS_KEY = "confluent:tags"


class EntityType(StrEnum):
    """What an entity path names: a record (Avro record, JSON Schema object) or one of its fields."""

    RECORD = "sr_record"
    FIELD = "sr_field"


@dataclass(frozen=True, slots=True)
class SchemaEntity:
    """A record or field of a schema, by its dotted path (Avro: `namespace.Record[.field]`; JSON Schema:
    `object.property[.object.property...]`)."""

    path: str
    kind: EntityType


@dataclass(frozen=True)
class TagChanges:
    """Tags to add to and remove from entities: each entity's tags become its own plus `add`, minus `remove`."""

    add: Mapping[SchemaEntity, tuple[str, ...]] = field(default_factory=dict)
    remove: Mapping[SchemaEntity, tuple[str, ...]] = field(default_factory=dict)

    def entities(self) -> list[SchemaEntity]:
        """Every entity named, those with tags to add first, each once."""
        return list(dict.fromkeys([*self.add, *self.remove]))


class TagPathError(CompatError):
    """An entity path that names nothing in the schema, or names something that cannot carry tags."""

    def __init__(self, entity: SchemaEntity, reason: str = "") -> None:
        self.entity = entity
        detail = f": {reason}" if reason else ""
        super().__init__(f"No matching path '{entity.path}' found in the schema ({entity.kind}){detail}")


class TagsNotSupportedError(CompatError):
    """A format whose schemas this engine cannot tag."""


def retag(node: dict[str, Any], entity: SchemaEntity, changes: TagChanges) -> None:
    """Rewrite the tags of `node` (the JSON object `entity` names) in place: its own, then those added, less
    those removed, in that order and each once; no key at all when none is left."""
    existing = node.get(TAGS_KEY, [])
    if not isinstance(existing, list) or not all(isinstance(tag, str) for tag in existing):
        raise TagPathError(entity, f"its '{TAGS_KEY}' is not an array of strings")
    removed = set(changes.remove.get(entity, ()))
    tags = [tag for tag in dict.fromkeys([*existing, *changes.add.get(entity, ())]) if tag not in removed]
    if tags:
        node[TAGS_KEY] = tags
    else:
        node.pop(TAGS_KEY, None)
