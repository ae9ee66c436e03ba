"""Schema tags on a JSON schema: the `confluent:tags` keyword of its objects and properties.

An entity path, as Confluent's registry reads it, walks the schema from its root, a step per dotted
segment: `object` then a property name (or `definitions`/`$defs` then a definition name; a name may itself
hold dots), `array` into `items`, `not` into `not`. `object` alone names the root object (sr_record);
`object.address.object.street` names the `street` property of the object at property `address`.
The combinator steps of Confluent's paths (`anyof`, `allof`, `oneof`, with a sub-schema index) are refused:
Confluent numbers the sub-schemas in an order of its own.
"""

from __future__ import annotations

import json
from collections import deque
from typing import Any

from schemata.compat.tags import EntityType, SchemaEntity, TagChanges, TagPathError, json_tags, retag

_DEFINITIONS = ("definitions", "$defs")
_COMBINATORS = frozenset({"anyof", "allof", "oneof"})


def retagged_text(canonical: str, changes: TagChanges) -> str:
    """`canonical` (a JSON schema's stored text) with `changes` made to the tags of its objects and properties."""
    document = json.loads(canonical)
    for entity in changes.entities():
        retag(_find(document, entity), entity, changes)
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False)


def tagged_entities(canonical: str) -> dict[SchemaEntity, tuple[str, ...]]:
    """The schemas of `canonical` that carry tags, each by the path `_find` reads: the root as the record
    `object`, any other as the field its steps lead to (`object.address.object.street`, `object.tags.array`)."""
    found: dict[SchemaEntity, tuple[str, ...]] = {}
    stack: list[tuple[Any, str]] = [(json.loads(canonical), "")]
    while stack:
        node, at = stack.pop()
        if not isinstance(node, dict):
            continue
        if tags := json_tags(node):
            found[SchemaEntity(at, EntityType.FIELD) if at else SchemaEntity("object", EntityType.RECORD)] = tags
        prefix = f"{at}." if at else ""
        for container, steps in (("properties", "object"), *((key, f"object.{key}") for key in _DEFINITIONS)):
            members = node.get(container)
            if isinstance(members, dict):
                stack.extend((member, f"{prefix}{steps}.{name}") for name, member in members.items())
        stack.extend((node.get(key), f"{prefix}{step}") for key, step in (("items", "array"), ("not", "not")))
    return found


def _find(document: Any, entity: SchemaEntity) -> dict[str, Any]:
    """The schema object `entity` names."""
    steps = deque(entity.path.split("."))
    node = document
    while steps:
        step = steps.popleft()
        if not isinstance(node, dict):
            break
        if step == "object":
            if not steps:
                if entity.kind is EntityType.RECORD:
                    return node
                break
            container = node.get(steps.popleft()) if steps[0] in _DEFINITIONS else node.get("properties")
            node = _member(container, steps)
        elif step == "array":
            node = node.get("items")
        elif step == "not":
            node = node.get("not")
        elif step in _COMBINATORS:
            raise TagPathError(entity, f"the '{step}' step is not supported by this registry")
        else:
            raise TagPathError(entity, f"unknown step '{step}' (expected object, array or not)")
    else:
        if isinstance(node, dict):
            return node
    raise TagPathError(entity)


def _member(container: Any, steps: deque[str]) -> Any:
    """The member of `container` (properties or definitions) the next steps name: the shortest run of steps
    that, joined by dots, is a member's name. None when there is none."""
    if not isinstance(container, dict) or not steps:
        return None
    name = steps.popleft()
    while name not in container and steps:
        name = f"{name}.{steps.popleft()}"
    return container.get(name)
