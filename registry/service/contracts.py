"""Data-contract parts of a schema: `metadata` and `ruleSet`, validated and kept as canonical JSON."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import orjson

from schemata.registry.domain import ConfigRecord, SchemaRecord, SchemaRequest
from schemata.registry.errors import InvalidRequest, InvalidRuleSet

RULE_KINDS = frozenset({"CONDITION", "TRANSFORM"})
RULE_MODES = frozenset({"UPGRADE", "DOWNGRADE", "UPDOWN", "WRITE", "READ", "WRITEREAD"})
RULE_LISTS = ("migrationRules", "domainRules", "encodingRules")
#: The metadata property that Confluent's registry keeps equal to the number of the version carrying it.
CONFLUENT_VERSION = "confluent:version"


def canonical_json(value: dict[str, Any] | None, *, drop_empty: bool = True) -> str | None:
    """Sorted-key compact JSON, so equal contracts compare and de-duplicate equal.

    Empty parts are left out (unless `drop_empty` is false, for config fields, which Confluent keeps as
    given): confluent-kafka sends `"sensitive": []` and three empty rule lists where nothing was given, and
    must find the version registered without them (as Confluent's registry does).
    """
    if value is None:
        return None
    present = {key: part for key, part in value.items() if not drop_empty or part not in ([], {}, None)}
    return orjson.dumps(present, option=orjson.OPT_SORT_KEYS).decode()


def metadata_properties(metadata: str | None) -> dict[str, str]:
    """The `properties` of stored metadata (canonical JSON, or None)."""
    return (orjson.loads(metadata).get("properties") if metadata else None) or {}


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def check_metadata(value: object) -> dict[str, Any] | None:
    """The metadata if its parts have the types of Confluent's `Metadata` (properties: name to string, tags:
    path to list of tags, sensitive: list of names); 422 naming the part otherwise."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidRequest("'metadata' must be an object such as {\"properties\": {...}}")
    properties, tags, sensitive = value.get("properties"), value.get("tags"), value.get("sensitive")
    if properties is not None and not (
        isinstance(properties, dict) and all(isinstance(v, str) for v in properties.values())
    ):
        raise InvalidRequest("'metadata.properties' must map names to strings")
    if tags is not None and not (isinstance(tags, dict) and all(_strings(v) for v in tags.values())):
        raise InvalidRequest("'metadata.tags' must map paths to lists of tag names")
    if sensitive is not None and not _strings(sensitive):
        raise InvalidRequest("'metadata.sensitive' must be a list of names")
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


def merge_metadata(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any] | None:
    """`new` over `old`, as Confluent merges metadata: tags and properties key by key (new wins), the
    sensitive names united."""
    if old is None or new is None:
        return new if old is None else old
    merged: dict[str, Any] = {}
    for part in ("tags", "properties"):
        if part in old or part in new:
            merged[part] = {**(old.get(part) or {}), **(new.get(part) or {})}
    if "sensitive" in old or "sensitive" in new:
        merged["sensitive"] = sorted({*(old.get("sensitive") or []), *(new.get("sensitive") or [])})
    return merged


def merge_rule_sets(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any] | None:
    """`new` over `old`, as Confluent merges rule sets: per list, the old rules `new` does not rename, then
    the new ones."""
    if old is None or new is None:
        return new if old is None else old
    merged: dict[str, Any] = {}
    for group in RULE_LISTS:
        if group in old or group in new:
            replaced = {rule.get("name") for rule in new.get(group) or []}
            kept = [rule for rule in old.get(group) or [] if rule.get("name") not in replaced]
            merged[group] = kept + list(new.get(group) or [])
    return merged


def loaded_json(text: str | None) -> dict[str, Any] | None:
    """A stored contract part (canonical JSON, or None) loaded."""
    return None if text is None else orjson.loads(text)


def with_confluent_version(metadata: str | None, version: int) -> str | None:
    """`metadata` (canonical JSON, or None) with its `confluent:version` property set to `version`."""
    return canonical_json(merge_metadata(loaded_json(metadata), {"properties": {CONFLUENT_VERSION: str(version)}}))


def without_confluent_version(metadata: str | None) -> str | None:
    """`metadata` (canonical JSON, or None) without its `confluent:version` property; None if nothing else."""
    loaded = loaded_json(metadata) or {}
    properties = {k: v for k, v in (loaded.get("properties") or {}).items() if k != CONFLUENT_VERSION}
    rest = canonical_json({**loaded, "properties": properties})
    return None if rest == "{}" else rest


def found_by_contract(
    posted_metadata: str | None, posted_rule_set: str | None, record: SchemaRecord, version: int
) -> bool:
    """Whether a lookup posting these contract parts may find `version`, stored with `record`'s, as
    Confluent's `canLookup` has it: posting none finds any; otherwise the same rule set and the same metadata,
    `confluent:version` aside (posted, it must be the version's number)."""
    if posted_metadata is None and posted_rule_set is None:
        return True
    posted = metadata_properties(posted_metadata).get(CONFLUENT_VERSION)
    return (
        posted_rule_set == record.rule_set
        and posted in (None, str(version))
        and without_confluent_version(posted_metadata) == without_confluent_version(record.metadata)
    )


def with_config_contract(request: SchemaRequest, config: ConfigRecord) -> SchemaRequest:
    """`request` with the config's default metadata and rule set beneath its own and the overrides above,
    as Confluent merges them into every version registered outside IMPORT mode."""
    metadata = merge_metadata(
        merge_metadata(loaded_json(config.default_metadata), loaded_json(request.metadata)),
        loaded_json(config.override_metadata),
    )
    rule_set = merge_rule_sets(
        merge_rule_sets(loaded_json(config.default_rule_set), loaded_json(request.rule_set)),
        loaded_json(config.override_rule_set),
    )
    return replace(request, metadata=canonical_json(metadata), rule_set=canonical_json(rule_set))


def same_group(group: str | None, metadata: str | None) -> Callable[[SchemaRecord], bool] | None:
    """With a `compatibilityGroup`, what keeps the versions a new one is checked against: those whose value
    of that metadata property is the new one's (`metadata`), absent equal to absent. None without a group."""
    if not group:
        return None
    value = metadata_properties(metadata).get(group)
    return lambda record: metadata_properties(record.metadata).get(group) == value
