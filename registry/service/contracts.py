"""Data-contract parts of a schema: `metadata` and `ruleSet`, validated and kept as canonical JSON."""

from __future__ import annotations

from typing import Any

import orjson

from schemata.registry.errors import InvalidRequest, InvalidRuleSet

RULE_KINDS = frozenset({"CONDITION", "TRANSFORM"})
RULE_MODES = frozenset({"UPGRADE", "DOWNGRADE", "UPDOWN", "WRITE", "READ", "WRITEREAD"})
RULE_LISTS = ("migrationRules", "domainRules", "encodingRules")


def canonical_json(value: dict[str, Any] | None) -> str | None:
    """Sorted-key compact JSON, so equal contracts compare and de-duplicate equal.

    Empty parts are left out: confluent-kafka sends `"sensitive": []` and three empty rule lists where
    nothing was given, and must find the version registered without them (as Confluent's registry does).
    """
    if value is None:
        return None
    present = {key: part for key, part in value.items() if part not in ([], {}, None)}
    return orjson.dumps(present, option=orjson.OPT_SORT_KEYS).decode()


def metadata_properties(metadata: str | None) -> dict[str, str]:
    """The `properties` of stored metadata (canonical JSON, or None)."""
    return (orjson.loads(metadata).get("properties") if metadata else None) or {}


def check_metadata(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidRequest("'metadata' must be an object such as {\"properties\": {...}}")
    properties = value.get("properties")
    if properties is not None and not (
        isinstance(properties, dict) and all(isinstance(v, str) for v in properties.values())
    ):
        raise InvalidRequest("'metadata.properties' must map names to strings")
    return value


def check_rule_set(value: object) -> dict[str, Any] | None:
    """The rule set if valid; 42210 naming the offending rule otherwise."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidRuleSet("'ruleSet' must be an object with migrationRules, domainRules or encodingRules")
    names: set[str] = set()
    for group in RULE_LISTS:
        rules = value.get(group) or []
        if not isinstance(rules, list):
            raise InvalidRuleSet(f"ruleSet.{group} must be a list")
        for index, rule in enumerate(rules):
            where = f"ruleSet.{group}[{index}]"
            if not isinstance(rule, dict):
                raise InvalidRuleSet(f"{where} must be an object")
            name = rule.get("name")
            if not isinstance(name, str) or not name:
                raise InvalidRuleSet(f"{where} has no name")
            if name in names:
                raise InvalidRuleSet(f"{where}: duplicate rule name '{name}'")
            names.add(name)
            if str(rule.get("kind", "")).upper() not in RULE_KINDS:
                raise InvalidRuleSet(f"{where} ('{name}'): kind must be CONDITION or TRANSFORM")
            if str(rule.get("mode", "")).upper() not in RULE_MODES:
                raise InvalidRuleSet(f"{where} ('{name}'): mode must be one of {sorted(RULE_MODES)}")
    return value
