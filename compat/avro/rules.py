"""The Avro rules: one small function per incompatibility kind of Apache Avro's `SchemaCompatibility`.

Each rule looks at one reader/writer element pair and yields findings with paths relative to that pair;
`schemata.compat.avro.resolution` walks the schemas, calls them, and places the findings. The entries (ids,
kinds of pair, purposes, hints) are in `schemata.compat.catalogue.avro`.
"""

from __future__ import annotations

from collections.abc import Iterator

from schemata.compat.avro.matching import PROMOTIONS, names_match, promotes, writer_field_for
from schemata.compat.avro.model import AvroType, Enum, Fixed, NamedType, Record, Union, describe
from schemata.compat.catalogue import Avro
from schemata.compat.findings import Finding
from schemata.compat.rules import Rule, RuleBook

AVRO_RULES = RuleBook(Avro)


@AVRO_RULES.rule(Avro.TYPE_MISMATCH)
def type_mismatch(rule: Rule, reader: AvroType, writer: AvroType) -> Iterator[Finding]:
    if promotes(writer.kind, reader.kind):
        return
    hint = f"Use the same type in both schemas, or make the reader's type a union that includes {describe(writer)}"
    wider = sorted(PROMOTIONS.get(writer.kind, ()))
    hint += f"; a reader may also read {writer.kind} as {', '.join(wider)}." if wider else "."
    yield rule.finding("", f"the reader's type {describe(reader)} cannot read the writer's {describe(writer)}", hint)


@AVRO_RULES.rule(Avro.NAME_MISMATCH)
def name_mismatch(rule: Rule, reader: NamedType, writer: NamedType) -> Iterator[Finding]:
    if names_match(reader, writer):
        return
    yield rule.finding(
        "/name",
        f"the reader's {reader.kind} is named '{reader.fullname}' but the writer's is '{writer.fullname}'",
        f'Use the same name in both schemas, or add "aliases": ["{writer.fullname}"] to the reader\'s '
        f"{reader.kind} '{reader.fullname}'.",
    )


@AVRO_RULES.rule(Avro.FIXED_SIZE_MISMATCH)
def fixed_size_mismatch(rule: Rule, reader: Fixed, writer: Fixed) -> Iterator[Finding]:
    if reader.size != writer.size:
        yield rule.finding(
            "/size",
            f"the reader's fixed '{reader.fullname}' has size {reader.size} but the writer's has size {writer.size}",
        )


@AVRO_RULES.rule(Avro.MISSING_ENUM_SYMBOLS)
def missing_enum_symbols(rule: Rule, reader: Enum, writer: Enum) -> Iterator[Finding]:
    missing = [symbol for symbol in writer.symbols if symbol not in reader.symbols]
    if missing and reader.default is None:
        listed = ", ".join(missing)
        yield rule.finding(
            "/symbols",
            f"the writer's enum '{writer.fullname}' has symbols that the reader's enum lacks: {listed}",
            f"Add {listed} to the reader's enum (or remove them from the writer's), or give the reader's enum a "
            'default symbol to read unknown symbols as ("default": "<symbol>").',
        )


@AVRO_RULES.rule(Avro.READER_FIELD_MISSING_DEFAULT_VALUE)
def reader_field_missing_default_value(rule: Rule, reader: Record, writer: Record) -> Iterator[Finding]:
    for index, field in enumerate(reader.fields):
        if field.has_default or writer_field_for(writer, field) is not None:
            continue
        yield rule.finding(
            f"/fields/{index}",
            f"the reader has this field ({describe(field.type)}) but the writer's record '{writer.fullname}' "
            "does not, and the field has no default",
            f"Add a default to field '{field.name}'{_optional_example(field.type)}, or keep the field in the "
            "writer; if it was renamed, list the writer's name in the field's aliases.",
        )


def _optional_example(node: AvroType) -> str:
    """How to give a field of type `node` the default null."""
    if isinstance(node, Union) and node.branches and node.branches[0].kind == "null":
        return ' ("default": null)'
    if isinstance(node, Union) and any(branch.kind == "null" for branch in node.branches):
        return ' (put "null" first in the union, then "default": null)'
    return f' (to make it optional: ["null", {describe(node)}] with "default": null)'


@AVRO_RULES.rule(Avro.MISSING_UNION_BRANCH)
def missing_union_branch(rule: Rule, reader: Union, writer: AvroType) -> Iterator[Finding]:
    """Run by the walk once no branch of `reader` could read `writer` and none was meant for it."""
    yield rule.finding(
        "",
        f"the reader's {describe(reader)} has no branch that can read the writer's {describe(writer)}",
        f"Add {describe(writer)} (or a type it promotes to) to the reader's union.",
    )
