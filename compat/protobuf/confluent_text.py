"""Confluent's rendering of a Protobuf schema: the text its registry stores and returns.

Confluent Schema Registry keeps `ProtobufSchema.canonicalString()`, which `ProtobufSchemaUtils.toString` prints
from square/wire's element tree (see `elements`). Its layout, reproduced here:

- `syntax` (only if the source has one) and `package` lines, then a blank line before each group that is
  present: imports (plain, then public), file options, types, `extend` blocks, services;
- types as written but, at every level, all messages first and then all enums (each group in source order,
  so message indexes do not change); two-space indentation; comments dropped;
- in a message: reserved lines, options, fields, oneofs, extension ranges, `extend` blocks, nested types, each
  group after a blank line; an enum has no blank lines; type and option names exactly as written;
- a field's options in brackets, one inline, several one per line; `default` and `json_name` last;
- option values: strings double-quoted and re-escaped, numbers, enums and booleans as written, message
  literals one `key: value` per line with repeated keys merged into a list, lists one item per line.

Deliberate differences, so that the text always compiles back: a `bytes` field's default is quoted and
import paths are escaped (Confluent prints both bare).
"""

from __future__ import annotations

from collections.abc import Sequence

from schemata.compat.protobuf.elements import (
    MAX_TAG,
    EnumConstant,
    EnumElement,
    ExtendElement,
    FieldElement,
    FileElement,
    MessageElement,
    OneOfElement,
    Option,
    Primitive,
    RangeItem,
    RpcElement,
    ServiceElement,
    Value,
)

_NUMERIC = frozenset({"double", "float", "fixed32", "fixed64", "int32", "int64", "sfixed32", "sfixed64",
                      "sint32", "sint64", "uint32", "uint64"})
_ESCAPED = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
            "\\": "\\\\", "'": "\\'", '"': '\\"'}


def confluent_text(file: FileElement, *, member_order: bool = False) -> str:
    """The text Confluent's registry stores for `file` (registered without normalize). With `member_order`,
    a message's oneofs stay among its fields where the source has them, instead of after all fields."""
    out = []
    if file.syntax is not None:
        out.append(f'syntax = "{file.syntax}";\n')
    if file.package is not None:
        out.append(f"package {file.package};\n")
    if file.imports or file.public_imports:
        out.append("\n")
        out += [f"import {_quoted(name)};\n" for name in file.imports]
        out += [f"import public {_quoted(name)};\n" for name in file.public_imports]
    if file.options:
        out.append("\n")
        out += [f"option {_option(o)};\n" for o in file.options]
    if file.types:
        out.append("\n")
        out += [_type(t, member_order) for t in _messages_then_enums(file.types)]
    if file.extends:
        out.append("\n")
        out += [_extend(e) for e in file.extends]
    if file.services:
        out.append("\n")
        out += [_service(s) for s in file.services]
    return "".join(out)


def _messages_then_enums(types: Sequence[MessageElement | EnumElement]) -> list[MessageElement | EnumElement]:
    return [t for t in types if isinstance(t, MessageElement)] + [t for t in types if isinstance(t, EnumElement)]


def _type(element: MessageElement | EnumElement, member_order: bool) -> str:
    return _message(element, member_order) if isinstance(element, MessageElement) else _enum(element)


def _indented(text: str) -> str:
    """Every line of `text` indented by two spaces (trailing empty lines dropped, as Java's split does)."""
    lines = text.split("\n")
    while len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return "".join(f"  {line}\n" for line in lines)


def _section(out: list[str], items: Sequence[str]) -> None:
    if items:
        out.append("\n")
        out += [_indented(item) for item in items]


def _message(message: MessageElement, member_order: bool) -> str:
    out = [f"message {message.name} {{"]
    _section(out, [_ranges("reserved", r) for r in message.reserved])
    _section(out, [f"option {_option(o)};\n" for o in message.options])
    if member_order:
        _section(out, [_field(m) if isinstance(m, FieldElement) else _oneof(m) for m in message.members])
    else:
        _section(out, [_field(f) for f in message.fields])
        _section(out, [_oneof(o) for o in message.oneofs])
    _section(out, [_ranges("extensions", r) for r in message.extensions])
    _section(out, [_extend(e) for e in message.extends])
    _section(out, [_type(t, member_order) for t in _messages_then_enums(message.types)])
    out.append("}\n")
    return "".join(out)


def _enum(enum: EnumElement) -> str:
    out = [f"enum {enum.name} {{"]
    if enum.reserved or enum.options or enum.constants:
        out.append("\n")
    out += [_indented(_ranges("reserved", r)) for r in enum.reserved]
    out += [_indented(f"option {_option(o)};\n") for o in enum.options]
    out += [_indented(_constant(c)) for c in enum.constants]
    out.append("}\n")
    return "".join(out)


def _constant(constant: EnumConstant) -> str:
    options = f" {_bracketed(constant.options)}" if constant.options else ""
    return f"{constant.name} = {constant.tag}{options};\n"


def _block(head: str, options: Sequence[Option], items: Sequence[str]) -> str:
    """`head {`, its options, then its items (each group after a line break), `}`."""
    out = [f"{head} {{"]
    _section(out, [f"option {_option(o)};\n" for o in options])
    _section(out, items)
    out.append("}\n")
    return "".join(out)


def _oneof(oneof: OneOfElement) -> str:
    return _block(f"oneof {oneof.name}", oneof.options, [_field(f) for f in oneof.fields])


def _extend(extend: ExtendElement) -> str:
    return _block(f"extend {extend.name}", (), [_field(f) for f in extend.fields])


def _field(element: FieldElement) -> str:
    options = list(element.options)
    if element.default is not None:
        options.append(Option("default", Primitive(_default_kind(element.type), element.default)))
    if element.json_name is not None:
        options.append(Option("json_name", Primitive("STRING", element.json_name)))
    label = f"{element.label} " if element.label else ""
    suffix = f" {_bracketed(options)}" if options else ""
    return f"{label}{element.type} {element.name} = {element.tag}{suffix};\n"


def _default_kind(type_name: str) -> str:
    if type_name in ("string", "bytes"):
        return "STRING"
    if type_name == "bool":
        return "BOOLEAN"
    return "NUMBER" if type_name in _NUMERIC else "ENUM"


def _ranges(keyword: str, items: Sequence[RangeItem]) -> str:
    def one(item: RangeItem) -> str:
        if isinstance(item, str):
            return f'"{item}"'
        if isinstance(item, int):
            return str(item)
        start, end = item
        return f"{start} to {'max' if end >= MAX_TAG else end}"

    return f"{keyword} {', '.join(one(i) for i in items)};\n"


def _service(service: ServiceElement) -> str:
    return _block(f"service {service.name}", service.options, [_rpc(r) for r in service.rpcs])


def _rpc(rpc: RpcElement) -> str:
    request = ("stream " if rpc.request_stream else "") + rpc.request
    response = ("stream " if rpc.response_stream else "") + rpc.response
    head = f"rpc {rpc.name} ({request}) returns ({response})"
    if rpc.options:
        body = "".join(_indented(f"option {_option(o)};\n") for o in rpc.options)
        head += " {\n" + body + "}"
    return head + ";\n"


def _option(option: Option) -> str:
    name = f"({option.name})" if option.parenthesized else option.name
    value = option.value
    if isinstance(value, Option):
        return f"{name}.{_option(value)}"
    if isinstance(value, dict):
        return f"{name} = {{\n{_literal_fields(value)}}}"
    if isinstance(value, list):
        return f"{name} = {_bracketed(value)}"
    return f"{name} = {_value(value)}"


def _bracketed(items: Sequence[Value]) -> str:
    """Option lists and list values at the top of an option: one item inline, several one per line."""
    if len(items) == 1:
        return f"[{_value(items[0])}]"
    lines = [_indented(_value(item) + ("," if i < len(items) - 1 else "")) for i, item in enumerate(items)]
    return "[\n" + "".join(lines) + "]"


def _literal_fields(fields: dict[str, Value]) -> str:
    last = len(fields) - 1
    return "".join(
        _indented(f"{key}: {_value(value)}{',' if i != last else ''}") for i, (key, value) in enumerate(fields.items())
    )


def _value(value: Value) -> str:
    if isinstance(value, Option):
        return _option(value)
    if isinstance(value, dict):
        return "{\n" + _literal_fields(value) + "}"
    if isinstance(value, list):
        last = len(value) - 1
        return "[\n" + "".join(_indented(_value(v) + ("," if i != last else "")) for i, v in enumerate(value)) + "]"
    return _quoted(value.text) if value.kind == "STRING" else value.text


def _quoted(text: str) -> str:
    return '"' + "".join(_ESCAPED.get(char, char) for char in text) + '"'
