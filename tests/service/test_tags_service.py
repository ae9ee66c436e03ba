"""The tags service called directly (no HTTP, a temporary SQLite store): rulesToMerge / rulesToRemove, and a
tags request in IMPORT mode, where `newVersion` may be any free number."""

from __future__ import annotations

import json

import orjson

from schemata.compat.tags import EntityType, SchemaEntity, TagChanges
from schemata.registry.domain import Mode, SchemaRequest
from schemata.registry.service import Registry
from schemata.registry.service.tags import TagRequest

SCHEMA = json.dumps({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})
TAG_A = TagChanges({SchemaEntity("R.a", EntityType.FIELD): ("PII",)})


def rule(name: str) -> dict[str, str]:
    return {"name": name, "kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "true"}


def rules(registry: Registry, subject: str, version: int) -> list[str]:
    found = registry.queries.version(subject, version, deleted=False)
    return [r["name"] for r in orjson.loads(found.rule_set or "{}").get("domainRules", [])]


def test_removing_every_rule_leaves_an_empty_rule_set_not_the_inherited_one(registry_service: Registry) -> None:
    rule_set = orjson.dumps({"domainRules": [rule("x")]}).decode()
    registry_service.registration.register("s", SchemaRequest(SCHEMA, rule_set=rule_set), normalize=False)
    registry_service.tags.tag_version("s", 1, TagRequest(TAG_A, rules_to_remove=("x",)))
    assert rules(registry_service, "s", 2) == []


def test_rules_to_merge_start_from_the_version_before_new_version(registry_service: Registry) -> None:
    """In IMPORT mode `newVersion` may skip numbers: the rules merged into are those of newVersion - 1."""
    register, tags = registry_service.registration.register, registry_service.tags
    register("s", SchemaRequest(SCHEMA, rule_set=orjson.dumps({"domainRules": [rule("one")]}).decode()),
             normalize=False)
    with registry_service.ctx.storage.write() as txn:
        txn.set_mode("s", Mode.IMPORT)
    merge = orjson.dumps({"domainRules": [rule("two")]}).decode()
    tags.tag_version("s", 1, TagRequest(TAG_A, new_version=2, rules_to_merge=merge))
    assert rules(registry_service, "s", 2) == ["one", "two"]
    merge = orjson.dumps({"domainRules": [rule("three")]}).decode()
    tags.tag_version("s", 1, TagRequest(TagChanges(), new_version=5, rules_to_merge=merge))
    assert rules(registry_service, "s", 5) == ["three"]  # version 4 does not exist: nothing to merge into
    found = registry_service.queries.version("s", 5, deleted=False)
    assert orjson.loads(found.metadata or "{}")["properties"]["confluent:version"] == "5"
    tags.tag_version("s", 1, TagRequest(TAG_A))
    found = registry_service.queries.version("s", "latest", deleted=False)
    assert found.version == 6 and orjson.loads(found.metadata or "{}")["properties"]["confluent:version"] == "6"
