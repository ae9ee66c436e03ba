"""Schema tags, as Confluent's registry keeps them in a schema: lists of strings on its records and fields
(Avro and JSON Schema: `confluent:tags`; Protobuf: the `tags` of Confluent's meta options), added and removed
at an entity path (POST /subjects/{s}/versions/{v}/tags).

Each format finds what an entity path names and writes its tags (`ParsedSchema.retagged`); what the tags
become is the same for all (`new_tags`), as is the edit of a JSON object's (`retag`).
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

    def with_propagated(self, tagged: Mapping[SchemaEntity, tuple[str, ...]]) -> TagChanges:
        """These changes, then the tags of `tagged` (another version's entities) added: a tag both removed here
        and propagated stays (Confluent propagates after making the changes)."""
        add = {entity: (*self.add.get(entity, ()), *tagged.get(entity, ())) for entity in [*self.add, *tagged]}
        remove = {
            entity: tuple(tag for tag in tags if tag not in tagged.get(entity, ()))
            for entity, tags in self.remove.items()
        }
        return TagChanges(add, remove)


class TagPathError(CompatError):
    """An entity path that names nothing in the schema, or names something that cannot carry tags."""

    def __init__(self, entity: SchemaEntity, reason: str = "") -> None:
        self.entity = entity
        detail = f": {reason}" if reason else ""
        super().__init__(f"No matching path '{entity.path}' found in the schema ({entity.kind}){detail}")


class TagsNotSupportedError(CompatError):
    """A schema this engine cannot rewrite with tags (a Protobuf construct its element reader does not model)."""


def new_tags(existing: list[str], entity: SchemaEntity, changes: TagChanges) -> list[str]:
    """The tags of `entity` after `changes`: its own, then those added, less those removed, each once."""
    removed = set(changes.remove.get(entity, ()))
    return [tag for tag in dict.fromkeys([*existing, *changes.add.get(entity, ())]) if tag not in removed]


def json_tags(node: Any) -> tuple[str, ...]:
    """The tags a JSON object carries under `confluent:tags` (none unless an array of strings)."""
    tags = node.get(TAGS_KEY) if isinstance(node, dict) else None
    return tuple(tags) if isinstance(tags, list) and all(isinstance(tag, str) for tag in tags) else ()


def retag(node: dict[str, Any], entity: SchemaEntity, changes: TagChanges) -> None:
    """Rewrite the tags of `node` (the JSON object `entity` names) in place (see `new_tags`); no key at all
    when none is left."""
    existing = node.get(TAGS_KEY, [])
    if not isinstance(existing, list) or not all(isinstance(tag, str) for tag in existing):
        raise TagPathError(entity, f"its '{TAGS_KEY}' is not an array of strings")
    tags = new_tags(existing, entity, changes)
    if tags:
        node[TAGS_KEY] = tags
    else:
        node.pop(TAGS_KEY, None)
