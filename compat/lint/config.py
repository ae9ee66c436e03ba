"""Lint configuration: which rules run, at what severity, and the names the envelope and hazard rules look for.

One parser for every front end: the `lint:` section of a manifest and the registry's lint policy are the same
mapping, so a key means the same everywhere, and every error names the key at fault:

    enable: [EVENT_ID_FIELD]          # rules that are off by default
    disable: [FIELD_DOC]              # rules that are on by default
    severity: {FIELD_NAME_CASE: error}
    names:
      event_id: [event_id]            # what the envelope rules look for, first match wins
      field_case: snake               # or camel
    documentation_threshold: 0.8      # the share of a record's fields that must have a doc
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity

_MAX_PATTERN = 500
FIELD_CASES = ("snake", "camel")


class LintConfigError(ValueError):
    """A lint configuration with an unknown key, an unknown rule id or a bad value; `key` names where."""

    def __init__(self, key: str, problem: str) -> None:
        self.key = key
        self.problem = problem
        super().__init__(f"{key}: {problem}")


@dataclass(frozen=True, slots=True)
class Names:
    """The field names the envelope rules accept (any of them), and the naming conventions."""

    event_id: tuple[str, ...] = ("event_id", "eventId")
    event_time: tuple[str, ...] = ("occurred_at", "occurredAt", "event_time", "eventTime")
    event_type: tuple[str, ...] = ("event_type", "eventType")
    correlation_id: tuple[str, ...] = ("correlation_id", "correlationId", "causation_id", "causationId")
    #: Words that mark a field as an amount of money (matched against the words of the field's name).
    money: tuple[str, ...] = ("amount", "price", "cost", "total", "balance", "fee", "money", "cents")
    field_case: str = "snake"
    topic_pattern: str = r"^[a-z][a-z0-9]*([._-][a-z0-9]+)*$"
    subject_pattern: str = r"^(:\.[^:]*:)?[A-Za-z][A-Za-z0-9._-]*$"  # an optional context, then the name


@dataclass(frozen=True, slots=True)
class LintConfig:
    """Rules switched on and off, severity overrides, names, and the documentation threshold."""

    enable: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()
    severity: tuple[tuple[str, Severity], ...] = ()
    names: Names = field(default_factory=Names)
    documentation_threshold: float = 1.0

    def enabled(self, rule: LintRule) -> bool:
        if rule.id in self.disable:
            return False
        return rule.default or rule.id in self.enable

    def severity_of(self, rule: LintRule) -> Severity:
        return dict(self.severity).get(rule.id, rule.severity)

    def active_rules(self) -> list[LintRule]:
        """The rules this configuration runs, in catalogue order."""
        return [rule for rule in CATALOGUE if self.enabled(rule)]

    def as_dict(self) -> dict[str, Any]:
        """The configuration as the mapping `parse_config` reads (what the registry stores and returns)."""
        defaults = Names()
        names = {
            f.name: list(value) if isinstance(value, tuple) else value
            for f in fields(Names)
            if (value := getattr(self.names, f.name)) != getattr(defaults, f.name)
        }
        data: dict[str, Any] = {
            "enable": sorted(self.enable),
            "disable": sorted(self.disable),
            "severity": {rule_id: str(level) for rule_id, level in self.severity},
            "names": names,
            "documentation_threshold": self.documentation_threshold,
        }
        return data


def parse_config(data: Any, prefix: str = "") -> LintConfig:
    """The configuration in `data` (a mapping, or None for the defaults); LintConfigError naming the key
    (`prefix` + key, e.g. `lint.severity.FOO`) if something is wrong."""
    if data is None:
        return LintConfig()
    at = _At(prefix)
    _mapping(data, at, "", {"enable", "disable", "severity", "names", "documentation_threshold"})
    threshold = data.get("documentation_threshold", 1.0)
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not 0 <= threshold <= 1:
        raise at.error("documentation_threshold", f"must be a number from 0 to 1, not {threshold!r}")
    return LintConfig(
        enable=frozenset(_rule_ids(data.get("enable"), at, "enable")),
        disable=frozenset(_rule_ids(data.get("disable"), at, "disable")),
        severity=_severities(data.get("severity"), at),
        names=_names(data.get("names"), at),
        documentation_threshold=float(threshold),
    )


class _At:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def error(self, key: str, problem: str) -> LintConfigError:
        return LintConfigError(f"{self.prefix}.{key}" if self.prefix and key else self.prefix or key, problem)


def _mapping(value: Any, at: _At, key: str, allowed: set[str]) -> None:
    if not isinstance(value, Mapping):
        raise at.error(key, f"expected a mapping, got {type(value).__name__}")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise at.error(f"{key}.{unknown[0]}" if key else unknown[0],
                       f"unknown key; expected one of {', '.join(sorted(allowed))}")


def _rule_id(value: Any, at: _At, key: str) -> str:
    if not isinstance(value, str) or value not in CATALOGUE:
        raise at.error(key, f"unknown lint rule {value!r}; see `schemata lint --list-rules`")
    return value


def _rule_ids(value: Any, at: _At, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise at.error(key, f"expected a list of rule ids, got {type(value).__name__}")
    return [_rule_id(item, at, f"{key}[{index}]") for index, item in enumerate(value)]


def _severities(value: Any, at: _At) -> tuple[tuple[str, Severity], ...]:
    if value is None:
        return ()
    if not isinstance(value, Mapping):
        raise at.error("severity", f"expected a mapping of rule id to severity, got {type(value).__name__}")
    levels: list[tuple[str, Severity]] = []
    for rule_id, level in value.items():
        _rule_id(rule_id, at, f"severity.{rule_id}")
        try:
            levels.append((rule_id, Severity(str(level).lower())))
        except ValueError:
            raise at.error(
                f"severity.{rule_id}", f"unknown severity {level!r}; use one of {', '.join(Severity)}"
            ) from None
    return tuple(sorted(levels))


def _names(value: Any, at: _At) -> Names:
    if value is None:
        return Names()
    allowed = {f.name for f in fields(Names)}
    _mapping(value, at, "names", allowed)
    changes: dict[str, Any] = {}
    for key, item in value.items():
        where = f"names.{key}"
        if key == "field_case":
            if item not in FIELD_CASES:
                raise at.error(where, f"unknown case {item!r}; use one of {', '.join(FIELD_CASES)}")
        elif key.endswith("_pattern"):
            _pattern(item, at, where)
        elif not isinstance(item, list) or not item or not all(isinstance(n, str) and n for n in item):
            raise at.error(where, f"expected a non-empty list of names, got {item!r}")
        changes[key] = tuple(item) if isinstance(item, list) else item
    return replace(Names(), **changes)


def _pattern(value: Any, at: _At, where: str) -> None:
    if not isinstance(value, str) or not value or len(value) > _MAX_PATTERN:
        raise at.error(where, f"expected a regular expression of at most {_MAX_PATTERN} characters")
    try:
        re.compile(value)
    except re.error as exc:
        raise at.error(where, f"not a valid regular expression: {exc}") from None
