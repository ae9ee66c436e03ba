"""The fields of Confluent's `Config`, as PUT /config takes them and GET /config answers them.

One table names each field's JSON key, its `ConfigRecord` attribute and how a value is checked, so that the
router, the echo of a PUT and the answer of a GET cannot disagree. Confluent answers GET with
`compatibilityLevel` but takes (and echoes) PUT with `compatibility`; clients depend on both spellings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson

from schemata.compat import Level, UnknownPolicyError, validate_policy
from schemata.registry.domain import ConfigRecord
from schemata.registry.errors import InvalidCompatibilityLevel, InvalidRequest
from schemata.registry.service.contracts import canonical_json, check_metadata, check_rule_set
from schemata.registry.service.names import check_subject


def parse_level(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidCompatibilityLevel()
    try:
        return Level.parse(text).value
    except ValueError:
        raise InvalidCompatibilityLevel() from None


def parse_policy(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidCompatibilityLevel(f"Invalid compatibilityPolicy {text!r}")
    try:
        return validate_policy(text)
    except UnknownPolicyError as error:
        raise InvalidCompatibilityLevel(str(error)) from None


def _flag(key: str) -> Callable[[object], bool]:
    def check(value: object) -> bool:
        if not isinstance(value, bool):
            raise InvalidRequest(f"'{key}' must be true or false")
        return value

    return check


def _text(key: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        if not isinstance(value, str) or not value:
            raise InvalidRequest(f"'{key}' must be a non-empty string")
        return value

    return check


def _alias(value: object) -> str:
    return check_subject(_text("alias")(value))


def _metadata(value: object) -> str | None:
    return canonical_json(check_metadata(value), drop_empty=False)


def _rule_set(value: object) -> str | None:
    return canonical_json(check_rule_set(value), drop_empty=False)


@dataclass(frozen=True)
class ConfigField:
    key: str  # the JSON key (of GET's answer; PUT's differs only for the level)
    attribute: str  # the `ConfigRecord` attribute
    parse: Callable[[object], Any]  # a request value to the stored value (raises a 4xx error)
    is_json: bool = False  # stored as canonical JSON text


FIELDS = (
    ConfigField("compatibilityLevel", "compatibility", parse_level),
    ConfigField("compatibilityPolicy", "policy", parse_policy),
    ConfigField("normalize", "normalize", _flag("normalize")),
    ConfigField("compatibilityGroup", "compatibility_group", _text("compatibilityGroup")),
    ConfigField("defaultMetadata", "default_metadata", _metadata, is_json=True),
    ConfigField("overrideMetadata", "override_metadata", _metadata, is_json=True),
    ConfigField("defaultRuleSet", "default_rule_set", _rule_set, is_json=True),
    ConfigField("overrideRuleSet", "override_rule_set", _rule_set, is_json=True),
    ConfigField("alias", "alias", _alias),
    ConfigField("validateFields", "validate_fields", _flag("validateFields")),
    ConfigField("validateRules", "validate_rules", _flag("validateRules")),
)
#: PUT names the level `compatibility` (Confluent's clients may also send `compatibilityLevel`).
_PUT_LEVEL_KEY = "compatibility"


def config_json(config: ConfigRecord) -> dict[str, Any]:
    """GET /config's answer: every field set, under its JSON key."""
    body: dict[str, Any] = {}
    for item in FIELDS:
        value = getattr(config, item.attribute)
        if value is not None:
            body[item.key] = orjson.loads(value) if item.is_json else value
    return body


def config_changes(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The changes a PUT body asks for (attribute -> stored value; None clears a field, a field not named
    keeps its value) and the echo Confluent answers with (the fields given, checked). 42203 if the body names
    no config field at all."""
    changes: dict[str, Any] = {}
    echo: dict[str, Any] = {}
    for item in FIELDS:
        key = item.key
        if item.attribute == "compatibility":
            key = _PUT_LEVEL_KEY if _PUT_LEVEL_KEY in body or item.key not in body else item.key
        if key not in body:
            continue
        value = body[key]
        stored = None if value is None else item.parse(value)
        changes[item.attribute] = stored
        if stored is not None:
            echo[_PUT_LEVEL_KEY if item.attribute == "compatibility" else key] = (
                orjson.loads(stored) if item.is_json else stored
            )
    if not changes:
        parse_level(None)
    return changes, echo
