"""Lint policies: the lint rules a registration must pass, per subject or for the whole registry.

Off by default, so that Confluent's clients see Confluent's behaviour: only a stored policy with
`"enabled": true` (the subject's own, else the global one) lints new versions. Under it, findings of
severity error refuse the registration (422, 42250, the findings under `schemataLint`) and the others are
returned in the answer and counted in /metrics. A policy is the `schemata.compat.lint` configuration (the same
keys as a manifest's `lint:` section) plus `enabled`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from schemata.compat import ParsedSchema
from schemata.compat.lint import LintConfig, LintConfigError, LintTarget, Severity, lint_schema, parse_config
from schemata.registry.domain import GLOBAL_KEY, SubjectVersion
from schemata.registry.errors import InvalidLintPolicy, LintPolicyNotFound, LintRefused
from schemata.registry.metrics import LINT_FINDINGS, LINT_REFUSALS
from schemata.registry.service.context import ServiceContext
from schemata.registry.storage import ReadTxn


def parse_policy(body: dict[str, Any]) -> dict[str, Any]:
    """A PUT body as the policy to store (validated, defaults filled in); InvalidLintPolicy naming the key."""
    rest = dict(body)
    enabled = rest.pop("enabled", True)
    if not isinstance(enabled, bool):
        raise InvalidLintPolicy(f"enabled: must be true or false, not {enabled!r}")
    try:
        config = parse_config(rest)
    except LintConfigError as exc:
        raise InvalidLintPolicy(str(exc)) from None
    return {"enabled": enabled, **config.as_dict()}


class LintPolicyService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def get(self, subject: str | None) -> dict[str, Any]:
        """The stored policy of `subject` (40408 if it has none), or the global one (off if none is stored)."""
        with self.ctx.storage.read() as txn:
            stored = txn.lint_policy(subject or GLOBAL_KEY)
        if stored is None:
            if subject:
                raise LintPolicyNotFound(subject)
            return {"enabled": False, **LintConfig().as_dict()}
        return json.loads(stored)

    def put(self, subject: str | None, body: dict[str, Any]) -> dict[str, Any]:
        policy = parse_policy(body)
        with self.ctx.storage.write() as txn:
            txn.set_lint_policy(subject or GLOBAL_KEY, json.dumps(policy))
        return policy

    def delete(self, subject: str | None) -> dict[str, Any]:
        """Remove the policy (a subject's falls back to the global one); answers the removed policy."""
        removed = self.get(subject)
        with self.ctx.storage.write() as txn:
            txn.set_lint_policy(subject or GLOBAL_KEY, None)
        return removed

    @staticmethod
    def policy_of(txn: ReadTxn, subject: str) -> str | None:
        """The stored policy that applies to `subject` (its own, else the global one), as stored."""
        return txn.lint_policy(subject) or txn.lint_policy(GLOBAL_KEY)

    def review(
        self, txn: ReadTxn, subject: str, parsed: ParsedSchema, text: str, versions: Sequence[SubjectVersion]
    ) -> tuple[dict[str, object], ...]:
        """Lint a schema about to become a new version of `subject` (whose versions are `versions`):
        LintRefused on error-severity findings, else the other findings (none when no policy is on)."""
        config = self._effective(txn, subject)
        if config is None:
            return ()
        live = self.ctx.previous_versions(txn, list(versions))
        target = LintTarget(parsed, text, subject=subject, previous=live[-1].schema if live else None)
        findings = lint_schema(target, config)
        errors = [found.as_dict() for found in findings if found.severity is Severity.ERROR]
        if errors:
            LINT_FINDINGS.labels(parsed.schema_type, str(Severity.ERROR)).inc(len(errors))
            LINT_REFUSALS.labels(parsed.schema_type).inc()
            raise LintRefused(subject, errors)
        return tuple(found.as_dict() for found in findings)

    @staticmethod
    def count_warnings(schema_type: str, warnings: Sequence[dict[str, object]]) -> None:
        """Count the findings of a registration that went through (once, however often it was decided)."""
        for warning in warnings:
            LINT_FINDINGS.labels(schema_type, str(warning["severity"])).inc()

    def _effective(self, txn: ReadTxn, subject: str) -> LintConfig | None:
        stored = self.policy_of(txn, subject)
        if stored is None:
            return None
        policy = json.loads(stored)
        enabled = policy.pop("enabled")
        return parse_config(policy) if enabled else None
