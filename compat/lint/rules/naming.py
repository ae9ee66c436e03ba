"""Naming: PascalCase types, fields in the configured case, UPPER_SNAKE enum symbols, versioned Protobuf
packages, and topic and subject names matching the configured patterns."""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.target import LintTarget
from schemata.compat.protobuf.schema import ProtobufSchema

PASCAL = re.compile(r"[A-Z][a-zA-Z0-9]*")
CASES = {"snake": re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*"), "camel": re.compile(r"[a-z][a-zA-Z0-9]*")}
UPPER_SNAKE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
VERSION = re.compile(r"v[1-9][0-9]*((alpha|beta)[0-9]*)?")
_TYPED = frozenset({"AVRO", "PROTOBUF"})


@CATALOGUE.rule(
    "RECORD_NAME_PASCAL_CASE", category="naming", severity=Severity.WARNING,
    purpose="Record and message names (and JSON Schema titles) are PascalCase.",
    hint="Rename the type in PascalCase, e.g. OrderPlaced (a rename is a new type for Avro readers: add an alias).",
)
def record_name_pascal_case(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        if record.name is not None and not PASCAL.fullmatch(record.name):
            yield rule.finding(record.name_path, f"Type name '{record.name}' is not PascalCase")


@CATALOGUE.rule(
    "ENUM_NAME_PASCAL_CASE", category="naming", severity=Severity.WARNING, formats=_TYPED,
    purpose="Enum names are PascalCase.",
    hint="Rename the enum in PascalCase, e.g. PaymentStatus.",
)
def enum_name_pascal_case(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for enum in target.view.enums:
        if not PASCAL.fullmatch(enum.name):
            yield rule.finding(enum.name_path, f"Enum name '{enum.name}' is not PascalCase")


@CATALOGUE.rule(
    "FIELD_NAME_CASE", category="naming", severity=Severity.WARNING,
    purpose="Field and property names are in the configured case (`names.field_case`: snake or camel).",
    hint="Rename the field in the configured case (snake: order_id, camel: orderId).",
)
def field_name_case(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    case = config.names.field_case
    for record in target.view.records:
        for field in record.fields:
            if not CASES[case].fullmatch(field.name):
                yield rule.finding(field.path, f"Field name '{field.name}' is not {case}_case")


@CATALOGUE.rule(
    "ENUM_SYMBOL_UPPER_SNAKE", category="naming", severity=Severity.WARNING, formats=_TYPED,
    purpose="Enum symbols (values) are UPPER_SNAKE_CASE.",
    hint="Rename the symbol in UPPER_SNAKE_CASE, e.g. NOT_FOUND.",
)
def enum_symbol_upper_snake(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for enum in target.view.enums:
        for symbol, path in enum.symbols:
            if not UPPER_SNAKE.fullmatch(symbol):
                yield rule.finding(path, f"Symbol '{symbol}' of enum '{enum.name}' is not UPPER_SNAKE_CASE")


@CATALOGUE.rule(
    "PROTOBUF_PACKAGE_VERSIONED", category="naming", severity=Severity.WARNING, formats=frozenset({"PROTOBUF"}),
    default=False,
    purpose="A Protobuf package ends with a version (shop.orders.v1), so that a breaking redesign can live "
    "beside the old one.",
    hint="Declare a package whose last part is a version, e.g. `package shop.orders.v1;`.",
)
def protobuf_package_versioned(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    assert isinstance(target.schema, ProtobufSchema)
    package = target.schema.model.package
    parts = package.split(".") if package else []
    if len(parts) < 2 or not VERSION.fullmatch(parts[-1]):
        shown = f"Package '{package}'" if package else "The file declares no package; it"
        yield rule.finding("#/package", f"{shown} does not end with a version such as v1")


@CATALOGUE.rule(
    "TOPIC_NAME_PATTERN", category="naming", severity=Severity.WARNING,
    purpose="The topic an event is published on matches `names.topic_pattern` (lower case, words joined by "
    "`.`, `_` or `-` by default).",
    hint="Rename the topic to match the pattern, or set `names.topic_pattern` to your convention.",
)
def topic_name_pattern(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    if target.topic is not None and not re.search(config.names.topic_pattern, target.topic):
        yield rule.finding("", f"Topic '{target.topic}' does not match {config.names.topic_pattern}")


@CATALOGUE.rule(
    "SUBJECT_NAME_PATTERN", category="naming", severity=Severity.WARNING,
    purpose="The subject a schema is registered under matches `names.subject_pattern`.",
    hint="Rename the subject to match the pattern, or set `names.subject_pattern` to your convention.",
)
def subject_name_pattern(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    if target.subject is not None and not re.search(config.names.subject_pattern, target.subject):
        yield rule.finding("", f"Subject '{target.subject}' does not match {config.names.subject_pattern}")
