"""Evolution hygiene: the habits that keep the next version compatible."""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.avro.model import Enum, Field, Primitive, Union
from schemata.compat.findings import Finding
from schemata.compat.lint.catalogue import CATALOGUE, LintRule, Severity
from schemata.compat.lint.config import LintConfig
from schemata.compat.lint.jsonschema import is_object_schema
from schemata.compat.lint.protobuf import message_path
from schemata.compat.lint.target import LintTarget
from schemata.compat.protobuf.model import EnumModel, MessageModel
from schemata.compat.protobuf.schema import ProtobufSchema

_AVRO = frozenset({"AVRO"})
_PROTOBUF = frozenset({"PROTOBUF"})


@CATALOGUE.rule(
    "OPTIONAL_FIELD_NULL_DEFAULT", category="evolution", severity=Severity.WARNING, formats=_AVRO,
    purpose="An optional Avro field is a union with null first and a null default, so that it can be added "
    "and removed compatibly.",
    hint='Write the type as ["null", T] and add "default": null.',
)
def optional_field_null_default(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        for field in record.fields:
            node = field.node
            assert isinstance(node, Field)
            if not isinstance(node.type, Union) or not field.optional:
                continue
            first = node.type.branches[0]
            if not (isinstance(first, Primitive) and first.name == "null"):
                yield rule.finding(
                    f"{field.path}/type", f"Optional field '{field.name}': null is not the union's first branch"
                )
            elif node.default is not None:
                shown = "no default" if not node.has_default else f"default {node.default!r}"
                yield rule.finding(field.path, f"Optional field '{field.name}' has {shown}, not null")


@CATALOGUE.rule(
    "ENUM_DEFAULT_SYMBOL", category="evolution", severity=Severity.WARNING, formats=_AVRO, default=False,
    purpose="An Avro enum has a `default` symbol, so that readers can read symbols added after them (forward "
    "compatibility).",
    hint='Add an UNKNOWN symbol and "default": "UNKNOWN" to the enum.',
)
def enum_default_symbol(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for enum in target.view.enums:
        assert isinstance(enum.node, Enum)
        if enum.node.default is None:
            yield rule.finding(enum.name_path, f"Enum '{enum.name}' has no default symbol")


@CATALOGUE.rule(
    "ENUM_ZERO_VALUE_UNSPECIFIED", category="evolution", severity=Severity.WARNING, formats=_PROTOBUF,
    purpose="A Protobuf enum's zero value is NAME_UNSPECIFIED: it is what readers see for values they do not "
    "know, and for fields never set.",
    hint="Make the first value `<ENUM_NAME>_UNSPECIFIED = 0;` and give it no business meaning.",
)
def enum_zero_value_unspecified(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for enum in target.view.enums:
        assert isinstance(enum.node, EnumModel)
        zero = next((name for name, number in enum.node.values if number == 0), None)
        if zero is None or not zero.endswith("_UNSPECIFIED"):
            path = f"{enum.path}/{zero}" if zero else enum.path
            yield rule.finding(path, f"Enum '{enum.name}': the zero value {zero} does not end in _UNSPECIFIED")


@CATALOGUE.rule(
    "PROTOBUF_REMOVED_FIELD_RESERVED", category="evolution", severity=Severity.ERROR, formats=_PROTOBUF,
    purpose="A field removed from a Protobuf message has its number and name reserved, so that they are never "
    "reused with another meaning (needs the previous version).",
    hint="Add `reserved <number>;` and `reserved \"<name>\";` to the message.",
)
def protobuf_removed_field_reserved(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    previous = target.previous
    if not isinstance(previous, ProtobufSchema):
        return
    assert isinstance(target.schema, ProtobufSchema)
    before = {m.full_name: m for m in previous.model.all_messages()}
    for message in target.schema.model.all_messages():
        old = before.get(message.full_name)
        if old is None or message.is_map_entry:
            continue
        for number, field in old.fields.items():
            if number not in message.fields:
                yield from _unreserved(rule, message, number, field.name)


def _unreserved(rule: LintRule, message: MessageModel, number: int, name: str) -> Iterator[Finding]:
    missing = []
    if not any(low <= number <= high for low, high in message.reserved_ranges):
        missing.append(f"number {number}")
    if name not in message.reserved_names:
        missing.append(f"name '{name}'")
    if missing:
        yield rule.finding(
            message_path(message),
            f"Field '{name}' ({number}) was removed from '{message.name}' without reserving its "
            + " and ".join(missing),
        )


@CATALOGUE.rule(
    "JSON_ADDITIONAL_PROPERTIES_EXPLICIT", category="evolution", severity=Severity.WARNING,
    formats=frozenset({"JSON"}),
    purpose="A JSON Schema object states `additionalProperties` (or `unevaluatedProperties`): whether it is "
    "open or closed decides which changes are compatible.",
    hint="Add `\"additionalProperties\": false` (closed: properties can be added compatibly) or `true` (open).",
)
def json_additional_properties_explicit(rule: LintRule, target: LintTarget, config: LintConfig) -> Iterator[Finding]:
    for record in target.view.records:
        node = record.node
        if is_object_schema(node) and not {"additionalProperties", "unevaluatedProperties"} & set(node):
            yield rule.finding(record.path, "Object schema does not say whether it allows additional properties")
