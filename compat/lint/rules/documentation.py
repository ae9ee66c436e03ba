"""Documentation: a `doc` (Avro), `description` (JSON Schema) or leading comment (Protobuf) on records and
fields. Off by default; `documentation_threshold` is the share of a record's fields that must have one."""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.target import LintTarget

_HOW = "a `doc` (Avro), a `description` (JSON Schema) or a comment on the line above (Protobuf)"


@CATALOGUE.rule(
    "RECORD_DOC", category="documentation", severity=Severity.WARNING, default=False,
    purpose="Every record, message and named JSON Schema object says what it is.",
    hint=f"Document the type with {_HOW}.",
)
def record_doc(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        if (record.name is not None or record is target.view.root) and not record.doc:
            yield rule.finding(record.name_path, f"Type '{record.name or 'schema'}' has no documentation")


@CATALOGUE.rule(
    "FIELD_DOC", category="documentation", severity=Severity.WARNING, default=False,
    purpose="Fields say what they hold: at least `documentation_threshold` of each record's fields (all by "
    "default) are documented.",
    hint=f"Document the field with {_HOW}.",
)
def field_doc(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        missing = [field for field in record.fields if not field.doc]
        if record.fields and 1 - len(missing) / len(record.fields) < config.documentation_threshold:
            for field in missing:
                owner = record.name or "schema"
                yield rule.finding(field.path, f"Field '{field.name}' of '{owner}' has no documentation")
