"""A finding: one reason why two schemas are not compatible, as a small immutable value.

Renderers (REST `messages`, CLI text, JSON, SARIF, JUnit) live outside the rules and read these fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, slots=True)
class Finding:
    """One incompatibility between a reader and a writer schema.

    `rule` is a stable id (never renamed), `path` locates the element in the format's tradition
    (`/fields/3/type` for Avro, `#/properties/foo` for JSON Schema, `#/Message/3` for Protobuf),
    `message` is a sentence for a person and `hint` says how to make the change compatible.
    The engine fills `direction` (BACKWARD or FORWARD) and `old_index` (which previous schema failed).
    """

    rule: str
    path: str
    message: str
    hint: str = ""
    direction: str | None = None
    old_index: int | None = None

    def located(self, *, direction: str, old_index: int) -> Finding:
        """This finding, tagged with the direction and the previous schema it was found against."""
        return replace(self, direction=direction, old_index=old_index)

    def as_text(self) -> str:
        """The one-line form used in the REST `messages` array."""
        text = f"{{ruleId: {self.rule}, path: '{self.path}', description: {self.message}"
        if self.hint:
            text += f", hint: {self.hint}"
        return text + "}"

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping, leaving out the fields that are not set."""
        data: dict[str, object] = {"rule": self.rule, "path": self.path, "message": self.message}
        if self.hint:
            data["hint"] = self.hint
        if self.direction is not None:
            data["direction"] = self.direction
        if self.old_index is not None:
            data["oldIndex"] = self.old_index
        return data
