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

With normalize (`ProtobufSchemaUtils.toNormalizedString`, the text of a schema registered with
normalize=true), the same layout with, at every level:

- imports sorted (duplicates dropped), `syntax` only for proto3;
- options sorted by name; a custom option's name resolved to its full name (without the leading dot), its
  `(a).b.c = v` form turned into `(a) = { b: { c: v } }`, and the settings of one non-repeated custom option
  merged into one (keys given twice become a list);
- in message literals: keys sorted, `[extension]` keys resolved, empty lists dropped, one-item lists
  unwrapped; numbers printed as Java's DecimalFormat does (see `java_number`);
- fields ordered by number; oneofs (empty ones dropped) by their first field's number, their fields too;
- reserved and extension ranges one per line, sorted, `n to n` printed `n`; enum values ordered by number;
- type names fully qualified with a leading dot (a map's value type too); `extend` blocks of one extendee
  merged, their fields ordered by number. Messages, enums, services and rpcs keep their order (message
  indexes depend on it).

Deliberate differences, so that the text always compiles back: a `bytes` field's default is quoted and
import paths are escaped (Confluent prints both bare).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from google.protobuf import descriptor_pb2
from google.protobuf.descriptor_pb2 import FieldDescriptorProto

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
    Unsupported,
    Value,
)
from schemata.compat.protobuf.java_number import java_number

_NUMERIC = frozenset({"double", "float", "fixed32", "fixed64", "int32", "int64", "sfixed32", "sfixed64",
                      "sint32", "sint64", "uint32", "uint64"})
_SCALARS = _NUMERIC | {"bool", "string", "bytes"}
#: Where a reserved name sorts among numbers when normalizing (Java's Integer.MAX_VALUE).
_NAME_RANK = 2**31 - 1
_ESCAPED = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
            "\\": "\\\\", "'": "\\'", '"': '\\"'}


@dataclass(frozen=True, slots=True)
class Declared:
    """What normalizing resolves names against: the full names (no leading dot) of the messages and enums of a
    schema and its imports, and of their extensions, each with whether it is repeated."""

    types: frozenset[str]
    extensions: Mapping[str, bool]

    @classmethod
    def of(cls, files: Sequence[descriptor_pb2.FileDescriptorProto]) -> Declared:
        types: set[str] = set()
        extensions: dict[str, bool] = {}

        def scope(prefix: str, messages: Sequence[descriptor_pb2.DescriptorProto],
                  enums: Sequence[descriptor_pb2.EnumDescriptorProto],
                  extends: Sequence[FieldDescriptorProto]) -> None:
            types.update(f"{prefix}{enum.name}" for enum in enums)
            extensions.update({f"{prefix}{e.name}": e.label == FieldDescriptorProto.LABEL_REPEATED for e in extends})
            for message in messages:
                name = f"{prefix}{message.name}"
                types.add(name)
                scope(f"{name}.", message.nested_type, message.enum_type, message.extension)

        for file in files:
            scope(f"{file.package}." if file.package else "", file.message_type, file.enum_type, file.extension)
        return cls(frozenset(types), extensions)


def confluent_text(file: FileElement, *, member_order: bool = False, normalized: Declared | None = None) -> str:
    """The text Confluent's registry stores for `file`: as registered without normalize, or, given what the
    schema and its imports declare (`normalized`), with normalize. With `member_order` (not normalizing), a
    message's oneofs stay among its fields where the source has them, instead of after all fields.
    Unsupported if normalizing meets a type name that resolves to nothing declared."""
    return _Printer(file.package, member_order, normalized).file(file)


class _Printer:
    def __init__(self, package: str | None, member_order: bool, declared: Declared | None) -> None:
        self.member_order = member_order and declared is None
        self.declared = declared
        #: The package and the names of the types being printed: the scope names resolve in.
        self.scope: list[str] = package.split(".") if package else []

    @contextmanager
    def entered(self, name: str) -> Iterator[None]:
        self.scope.append(name)
        try:
            yield
        finally:
            self.scope.pop()

    def file(self, file: FileElement) -> str:
        out = []
        if file.syntax is not None and (self.declared is None or file.syntax == "proto3"):
            out.append(f'syntax = "{file.syntax}";\n')
        if file.package is not None:
            out.append(f"package {file.package};\n")
        if file.imports or file.public_imports:
            out.append("\n")
            out += [f"import {_quoted(name)};\n" for name in self.imports(file.imports)]
            out += [f"import public {_quoted(name)};\n" for name in self.imports(file.public_imports)]
        options = self.options(file.options)
        if options:
            out.append("\n")
            out += [f"option {self.option(o)};\n" for o in options]
        if file.types:
            out.append("\n")
            out += [self.type(t) for t in _messages_then_enums(file.types)]
        if file.extends:
            out.append("\n")
            out += [self.extend(e) for e in self.extends(file.extends)]
        if file.services:
            out.append("\n")
            out += [self.service(s) for s in file.services]
        return "".join(out)

    def imports(self, names: list[str]) -> list[str]:
        return names if self.declared is None else sorted(set(names))

    def type(self, element: MessageElement | EnumElement) -> str:
        with self.entered(element.name):
            return self.message(element) if isinstance(element, MessageElement) else self.enum(element)

    def message(self, message: MessageElement) -> str:
        out = [f"message {message.name} {{"]
        _section(out, [_ranges("reserved", r, self.declared) for r in self.ranges(message.reserved)])
        _section(out, [f"option {self.option(o)};\n" for o in self.options(message.options)])
        if self.member_order:
            _section(out, [self.field(m) if isinstance(m, FieldElement) else self.oneof(m) for m in message.members])
        else:
            _section(out, [self.field(f) for f in self.by_tag(message.fields)])
            _section(out, [self.oneof(o) for o in self.oneofs(message.oneofs)])
        _section(out, [_ranges("extensions", r, self.declared) for r in self.ranges(message.extensions)])
        _section(out, [self.extend(e) for e in self.extends(message.extends)])
        _section(out, [self.type(t) for t in _messages_then_enums(message.types)])
        out.append("}\n")
        return "".join(out)

    def enum(self, enum: EnumElement) -> str:
        out = [f"enum {enum.name} {{"]
        options = self.options(enum.options)
        if enum.reserved or options or enum.constants:
            out.append("\n")
        out += [_indented(_ranges("reserved", r, self.declared)) for r in self.ranges(enum.reserved)]
        out += [_indented(f"option {self.option(o)};\n") for o in options]
        constants = enum.constants if self.declared is None else sorted(enum.constants, key=lambda c: (c.tag, c.name))
        out += [_indented(self.constant(c)) for c in constants]
        out.append("}\n")
        return "".join(out)

    def constant(self, constant: EnumConstant) -> str:
        options = self.options(constant.options)
        suffix = f" {self.bracketed(options)}" if options else ""
        return f"{constant.name} = {constant.tag}{suffix};\n"

    def block(self, head: str, options: Sequence[Option], items: Sequence[str]) -> str:
        """`head {`, its options, then its items (each group after a line break), `}`."""
        out = [f"{head} {{"]
        _section(out, [f"option {self.option(o)};\n" for o in self.options(options)])
        _section(out, items)
        out.append("}\n")
        return "".join(out)

    def oneof(self, oneof: OneOfElement) -> str:
        return self.block(f"oneof {oneof.name}", oneof.options, [self.field(f) for f in self.by_tag(oneof.fields)])

    def oneofs(self, oneofs: list[OneOfElement]) -> list[OneOfElement]:
        if self.declared is None:
            return oneofs
        return sorted((o for o in oneofs if o.fields), key=lambda o: min(f.tag for f in o.fields))

    def extend(self, extend: ExtendElement) -> str:
        return self.block(f"extend {extend.name}", (), [self.field(f) for f in self.by_tag(extend.fields)])

    def extends(self, extends: list[ExtendElement]) -> list[ExtendElement]:
        """As written, or when normalizing: one block per extendee, named in full."""
        if self.declared is None:
            return extends
        merged: dict[str, ExtendElement] = {}
        for extend in extends:
            name = "." + self.require(extend.name)
            merged.setdefault(name, ExtendElement(name)).fields.extend(extend.fields)
        return list(merged.values())

    def by_tag(self, fields: list[FieldElement]) -> list[FieldElement]:
        return fields if self.declared is None else sorted(fields, key=lambda f: f.tag)

    def ranges(self, groups: list[list[RangeItem]]) -> list[list[RangeItem]]:
        """As written, or when normalizing: one item a line, numbers first (by start), then names."""
        if self.declared is None:
            return groups

        def rank(item: RangeItem) -> tuple[int, str]:
            if isinstance(item, str):
                return _NAME_RANK, item
            if isinstance(item, int):
                return item, str(item)
            return item[0], f"{item[0]}..{item[1]}"

        return [[item] for item in sorted((i for group in groups for i in group), key=rank)]

    def field(self, element: FieldElement) -> str:
        options = list(element.options)
        if element.default is not None:
            options.append(Option("default", Primitive(_default_kind(element.type), element.default)))
        if element.json_name is not None:
            options.append(Option("json_name", Primitive("STRING", element.json_name)))
        options = self.options(options)
        label, type_name = element.label, element.type
        if self.declared is not None:
            if type_name.startswith("map<"):
                key, _, value = type_name[4:-1].partition(", ")
                resolved = self.resolve(value, self.declared.types)
                type_name, label = (f"map<{key}, .{resolved}>" if resolved else type_name), None
            elif type_name not in _SCALARS:
                type_name = "." + self.require(type_name)
        prefix = f"{label} " if label else ""
        suffix = f" {self.bracketed(options)}" if options else ""
        return f"{prefix}{type_name} {element.name} = {element.tag}{suffix};\n"

    def service(self, service: ServiceElement) -> str:
        return self.block(f"service {service.name}", service.options, [self.rpc(r) for r in service.rpcs])

    def rpc(self, rpc: RpcElement) -> str:
        request, response = rpc.request, rpc.response
        if self.declared is not None:
            request, response = "." + self.require(request), "." + self.require(response)
        request = ("stream " if rpc.request_stream else "") + request
        response = ("stream " if rpc.response_stream else "") + response
        head = f"rpc {rpc.name} ({request}) returns ({response})"
        options = self.options(rpc.options)
        if options:
            body = "".join(_indented(f"option {self.option(o)};\n") for o in options)
            head += " {\n" + body + "}"
        return head + ";\n"

    def resolve(self, name: str, declared: frozenset[str] | Mapping[str, bool]) -> str | None:
        """The full name `name` stands for in the current scope, as Confluent resolves it: relative to each
        enclosing scope, innermost first, then as a full name."""
        if name.startswith("."):
            return name[1:] if name[1:] in declared else None
        for depth in range(len(self.scope), 0, -1):
            candidate = ".".join([*self.scope[:depth], name])
            if candidate in declared:
                return candidate
        return name if name in declared else None

    def require(self, type_name: str) -> str:
        assert self.declared is not None
        resolved = self.resolve(type_name, self.declared.types)
        if resolved is None:
            raise Unsupported(f"type {type_name} resolves to nothing declared")
        return resolved

    def options(self, options: Sequence[Option]) -> list[Option]:
        """As written, or when normalizing: custom options named in full, sorted by name, the settings of
        one non-repeated custom option merged."""
        if self.declared is None or not options:
            return list(options)
        extensions = self.declared.extensions
        named = []
        for option in options:
            full = self.resolve(option.name, extensions) if option.parenthesized else None
            named.append(option if full is None else Option(full, _as_literal(option.value), True))
        groups: dict[str, list[Option]] = {}
        for option in sorted(named, key=lambda o: o.name):
            groups.setdefault(option.name, []).append(option)
        out: list[Option] = []
        for name, group in groups.items():
            out += [_merged(group)] if extensions.get(name) is False else group
        return out

    def option(self, option: Option) -> str:
        name = f"({option.name})" if option.parenthesized else option.name
        value = option.value
        if isinstance(value, Option):
            return f"{name}.{self.option(value)}"
        if isinstance(value, dict):
            return f"{name} = {{\n{self.literal_fields(value)}}}"
        if isinstance(value, list):
            return f"{name} = {self.bracketed(value)}"
        return f"{name} = {self.value(value)}"

    def bracketed(self, items: Sequence[Value]) -> str:
        """Option lists and list values at the top of an option: one item inline, several one per line."""
        if len(items) == 1:
            return f"[{self.value(items[0])}]"
        lines = [_indented(self.value(item) + ("," if i < len(items) - 1 else "")) for i, item in enumerate(items)]
        return "[\n" + "".join(lines) + "]"

    def literal_fields(self, fields: dict[str, Value]) -> str:
        if self.declared is not None:
            fields = self.normalized_literal(fields)
        last = len(fields) - 1
        return "".join(
            _indented(f"{key}: {self.value(value)}{',' if i != last else ''}")
            for i, (key, value) in enumerate(fields.items())
        )

    def normalized_literal(self, fields: dict[str, Value]) -> dict[str, Value]:
        """Keys sorted, `[extension]` keys named in full (the first of two that then agree kept), empty
        lists dropped."""
        assert self.declared is not None
        out: dict[str, Value] = {}
        for key, value in fields.items():
            if isinstance(value, list) and not value:
                continue
            if key.startswith("[") and key.endswith("]"):
                full = self.resolve(key[1:-1], self.declared.extensions)
                key = f"[{full}]" if full is not None else key
            out.setdefault(key, value)
        return dict(sorted(out.items()))

    def value(self, value: Value) -> str:
        if isinstance(value, Option):
            return self.option(value)
        if isinstance(value, dict):
            return "{\n" + self.literal_fields(value) + "}"
        if isinstance(value, list):
            if self.declared is not None and len(value) == 1:
                return self.value(value[0])
            last = len(value) - 1
            items = (_indented(self.value(v) + ("," if i != last else "")) for i, v in enumerate(value))
            return "[\n" + "".join(items) + "]"
        if value.kind == "STRING":
            return _quoted(value.text)
        return java_number(value.text) if value.kind == "NUMBER" and self.declared is not None else value.text


def _as_literal(value: Value) -> Value:
    """`(a).b.c = v` as `(a) = { b: { c: v } }` (Confluent's `ProtobufSchema.transform`)."""
    return {value.name: _as_literal(value.value)} if isinstance(value, Option) else value


def _merged(group: Sequence[Option]) -> Option:
    """The settings of one option made one, as Confluent's `ProtobufSchema.merge` folds them: each literal
    merged into the one before, key by key, a key set in several becoming the list of their distinct values;
    a setting that is not a literal (or follows one that is not) replaces what came before. One pass."""
    start = len(group) - 1
    while start > 0 and isinstance(group[start].value, dict) and isinstance(group[start - 1].value, dict):
        start -= 1
    last = group[-1]
    if start == len(group) - 1:
        return last
    settings: dict[str, list[Value]] = {}
    for option in group[start:]:
        assert isinstance(option.value, dict)
        for key, value in option.value.items():
            settings.setdefault(key, []).append(value)
    merged = {key: values[0] if len(values) == 1 else _distinct(values) for key, values in settings.items()}
    return Option(last.name, merged, last.parenthesized)


def _distinct(values: list[Value]) -> list[Value]:
    """The items of `values` (lists flattened one level), each once, in order."""
    seen: set[object] = set()
    out: list[Value] = []
    for item in (i for value in values for i in (value if isinstance(value, list) else [value])):
        key = _identity(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _identity(value: Value) -> object:
    """A hashable stand-in for `value` that two equal values share (a literal's key order aside)."""
    if isinstance(value, dict):
        return ("{", tuple(sorted((key, _identity(v)) for key, v in value.items())))
    if isinstance(value, list):
        return ("[", tuple(_identity(v) for v in value))
    if isinstance(value, Option):
        return ("=", value.name, value.parenthesized, _identity(value.value))
    return value


def _messages_then_enums(types: Sequence[MessageElement | EnumElement]) -> list[MessageElement | EnumElement]:
    return [t for t in types if isinstance(t, MessageElement)] + [t for t in types if isinstance(t, EnumElement)]


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


def _default_kind(type_name: str) -> str:
    if type_name in ("string", "bytes"):
        return "STRING"
    if type_name == "bool":
        return "BOOLEAN"
    return "NUMBER" if type_name in _NUMERIC else "ENUM"


def _ranges(keyword: str, items: Sequence[RangeItem], declared: Declared | None) -> str:
    def one(item: RangeItem) -> str:
        if isinstance(item, str):
            return f'"{item}"'
        if isinstance(item, int):
            return str(item)
        start, end = item
        if declared is not None and start == end:
            return str(start)
        return f"{start} to {'max' if end >= MAX_TAG else end}"

    return f"{keyword} {', '.join(one(i) for i in items)};\n"


def _quoted(text: str) -> str:
    return '"' + "".join(_ESCAPED.get(char, char) for char in text) + '"'
