"""A deterministic .proto printer for a FileDescriptorProto: the canonical text of a Protobuf schema.

Two sources that compile to the same descriptor print the same text (comments and layout do not survive;
options, reserved ranges and names, extensions and services do). `normalize=True` does what Confluent's
normalization does: imports, options, reserved ranges and names are sorted, fields and enum values are
ordered by number (an enum's first value, its default, stays first) and every type reference is printed
fully qualified, so reorderings that do not change the encoding print alike. The declaration order of
messages and enums is kept: it defines the message indexes of the wire format.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pb2 import FieldDescriptorProto as F

from schemata.compat.protobuf.names import SymbolTable
from schemata.compat.protobuf.options import OptionReader, quote

_INDENT = "  "
_MAX_FIELD_NUMBER = 536870911
_MAX_ENUM_NUMBER = 2147483647
_SCALAR_NAMES: dict[int, str] = {
    F.TYPE_DOUBLE: "double", F.TYPE_FLOAT: "float", F.TYPE_INT64: "int64", F.TYPE_UINT64: "uint64",
    F.TYPE_INT32: "int32", F.TYPE_FIXED64: "fixed64", F.TYPE_FIXED32: "fixed32", F.TYPE_BOOL: "bool",
    F.TYPE_STRING: "string", F.TYPE_BYTES: "bytes", F.TYPE_UINT32: "uint32", F.TYPE_SFIXED32: "sfixed32",
    F.TYPE_SFIXED64: "sfixed64", F.TYPE_SINT32: "sint32", F.TYPE_SINT64: "sint64",
}


def scalar_name(field_type: int) -> str | None:
    """The .proto keyword of a scalar field type, None for messages, groups and enums."""
    return _SCALAR_NAMES.get(field_type)


@dataclass(frozen=True, slots=True)
class _Context:
    file: descriptor_pb2.FileDescriptorProto
    symbols: SymbolTable
    options: OptionReader
    normalize: bool

    @property
    def editions(self) -> bool:
        return self.file.syntax == "editions"

    @property
    def proto3(self) -> bool:
        return self.file.syntax == "proto3"


def print_file(
    file: descriptor_pb2.FileDescriptorProto,
    symbols: SymbolTable,
    options: OptionReader,
    *,
    normalize: bool = False,
) -> str:
    """The .proto text of `file`."""
    ctx = _Context(file, symbols, options, normalize)
    blocks: list[list[str]] = [[_syntax_line(file)]]
    if file.package:
        blocks.append([f"package {file.package};"])
    blocks.append(_imports(file, normalize))
    blocks.append([f"option {o};" for o in ctx.options.assignments(file.options, sort=normalize)])
    scope = file.package
    for message in file.message_type:
        blocks.append(_message(ctx, message, scope, 0))
    for enum in file.enum_type:
        blocks.append(_enum(ctx, enum, 0))
    blocks.append(_extend_blocks(ctx, file.extension, scope, 0))
    for service in file.service:
        blocks.append(_service(ctx, service, scope))
    return "\n\n".join("\n".join(block) for block in blocks if block) + "\n"


def _syntax_line(file: descriptor_pb2.FileDescriptorProto) -> str:
    if file.syntax == "editions":
        edition = descriptor_pb2.Edition.Name(file.edition).removeprefix("EDITION_")
        return f'edition = "{edition}";'
    return f'syntax = "{file.syntax or "proto2"}";'


def _imports(file: descriptor_pb2.FileDescriptorProto, normalize: bool) -> list[str]:
    public, weak = set(file.public_dependency), set(file.weak_dependency)
    lines = []
    for index, name in enumerate(file.dependency):
        modifier = "public " if index in public else "weak " if index in weak else ""
        lines.append(f"import {modifier}{quote(name)};")
    lines.extend(f"import option {quote(name)};" for name in file.option_dependency)
    return sorted(lines) if normalize else lines


def _message(ctx: _Context, message: descriptor_pb2.DescriptorProto, scope: str, depth: int) -> list[str]:
    body = _message_body(ctx, message, scope, depth + 1)
    return [_pad(depth) + f"message {message.name} {{", *body, _pad(depth) + "}"]


def _message_body(ctx: _Context, message: descriptor_pb2.DescriptorProto, scope: str, depth: int) -> list[str]:
    name = f"{scope}.{message.name}" if scope else message.name
    nested = {f".{name}.{n.name}": n for n in message.nested_type}
    inline = {f.type_name for f in message.field if _is_map(f, nested) or f.type == F.TYPE_GROUP}
    lines = [_pad(depth) + f"option {o};" for o in ctx.options.assignments(message.options, sort=ctx.normalize)]
    lines += _fields_and_oneofs(ctx, message, nested, name, depth)
    for child in message.nested_type:
        if f".{name}.{child.name}" not in inline:
            lines += _message(ctx, child, name, depth)
    for enum in message.enum_type:
        lines += _enum(ctx, enum, depth)
    for ext_range in message.extension_range:
        opts = ctx.options.assignments(ext_range.options, sort=ctx.normalize)
        span = _range(ext_range.start, ext_range.end - 1, _MAX_FIELD_NUMBER)
        lines.append(_pad(depth) + f"extensions {span}{_brackets(opts)};")
    lines += _extend_blocks(ctx, message.extension, name, depth)
    lines += _reserved(ctx, [(r.start, r.end - 1) for r in message.reserved_range], message.reserved_name,
                       _MAX_FIELD_NUMBER, depth)
    return lines


def _fields_and_oneofs(
    ctx: _Context,
    message: descriptor_pb2.DescriptorProto,
    nested: dict[str, descriptor_pb2.DescriptorProto],
    scope: str,
    depth: int,
) -> list[str]:
    """Fields in order; a real oneof is printed as a block where its first field appears."""
    fields = sorted(message.field, key=lambda f: f.number) if ctx.normalize else list(message.field)
    lines: list[str] = []
    printed_oneofs: set[int] = set()
    for field in fields:
        if field.HasField("oneof_index") and not field.proto3_optional:
            index = field.oneof_index
            if index in printed_oneofs:
                continue
            printed_oneofs.add(index)
            oneof = message.oneof_decl[index]
            lines.append(_pad(depth) + f"oneof {oneof.name} {{")
            oneof_options = ctx.options.assignments(oneof.options, sort=ctx.normalize)
            lines += [_pad(depth + 1) + f"option {o};" for o in oneof_options]
            for member in fields:
                if member.HasField("oneof_index") and member.oneof_index == index:
                    lines += _field(ctx, member, nested, scope, depth + 1, in_oneof=True)
            lines.append(_pad(depth) + "}")
        else:
            lines += _field(ctx, field, nested, scope, depth, in_oneof=False)
    return lines


def _field(
    ctx: _Context,
    field: F,
    nested: dict[str, descriptor_pb2.DescriptorProto],
    scope: str,
    depth: int,
    *,
    in_oneof: bool,
) -> list[str]:
    opts = _field_options(ctx, field, scope)
    if _is_map(field, nested):
        entry = nested[field.type_name]
        key, value = entry.field[0], entry.field[1]
        kind = f"map<{_type(ctx, key, scope)}, {_type(ctx, value, scope)}>"
        return [_pad(depth) + f"{kind} {field.name} = {field.number}{_brackets(opts)};"]
    label = "" if in_oneof else _label(ctx, field)
    if field.type == F.TYPE_GROUP:
        group = nested[field.type_name]
        head = f"{label}group {group.name} = {field.number}{_brackets(opts)} {{"
        body = _message_body(ctx, group, scope, depth + 1)
        return [_pad(depth) + head, *body, _pad(depth) + "}"]
    return [_pad(depth) + f"{label}{_type(ctx, field, scope)} {field.name} = {field.number}{_brackets(opts)};"]


def _label(ctx: _Context, field: F) -> str:
    if field.label == F.LABEL_REPEATED:
        return "repeated "
    if ctx.editions:
        return ""
    if field.label == F.LABEL_REQUIRED:
        return "required "
    if ctx.proto3:
        return "optional " if field.proto3_optional else ""
    return "optional "


def _field_options(ctx: _Context, field: F, scope: str) -> list[str]:
    opts = []
    if field.HasField("default_value"):
        opts.append(f"default = {_default(field)}")
    if field.HasField("json_name") and field.json_name != default_json_name(field.name):
        opts.append(f"json_name = {quote(field.json_name)}")
    return opts + ctx.options.assignments(field.options, sort=ctx.normalize)


def default_json_name(name: str) -> str:
    """protoc's JSON name of a field: underscores dropped, the letter after each one upper-cased.

    Descriptors built by the runtime carry it for every field; printing it only when it differs keeps the
    canonical text the same whether a schema arrived as .proto source or as a serialized descriptor.
    """
    parts = name.split("_")
    return parts[0] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _default(field: F) -> str:
    if field.type == F.TYPE_STRING:
        return quote(field.default_value)
    if field.type == F.TYPE_BYTES:
        return f'"{field.default_value}"'  # protoc stores bytes defaults already C-escaped
    return field.default_value


def _type(ctx: _Context, field: F, scope: str) -> str:
    scalar = scalar_name(field.type)
    if scalar is not None:
        return scalar
    if ctx.normalize:
        return field.type_name
    return ctx.symbols.reference(field.type_name, scope)


def _extend_blocks(ctx: _Context, extensions: Sequence[F], scope: str, depth: int) -> list[str]:
    """Extensions grouped into `extend` blocks by consecutive runs of the same extendee."""
    lines: list[str] = []
    run: list[F] = []
    for ext in [*extensions, None]:
        if run and (ext is None or ext.extendee != run[0].extendee):
            target = run[0].extendee if ctx.normalize else ctx.symbols.reference(run[0].extendee, scope)
            lines.append(_pad(depth) + f"extend {target} {{")
            for item in run:
                lines += _field(ctx, item, {}, scope, depth + 1, in_oneof=False)
            lines.append(_pad(depth) + "}")
            run = []
        if ext is not None:
            run.append(ext)
    return lines


def _enum(ctx: _Context, enum: descriptor_pb2.EnumDescriptorProto, depth: int) -> list[str]:
    lines = [_pad(depth) + f"enum {enum.name} {{"]
    lines += [_pad(depth + 1) + f"option {o};" for o in ctx.options.assignments(enum.options, sort=ctx.normalize)]
    values = list(enum.value)
    if ctx.normalize:
        # The first value stays first: it is the default (and must be 0 in proto3).
        values = values[:1] + sorted(values[1:], key=lambda v: (v.number, v.name))
    for value in values:
        opts = ctx.options.assignments(value.options, sort=ctx.normalize)
        lines.append(_pad(depth + 1) + f"{value.name} = {value.number}{_brackets(opts)};")
    lines += _reserved(ctx, [(r.start, r.end) for r in enum.reserved_range], enum.reserved_name,
                       _MAX_ENUM_NUMBER, depth + 1)
    return [*lines, _pad(depth) + "}"]


def _reserved(
    ctx: _Context, ranges: list[tuple[int, int]], names: Iterable[str], maximum: int, depth: int
) -> list[str]:
    """`reserved` lines for inclusive ranges and for names (identifiers in editions, strings before)."""
    lines = []
    if ranges:
        ordered = sorted(ranges) if ctx.normalize else ranges
        lines.append(_pad(depth) + "reserved " + ", ".join(_range(a, b, maximum) for a, b in ordered) + ";")
    names = sorted(names) if ctx.normalize else list(names)
    if names:
        shown = names if ctx.editions else [quote(n) for n in names]
        lines.append(_pad(depth) + "reserved " + ", ".join(shown) + ";")
    return lines


def _service(ctx: _Context, service: descriptor_pb2.ServiceDescriptorProto, scope: str) -> list[str]:
    lines = [f"service {service.name} {{"]
    lines += [_pad(1) + f"option {o};" for o in ctx.options.assignments(service.options, sort=ctx.normalize)]
    for method in service.method:
        request = _stream(method.client_streaming) + _ref(ctx, method.input_type, scope)
        response = _stream(method.server_streaming) + _ref(ctx, method.output_type, scope)
        head = f"rpc {method.name}({request}) returns ({response})"
        opts = ctx.options.assignments(method.options, sort=ctx.normalize)
        if opts:
            lines.append(_pad(1) + head + " {")
            lines += [_pad(2) + f"option {o};" for o in opts]
            lines.append(_pad(1) + "}")
        else:
            lines.append(_pad(1) + head + ";")
    return [*lines, "}"]


def _ref(ctx: _Context, full_name: str, scope: str) -> str:
    return full_name if ctx.normalize else ctx.symbols.reference(full_name, scope)


def _stream(flag: bool) -> str:
    return "stream " if flag else ""


def _range(start: int, end: int, maximum: int) -> str:
    if start == end:
        return str(start)
    return f"{start} to {'max' if end >= maximum else end}"


def _brackets(opts: list[str]) -> str:
    return f" [{', '.join(opts)}]" if opts else ""


def _is_map(field: F, nested: dict[str, descriptor_pb2.DescriptorProto]) -> bool:
    entry = nested.get(field.type_name) if field.type == F.TYPE_MESSAGE else None
    return entry is not None and entry.options.map_entry and field.label == F.LABEL_REPEATED


def _pad(depth: int) -> str:
    return _INDENT * depth
