"""Data hazards: money in binary floating point, timestamps as bare strings, payloads that allow anything."""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.target import LintTarget

_TIME_WORDS = frozenset({"at", "time", "timestamp", "datetime", "date"})


@CATALOGUE.rule(
    "MONEY_AS_FLOAT", category="hazards", severity=Severity.ERROR,
    purpose="Amounts of money (fields whose name has a word of `names.money`) are not binary floating point, "
    "which cannot hold 0.10 exactly.",
    hint="Use an integer in minor units (amount_cents), an Avro decimal logical type, a JSON string with a "
    "pattern, or google.type.Money.",
)
def money_as_float(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    money = frozenset(word.lower() for word in config.names.money)
    for record in target.view.records:
        for field in record.fields:
            if field.kind == "float" and money & set(field.words):
                yield rule.finding(field.path, f"Field '{field.name}' looks like money but is a floating-point number")


@CATALOGUE.rule(
    "TIMESTAMP_AS_STRING", category="hazards", severity=Severity.WARNING,
    purpose="Fields named like a time (`..._at`, `...Time`, `timestamp`) have a timestamp type, not a bare "
    "string that every consumer parses its own way.",
    hint="Use a timestamp type: Avro long with logicalType timestamp-millis, JSON `format: date-time`, "
    "google.protobuf.Timestamp.",
)
def timestamp_as_string(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        for field in record.fields:
            words = field.words
            named_like_time = (bool(words) and words[-1] in _TIME_WORDS) or field.name in config.names.event_time
            if field.kind == "string" and named_like_time:
                yield rule.finding(field.path, f"Field '{field.name}' is a time held in a string without a format")


@CATALOGUE.rule(
    "UNBOUNDED_PAYLOAD", category="hazards", severity=Severity.WARNING,
    purpose="Fields do not take anything at all (Avro and Protobuf maps, google.protobuf.Any/Struct, JSON "
    "Schema objects without properties or schemas without constraints): consumers cannot rely on their shape.",
    hint="Model the payload as a record with named fields; if it really is open, say so in its documentation "
    "and disable this rule for it.",
)
def unbounded_payload(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        for field in record.fields:
            if field.kind in ("map", "any"):
                what = "a map of any keys" if field.kind == "map" else "anything"
                yield rule.finding(field.path, f"Field '{field.name}' holds {what}")
