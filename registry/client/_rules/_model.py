"""A version's rule set and metadata as the serializers use them: parsed once from the registry's JSON."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any


class Mode(StrEnum):
    """When a rule runs: the modes a rule declares, and the phases a serializer runs in."""

    WRITE = "WRITE"
    READ = "READ"
    WRITEREAD = "WRITEREAD"
    UPGRADE = "UPGRADE"
    DOWNGRADE = "DOWNGRADE"
    UPDOWN = "UPDOWN"


#: The declared modes that run in each phase.
_RUNS_IN = {
    Mode.WRITE: (Mode.WRITE, Mode.WRITEREAD),
    Mode.READ: (Mode.READ, Mode.WRITEREAD),
    Mode.UPGRADE: (Mode.UPGRADE, Mode.UPDOWN),
    Mode.DOWNGRADE: (Mode.DOWNGRADE, Mode.UPDOWN),
}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of a `ruleSet` (`domainRules` or `migrationRules`), with Confluent's defaults filled in."""

    name: str
    kind: str
    mode: str
    type: str
    expr: str | None = None
    tags: frozenset[str] = frozenset()
    params: Mapping[str, str] = field(default_factory=dict)
    on_success: str | None = None
    on_failure: str | None = None
    disabled: bool = False
    doc: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        return cls(
            name=str(data.get("name") or ""),
            kind=str(data.get("kind") or "TRANSFORM").upper(),
            mode=str(data.get("mode") or "").upper(),
            type=str(data.get("type") or "").upper(),
            expr=data.get("expr"),
            tags=frozenset(data.get("tags") or ()),
            params=dict(data.get("params") or {}),
            on_success=data.get("onSuccess"),
            on_failure=data.get("onFailure"),
            disabled=bool(data.get("disabled")),
            doc=data.get("doc"),
        )

    def action(self, outcome: str, phase: Mode) -> str | None:
        """The action named for `outcome` ("success" or "failure") in `phase`.

        A WRITEREAD or UPDOWN rule may name two, `"DLQ,NONE"`: the first for WRITE/UPGRADE, the second otherwise.
        """
        named = self.on_success if outcome == "success" else self.on_failure
        if not named:
            return None
        if "," in named and self.mode in (Mode.WRITEREAD, Mode.UPDOWN):
            first, _, second = named.partition(",")
            named = first if phase in (Mode.WRITE, Mode.UPGRADE) else second
        return named.strip().upper() or None


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The rules of one schema version; `enable_at` other than ALL or CLIENT switches them off in clients."""

    domain: tuple[Rule, ...] = ()
    migration: tuple[Rule, ...] = ()
    encoding: tuple[Rule, ...] = ()
    enable_at: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> RuleSet:
        data = data or {}
        return cls(
            tuple(Rule.from_dict(rule) for rule in data.get("domainRules") or ()),
            tuple(Rule.from_dict(rule) for rule in data.get("migrationRules") or ()),
            tuple(Rule.from_dict(rule) for rule in data.get("encodingRules") or ()),
            data.get("enableAt"),
        )

    def for_phase(self, phase: Mode, *, encoding: bool = False) -> list[Rule]:
        """The rules that run in `phase`, in running order (READ and DOWNGRADE run theirs last to first).

        Disabled rules are left out, and so is a field transform declared after another of the same type, mode
        and tags (only the first declared one runs), as in Confluent's executors. `encoding`: the
        `encodingRules` (run on the serialized bytes) instead of the domain rules, for WRITE and READ.
        """
        if self.enable_at not in (None, "ALL", "CLIENT"):
            return []
        if encoding:
            declared = self.encoding
        else:
            declared = self.migration if phase in (Mode.UPGRADE, Mode.DOWNGRADE) else self.domain
        chosen = [
            rule for index, rule in enumerate(declared)
            if not rule.disabled and rule.mode in _RUNS_IN[phase]
            and not any(_same_field_transform(rule, earlier) for earlier in declared[:index])
        ]
        if phase in (Mode.READ, Mode.DOWNGRADE):
            chosen.reverse()
        return chosen


def _same_field_transform(rule: Rule, other: Rule) -> bool:
    return (bool(rule.tags) and rule.kind == "TRANSFORM" and other.kind == rule.kind and other.mode == rule.mode
            and other.type == rule.type and other.tags == rule.tags)


@dataclass(frozen=True, slots=True)
class Metadata:
    """A version's `metadata`: tags by field path pattern (`Order.email`, `**.ssn`), and properties."""

    tags: Mapping[str, frozenset[str]] = field(default_factory=dict)
    properties: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Metadata:
        data = data or {}
        tags = {path: frozenset(values or ()) for path, values in (data.get("tags") or {}).items()}
        return cls(tags, dict(data.get("properties") or {}))

    def tags_of(self, full_name: str) -> frozenset[str]:
        """The tags whose path pattern matches the field `full_name`."""
        found: set[str] = set()
        for pattern, tags in self.tags.items():
            if _pattern(pattern).fullmatch(full_name):
                found.update(tags)
        return frozenset(found)


@lru_cache(maxsize=1024)
def _pattern(wildcard: str) -> re.Pattern[str]:
    """A metadata tag path as a regex: `?` one character and `*` any run within a dotted name part, `**` across."""
    out = []
    index = 0
    while index < len(wildcard):
        if wildcard.startswith("**", index):
            out.append(".*")
            index += 2
        elif wildcard[index] == "*":
            out.append("[^.]*")
            index += 1
        elif wildcard[index] == "?":
            out.append("[^.]")
            index += 1
        else:
            out.append(re.escape(wildcard[index]))
            index += 1
    return re.compile("".join(out))
