"""Event envelope: what every event needs so that consumers can de-duplicate, order and trace it.

Off by default (which names an organisation uses is its own choice: set them under `names:`).
"""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.target import LintTarget
from schemata.compat.lint.view import RecordView


def _missing(rule: LintRule, root: RecordView, names: tuple[str, ...], what: str) -> Finding:
    return rule.finding(
        root.name_path, f"Event '{root.name or 'schema'}' has no {what} field (one of {', '.join(names)})"
    )


@CATALOGUE.rule(
    "EVENT_ID_FIELD", category="envelope", severity=Severity.ERROR, default=False,
    purpose="An event has a required id field, what an idempotent consumer de-duplicates on under at-least-once "
    "delivery.",
    hint="Add a required string field (a UUID, say) named as `names.event_id` says, unique per event.",
)
def event_id_field(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    root = target.view.root
    if root is None:
        return
    found = root.field_named(config.names.event_id)
    if found is None:
        yield _missing(rule, root, config.names.event_id, "event id")
    elif found.optional:
        yield rule.finding(found.path, f"The event id field '{found.name}' is optional; every event needs one")


@CATALOGUE.rule(
    "EVENT_TIME_FIELD", category="envelope", severity=Severity.ERROR, default=False,
    purpose="An event has an occurrence timestamp with a timestamp type (Avro timestamp-millis/micros, JSON "
    "Schema `format: date-time`, google.protobuf.Timestamp).",
    hint="Add a field named as `names.event_time` says, with a timestamp type, set when the event happened.",
)
def event_time_field(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    root = target.view.root
    if root is None:
        return
    found = root.field_named(config.names.event_time)
    if found is None:
        yield _missing(rule, root, config.names.event_time, "occurrence timestamp")
    elif found.kind != "timestamp":
        yield rule.finding(
            found.path, f"The occurrence timestamp '{found.name}' is a {found.kind}, not a timestamp type"
        )


@CATALOGUE.rule(
    "EVENT_TYPE_FIELD", category="envelope", severity=Severity.INFO, default=False,
    purpose="An event says what type of event it is, for consumers of topics that carry several.",
    hint="Add a field named as `names.event_type` says.",
)
def event_type_field(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    root = target.view.root
    if root is not None and root.field_named(config.names.event_type) is None:
        yield _missing(rule, root, config.names.event_type, "event type")


@CATALOGUE.rule(
    "CORRELATION_ID_FIELD", category="envelope", severity=Severity.INFO, default=False,
    purpose="An event carries a correlation or causation id, so that a flow can be traced across services.",
    hint="Add a field named as `names.correlation_id` says, copied from the event or request that caused this one.",
)
def correlation_id_field(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    root = target.view.root
    if root is not None and root.field_named(config.names.correlation_id) is None:
        yield _missing(rule, root, config.names.correlation_id, "correlation or causation id")
