"""The values the REST client sends and returns, named and shaped as in confluent-kafka."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from schemata.compat import Decision


@dataclass(frozen=True, slots=True)
class SchemaReference:
    """A reference from a schema to version `version` of `subject`, known inside the schema as `name`."""

    name: str
    subject: str
    version: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "subject": self.subject, "version": self.version}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SchemaReference:
        return cls(data["name"], data["subject"], data["version"])


@dataclass(frozen=True, slots=True)
class Schema:
    """A schema as the registry stores it: its text, type and references. Hashable, so usable as a key."""

    schema_str: str
    schema_type: str = "AVRO"
    references: Sequence[SchemaReference] = ()
    metadata: Mapping[str, Any] | None = field(default=None, hash=False)
    rule_set: Mapping[str, Any] | None = field(default=None, hash=False)

    def __post_init__(self) -> None:
        # confluent-kafka callers pass a list and None; keep the value hashable.
        object.__setattr__(self, "references", tuple(self.references or ()))
        object.__setattr__(self, "schema_type", self.schema_type or "AVRO")

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"schema": self.schema_str, "schemaType": self.schema_type}
        if self.references:
            body["references"] = [ref.to_dict() for ref in self.references]
        if self.metadata is not None:
            body["metadata"] = self.metadata
        if self.rule_set is not None:
            body["ruleSet"] = self.rule_set
        return body

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schema:
        """From a registry response; a missing `schemaType` means AVRO."""
        return cls(
            data["schema"],
            data.get("schemaType") or "AVRO",
            [SchemaReference.from_dict(ref) for ref in data.get("references") or ()],
            data.get("metadata"),
            data.get("ruleSet"),
        )


@dataclass(frozen=True, slots=True)
class RegisteredSchema:
    """A schema with its global id and, where known, the subject and version it is registered as."""

    schema_id: int
    schema: Schema
    subject: str | None = None
    version: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], schema: Schema | None = None) -> RegisteredSchema:
        """From a registry response; `schema` stands in when the response leaves the schema text out."""
        if "schema" in data:
            schema = Schema.from_dict(data)
        if schema is None:
            raise ValueError("registry response carries no schema")
        return cls(data["id"], schema, data.get("subject"), data.get("version"))


@dataclass(frozen=True, slots=True)
class SchemaVersion:
    """A (subject, version) pair that a schema id is registered under."""

    subject: str
    version: int


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """A subject's or the registry's configuration (only the keys this registry knows)."""

    compatibility_level: str | None = None
    normalize: bool | None = None
    compatibility_group: str | None = None
    compatibility_policy: str | None = None
    #: Whether the reserved-field rules apply (None: unset, which the registry takes as off).
    validate_fields: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        body = {"compatibility": self.compatibility_level, "normalize": self.normalize,
                "compatibilityGroup": self.compatibility_group, "compatibilityPolicy": self.compatibility_policy,
                "validateFields": self.validate_fields}
        return {key: value for key, value in body.items() if value is not None}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ServerConfig:
        # GET answers `compatibilityLevel`, PUT echoes `compatibility`: Confluent's asymmetry.
        level = data.get("compatibilityLevel", data.get("compatibility"))
        return cls(
            level, data.get("normalize"), data.get("compatibilityGroup"), data.get("compatibilityPolicy"),
            data.get("validateFields"),
        )


@dataclass(frozen=True, slots=True)
class CompatibilityResult:
    """The answer of a compatibility check; `messages` are the findings of a verbose check, and `decision`
    the registry's decision with its structured findings (a Schemata registry's verbose answer; else None)."""

    is_compatible: bool
    messages: list[str] = field(default_factory=list)
    decision: Decision | None = None
