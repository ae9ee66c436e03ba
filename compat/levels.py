"""Compatibility levels as data: which directions a level checks, and against which previous versions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    """BACKWARD: the new schema reads the old one's data. FORWARD: the old schema reads the new one's."""

    BACKWARD = "BACKWARD"
    FORWARD = "FORWARD"


class Level(StrEnum):
    """The seven Confluent compatibility levels."""

    NONE = "NONE"
    BACKWARD = "BACKWARD"
    BACKWARD_TRANSITIVE = "BACKWARD_TRANSITIVE"
    FORWARD = "FORWARD"
    FORWARD_TRANSITIVE = "FORWARD_TRANSITIVE"
    FULL = "FULL"
    FULL_TRANSITIVE = "FULL_TRANSITIVE"

    @classmethod
    def parse(cls, text: str) -> Level:
        """The level named by `text`, case-insensitively; ValueError if there is none."""
        try:
            return cls(text.upper())
        except (ValueError, AttributeError):
            raise ValueError(f"Invalid compatibility level {text!r}") from None

    @property
    def rule(self) -> LevelRule:
        return LEVEL_RULES[self]


@dataclass(frozen=True, slots=True)
class LevelRule:
    """What a level checks: the directions, and whether against every previous version or only the latest."""

    directions: tuple[Direction, ...]
    transitive: bool


_B, _F = Direction.BACKWARD, Direction.FORWARD

LEVEL_RULES: dict[Level, LevelRule] = {
    Level.NONE: LevelRule((), False),
    Level.BACKWARD: LevelRule((_B,), False),
    Level.BACKWARD_TRANSITIVE: LevelRule((_B,), True),
    Level.FORWARD: LevelRule((_F,), False),
    Level.FORWARD_TRANSITIVE: LevelRule((_F,), True),
    Level.FULL: LevelRule((_B, _F), False),
    Level.FULL_TRANSITIVE: LevelRule((_B, _F), True),
}
