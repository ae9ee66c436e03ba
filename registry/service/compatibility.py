"""Compatibility checks as the registry runs them, and their rendering into Confluent-style messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from schemata.compat import Finding, Level, ParsedSchema, check_compatibility
from schemata.registry.domain import SchemaRecord, SchemaRequest, SubjectVersion
from schemata.registry.errors import InvalidSchema, SubjectNotFound, VersionNotFound
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import same_group
from schemata.registry.service.names import LATEST
from schemata.registry.storage import ReadTxn


@dataclass(frozen=True)
class CompatibilityResult:
    is_compatible: bool
    messages: list[str]


def render_messages(
    findings: Sequence[Finding], previous: Sequence[tuple[SubjectVersion, ParsedSchema]], level: Level
) -> list[str]:
    """Confluent's verbose message list: each problem, then which old version it failed against and the
    level. Ours add the rule's path and a hint."""
    messages: list[str] = []
    for index in sorted({f.old_index for f in findings if f.old_index is not None}, reverse=True):
        version, old = previous[index]
        for finding in (f for f in findings if f.old_index == index):
            messages.append(_finding_text(finding))
        messages.append(f"{{oldSchemaVersion: {version.version}}}")
        messages.append(f"{{oldSchema: '{old.canonical}'}}")
    if messages:
        messages.append(f"{{compatibility: '{level.value}'}}")
    return messages


def _finding_text(finding: Finding) -> str:
    parts = [f"errorType:'{finding.rule}'", f"description:'{finding.message}'"]
    if finding.path:
        parts.append(f"path:'{finding.path}'")
    if finding.direction:
        parts.append(f"direction:'{finding.direction}'")
    if finding.hint:
        parts.append(f"hint:'{finding.hint}'")
    return "{" + ", ".join(parts) + "}"


class CompatibilityService:
    """POST /compatibility/...: the check registration would run, or one against a chosen version."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def findings_for(
        self,
        txn: ReadTxn,
        subject: str,
        new: ParsedSchema,
        level: Level,
        policy: str | None,
        *,
        keep: Callable[[SchemaRecord], bool] | None = None,
    ) -> tuple[list[Finding], list[tuple[SubjectVersion, ParsedSchema]]]:
        """What registration checks: `new` against the subject's live versions (those `keep` keeps, see
        `same_group`) at `level`."""
        rule = level.rule
        previous = (
            self.ctx.live_schemas(txn, subject, latest_only=not rule.transitive, keep=keep) if rule.directions else []
        )
        findings = check_compatibility(level, new, [p for _, p in previous], policy=policy)
        return findings, previous

    def check(
        self,
        subject: str,
        version: int | str | None,
        request: SchemaRequest,
        *,
        normalize: bool,
        verbose: bool,
    ) -> CompatibilityResult:
        """Check `request` against `version` of `subject`, or against what registration checks (None)."""
        with self.ctx.storage.read() as txn:
            config = self.ctx.effective_config(txn, subject)
            try:
                new, _ = self.ctx.parser.parse_new(
                    txn,
                    request.schema,
                    request.schema_type,
                    request.references,
                    normalize=normalize or config.normalize,
                    metadata=request.metadata,
                )
            except InvalidSchema as error:
                if verbose:
                    return CompatibilityResult(False, [error.message])
                raise
            if version is None:
                group = same_group(config.settings.compatibility_group, request.metadata)
                findings, previous = self.findings_for(txn, subject, new, config.level, config.policy, keep=group)
            else:
                previous = self._one_version(txn, subject, version)
                if not previous:
                    return CompatibilityResult(True, [])
                pinned = _non_transitive(config.level)
                findings = check_compatibility(pinned, new, [previous[0][1]], policy=config.policy)
        messages = render_messages(findings, previous, config.level) if verbose else []
        return CompatibilityResult(not findings, messages)

    def _one_version(self, txn: ReadTxn, subject: str, version: int | str) -> list[tuple[SubjectVersion, ParsedSchema]]:
        try:
            found = self.ctx.find_version(txn, subject, version)
        except (SubjectNotFound, VersionNotFound):
            if version == LATEST:
                return []
            raise VersionNotFound(version) from None
        record = self.ctx.schema_record(txn, found.schema_id)
        return [(found, self.ctx.parser.parsed(txn, record))]


def _non_transitive(level: Level) -> Level:
    """Against a single chosen version, a transitive level checks the same directions once."""
    return Level(level.value.removesuffix("_TRANSITIVE"))
