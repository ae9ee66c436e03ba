"""A finding: one reason why two schemas are not compatible, as a small immutable value.

Renderers (REST `messages`, CLI text, JSON, SARIF, JUnit) live outside the rules and read these fields;
`as_dict` is the one JSON form, used by the REST answers and the CLI's JSON report alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class OldVersion:
    """A previous version as findings and decisions name it: its number in the subject (None where there is
    none, as for a git ref or a file) and a label for people (`version 3`, `main`)."""

    label: str
    number: int | None = None

    @classmethod
    def numbered(cls, number: int) -> OldVersion:
        """Version `number` of a subject, labelled `version <number>`."""
        return cls(f"version {number}", number)


@dataclass(frozen=True, slots=True)
class Finding:
    """One incompatibility between a reader and a writer schema.

    `rule` is a stable id (never renamed; it is also the format's difference type, Confluent's
    `errorType`), `path` locates the element in the format's tradition (`/fields/3/type` for Avro,
    `#/properties/foo` for JSON Schema, `#/Message/3` for Protobuf), `message` is a sentence for a person
    and `hint` says how to make the change compatible. The decision fills `direction` (BACKWARD or
    FORWARD) and `against` (the previous version it was found against).
    """

    rule: str
    path: str
    message: str
    hint: str = ""
    direction: str | None = None
    against: OldVersion | None = None

    def located(self, *, direction: str | None, against: OldVersion | None) -> Finding:
        """This finding, tagged with the direction (None for a rule of no direction) and the previous version
        it was found against."""
        return replace(self, direction=direction, against=against)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping, leaving out the fields that are not set."""
        data: dict[str, object] = {"rule": self.rule, "errorType": self.rule, "path": self.path,
                                   "message": self.message}
        if self.hint:
            data["hint"] = self.hint
        if self.direction is not None:
            data["direction"] = self.direction
        if self.against is not None and self.against.number is not None:
            data["oldVersion"] = self.against.number
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The finding `as_dict` wrote (as a registry's answer carries it); KeyError or TypeError if malformed."""
        old = data.get("oldVersion")
        return cls(
            str(data["rule"]),
            str(data["path"]),
            str(data["message"]),
            str(data.get("hint") or ""),
            None if data.get("direction") is None else str(data["direction"]),
            None if old is None else OldVersion.numbered(int(old)),
        )
