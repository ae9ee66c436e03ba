"""The compatibility decision, made in one place for every caller: registration and the compatibility
endpoints of the registry, `schemata check` (online and offline), `schemata compat`.

A decision takes the proposed schema and the subject's live versions, oldest first, and answers as
registration does: a schema identical to a live version (same fingerprint) is that version and checks
nothing; otherwise the level's directions are checked against the latest version, or against every live
version, newest first, for the transitive levels; with validateFields, the reserved-field rules first.
Previous schemas may be loaded lazily, so that a non-transitive decision parses the latest version only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from schemata.compat.engine import check_pair, resolve_policy
from schemata.compat.findings import Finding, OldVersion
from schemata.compat.levels import Level
from schemata.compat.reserved import reserved_field_findings
from schemata.compat.schema import ParsedSchema

#: The metadata property naming, comma-separated, the field names a subject reserves (Confluent's).
RESERVED_PROPERTY = "confluent:reserved"


def fingerprint(
    schema_type: str,
    canonical: str,
    references: Sequence[Sequence[str | int]] = (),
    metadata: str | None = None,
    rule_set: str | None = None,
) -> str:
    """The identity of a schema for de-duplication: type, canonical text, what its references point at
    (the registry: name, subject and version; offline: name, type and text), and its contract parts
    (canonical JSON, or None)."""
    payload = orjson.dumps([schema_type, canonical, [list(r) for r in references], metadata, rule_set])
    return hashlib.sha256(payload).hexdigest()


def reserved_names(metadata: str | None) -> frozenset[str]:
    """The names a schema's metadata (canonical JSON, or None) reserves with `confluent:reserved`."""
    properties = (orjson.loads(metadata).get("properties") if metadata else None) or {}
    listed = properties.get(RESERVED_PROPERTY)
    if not isinstance(listed, str):
        return frozenset()
    return frozenset(name.strip() for name in listed.split(",") if name.strip())


def with_reserved_names(schema: ParsedSchema, metadata: str | None) -> ParsedSchema:
    """`schema` with the names its metadata reserves attached (unchanged when it reserves none)."""
    names = reserved_names(metadata)
    return schema.with_reserved(names) if names else schema


@dataclass(frozen=True, slots=True)
class Proposed:
    """The schema a decision is about, with its reserved names attached, and its fingerprint."""

    schema: ParsedSchema
    fingerprint: str

    @classmethod
    def of(
        cls,
        schema: ParsedSchema,
        references: Sequence[Sequence[str | int]] = (),
        metadata: str | None = None,
        rule_set: str | None = None,
    ) -> Proposed:
        """`schema` with its references and contract parts, as registering it would store it."""
        key = fingerprint(schema.schema_type, schema.canonical, references, metadata, rule_set)
        return cls(with_reserved_names(schema, metadata), key)


class Previous:
    """A live version of the subject: which one it is, its fingerprint (None where unknown: then never
    identical), and its schema (reserved names attached), given or loaded on first use and kept."""

    __slots__ = ("_load", "_schema", "fingerprint", "version")

    def __init__(
        self,
        version: OldVersion,
        fingerprint: str | None,
        schema: ParsedSchema | Callable[[], ParsedSchema],
    ) -> None:
        self.version = version
        self.fingerprint = fingerprint
        self._schema = schema if isinstance(schema, ParsedSchema) else None
        self._load = None if isinstance(schema, ParsedSchema) else schema

    @property
    def schema(self) -> ParsedSchema:
        if self._schema is None:
            assert self._load is not None
            self._schema = self._load()
        return self._schema


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on a proposed schema: the level and policy applied, the version it is identical to (then
    nothing was checked), the versions checked (oldest first) and every finding (newest version first),
    each located by its direction and previous version. Compatible when there are no findings. `forced`:
    the check was skipped on request (registration's `force=true`), so nothing was checked."""

    level: Level
    policy: str
    identical: OldVersion | None
    checked: tuple[OldVersion, ...]
    findings: tuple[Finding, ...]
    forced: bool = False

    @property
    def compatible(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        """The decision as JSON: what the registry adds to its compatibility and 409 answers."""
        data: dict[str, object] = {
            "compatible": self.compatible,
            "level": self.level.value,
            "policy": self.policy,
            "checked": [v.number for v in self.checked],
            "findings": [f.as_dict() for f in self.findings],
        }
        if self.identical is not None:
            data["identicalVersion"] = self.identical.number
        if self.forced:
            data["forced"] = True
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        """The decision `as_dict` wrote; KeyError, TypeError or ValueError if it is malformed."""
        identical = data.get("identicalVersion")
        return cls(
            Level.parse(str(data["level"])),
            str(data["policy"]),
            None if identical is None else OldVersion.numbered(int(identical)),
            tuple(OldVersion.numbered(int(n)) for n in data["checked"]),
            tuple(Finding.from_dict(f) for f in data["findings"]),
            bool(data.get("forced", False)),
        )


def decide(
    proposed: Proposed,
    previous: Sequence[Previous],
    *,
    level: Level,
    policy: str | None,
    deduplicate: bool = True,
    force: bool = False,
    validate_fields: bool = False,
    latest: Previous | None = None,
) -> Decision:
    """May `proposed` join a subject whose live versions are `previous` (oldest first) at `level`?

    With `deduplicate` (registration's rule), a schema whose fingerprint equals a live version's is that
    version: compatible, nothing checked. A reader that is not being registered (a consumer's schema)
    passes `deduplicate=False`. `policy` is the subject's compatibilityPolicy (None: the format's default).
    With `force` (registration's `force=true`) a schema that is no live version is compatible unchecked.
    With `validate_fields` (the subject's validateFields) the reserved-field rules (`schemata.compat.reserved`)
    come first, against the latest version, at every level (NONE included), as Confluent checks them. That
    is the subject's latest live version even when `previous` holds only some (a compatibilityGroup's): the
    caller passes it as `latest` then (None: the last of `previous`).
    """
    chosen = resolve_policy(proposed.schema.schema_type, policy)
    if deduplicate:
        for candidate in previous:
            if candidate.fingerprint is not None and candidate.fingerprint == proposed.fingerprint:
                return Decision(level, chosen, candidate.version, (), ())
    if force:
        return Decision(level, chosen, None, (), (), forced=True)
    if latest is None and previous:
        latest = previous[-1]
    findings = _reserved(proposed.schema, latest) if validate_fields else []
    rule = level.rule
    targets: list[Previous] = []
    if rule.directions and previous:
        targets = list(reversed(previous)) if rule.transitive else [previous[-1]]
    findings += [
        finding.located(direction=direction, against=target.version)
        for target in targets
        for direction in rule.directions
        for finding in check_pair(direction, proposed.schema, target.schema, policy=chosen)
    ]
    checked = [t.version for t in reversed(targets)]
    if validate_fields and latest is not None and latest.version not in checked:
        checked.append(latest.version)  # the reserved rules checked it; no live version is newer
    return Decision(level, chosen, None, tuple(checked), tuple(findings))


def _reserved(schema: ParsedSchema, latest: Previous | None) -> list[Finding]:
    """The reserved-field findings of `schema`, located against the latest version when there is one."""
    found = reserved_field_findings(schema, None if latest is None else latest.schema)
    return found if latest is None else [f.located(direction=None, against=latest.version) for f in found]


def check_compatibility(
    level: Level,
    new: ParsedSchema,
    previous: Sequence[ParsedSchema],
    *,
    policy: str | None = None,
) -> list[Finding]:
    """Every finding that stops `new` from following `previous` (oldest first, numbered as versions 1, 2,
    ...) at `level`, without de-duplication: `decide` for schemas at hand. Empty means compatible."""
    versions = [Previous(OldVersion.numbered(n), None, schema) for n, schema in enumerate(previous, 1)]
    decision = decide(Proposed(new, ""), versions, level=level, policy=policy, deduplicate=False)
    return list(decision.findings)
