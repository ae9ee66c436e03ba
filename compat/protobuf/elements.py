""".proto source read as written, without resolving any name: the element tree Confluent's registry keeps.

Confluent parses a Protobuf schema with square/wire's `ProtoParser`, which links nothing: type names, option
names and values stay as the author spelled them, comments are dropped, and a field's `default` and
`json_name` are taken out of its options. `confluent_text` prints this tree the way Confluent's registry
renders a schema. Anything this reader does not model (editions, weak imports, groups) raises
`Unsupported`; callers then keep our own canonical text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

#: The highest field number; `max` in a range.
MAX_TAG = 536870911
#: The deepest nesting of blocks, lists and message literals read (the reader recurses on each): protoc
#: itself refuses messages nested 32 deep and option values past 100, but an option that nothing declares
#: is read here before protoc has looked at its value.
MAX_NESTING = 100


class Unsupported(Exception):
    """The source uses something this reader does not model (or is not valid .proto)."""


@dataclass(frozen=True, slots=True)
class Primitive:
    """A scalar option value: kind is STRING (text unescaped), NUMBER, BOOLEAN or ENUM (text as written)."""

    kind: str
    text: str


#: An option value: a scalar, a message literal (key -> value, repeated keys merged into a list) or a list.
Value = Union[Primitive, dict[str, "Value"], list["Value"], "Option"]


@dataclass(frozen=True, slots=True)
class Option:
    """`name = value`; `(a).b = 1` is Option("a", parenthesized, value=Option("b", value=1))."""

    name: str
    value: Value
    parenthesized: bool = False


@dataclass(slots=True)
class FieldElement:
    label: str | None
    type: str
    name: str
    tag: int
    options: list[Option] = field(default_factory=list)
    default: str | None = None
    json_name: str | None = None


@dataclass(slots=True)
class OneOfElement:
    name: str
    fields: list[FieldElement] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)


#: A reserved or extension-range item: a number, an inclusive range or (reserved only) a name.
RangeItem = int | tuple[int, int] | str


@dataclass(slots=True)
class EnumConstant:
    name: str
    tag: int
    options: list[Option] = field(default_factory=list)


@dataclass(slots=True)
class EnumElement:
    name: str
    options: list[Option] = field(default_factory=list)
    constants: list[EnumConstant] = field(default_factory=list)
    reserved: list[list[RangeItem]] = field(default_factory=list)


@dataclass(slots=True)
class ExtendElement:
    name: str
    fields: list[FieldElement] = field(default_factory=list)


@dataclass(slots=True)
class MessageElement:
    name: str
    options: list[Option] = field(default_factory=list)
    fields: list[FieldElement] = field(default_factory=list)
    oneofs: list[OneOfElement] = field(default_factory=list)
    types: list[MessageElement | EnumElement] = field(default_factory=list)
    reserved: list[list[RangeItem]] = field(default_factory=list)
    extensions: list[list[RangeItem]] = field(default_factory=list)
    extends: list[ExtendElement] = field(default_factory=list)
    #: The fields and oneofs in source order (Confluent prints all fields, then all oneofs).
    members: list[FieldElement | OneOfElement] = field(default_factory=list)


@dataclass(slots=True)
class RpcElement:
    name: str
    request: str
    response: str
    request_stream: bool
    response_stream: bool
    options: list[Option] = field(default_factory=list)


@dataclass(slots=True)
class ServiceElement:
    name: str
    options: list[Option] = field(default_factory=list)
    rpcs: list[RpcElement] = field(default_factory=list)


@dataclass(slots=True)
class FileElement:
    syntax: str | None = None
    package: str | None = None
    imports: list[str] = field(default_factory=list)
    public_imports: list[str] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    types: list[MessageElement | EnumElement] = field(default_factory=list)
    extends: list[ExtendElement] = field(default_factory=list)
    services: list[ServiceElement] = field(default_factory=list)


_TOKEN = re.compile(
    r"""(?P<skip>\s+|//[^\n]*|/\*.*?\*/)
      |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      |(?P<number>(?:0[xX][0-9A-Fa-f]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)[fF]?)
      |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
      |(?P<symbol>[{}\[\]()<>;,=:.\-/+])""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            "\\": "\\", "'": "'", '"': '"', "?": "?"}
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|[xX]([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        octal, hexa, u4, u8, other = match.groups()
        if other is not None:
            if other not in _ESCAPES:
                raise Unsupported(f"unknown escape \\{other}")
            return _ESCAPES[other]
        return chr(int(octal, 8) if octal else int(hexa or u4 or u8, 16))

    return _ESCAPE.sub(one, body)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None:
            raise Unsupported(f"unexpected character {text[at]!r}")
        at = match.end()
        kind = match.lastgroup or ""
        if kind != "skip":
            out.append((kind, match.group()))
    return out


class _Reader:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text.removeprefix("\ufeff"))
        self.at = 0
        depth = 0
        for _kind, token in self.tokens:
            depth += 1 if token in ("{", "[", "<") else -1 if token in ("}", "]", ">") else 0
            if depth > MAX_NESTING:
                raise Unsupported(f"blocks or values nested more than {MAX_NESTING} levels deep")

    def peek(self, offset: int = 0) -> str | None:
        index = self.at + offset
        return self.tokens[index][1] if index < len(self.tokens) else None

    def peek_kind(self) -> str | None:
        return self.tokens[self.at][0] if self.at < len(self.tokens) else None

    def next(self) -> tuple[str, str]:
        if self.at >= len(self.tokens):
            raise Unsupported("unexpected end of file")
        token = self.tokens[self.at]
        self.at += 1
        return token

    def take(self, text: str) -> bool:
        if self.peek() == text:
            self.at += 1
            return True
        return False

    def expect(self, text: str) -> None:
        if not self.take(text):
            raise Unsupported(f"expected {text!r}, found {self.peek()!r}")

    def word(self) -> str:
        kind, text = self.next()
        if kind != "word":
            raise Unsupported(f"expected a name, found {text!r}")
        return text

    def name(self) -> str:
        """A possibly qualified name (`a.b.C`, `.a.C`), as written."""
        parts = ["."] if self.take(".") else []
        parts.append(self.word())
        while self.peek() == "." and self.at + 1 < len(self.tokens) and self.tokens[self.at + 1][0] == "word":
            self.at += 1
            parts += [".", self.word()]
        return "".join(parts)

    def string(self) -> str:
        """One string literal, or several adjacent ones joined (as protoc and wire both do)."""
        parts = []
        while self.peek_kind() == "string":
            parts.append(_unescape(self.next()[1][1:-1]))
        if not parts:
            raise Unsupported(f"expected a string, found {self.peek()!r}")
        return "".join(parts)

    def integer(self) -> int:
        sign = -1 if self.take("-") else 1
        kind, text = self.next()
        if kind == "word" and text == "max":
            return MAX_TAG
        if kind != "number":
            raise Unsupported(f"expected a number, found {text!r}")
        try:
            if text[:2] in ("0x", "0X"):
                return sign * int(text, 16)
            return sign * int(text, 8 if len(text) > 1 and text.startswith("0") else 10)
        except ValueError:
            raise Unsupported(f"expected an integer, found {text!r}") from None


def parse_elements(text: str) -> FileElement:
    """The element tree of `text`; Unsupported if it holds something not modelled here."""
    reader = _Reader(text)
    file = FileElement()
    while reader.peek() is not None:
        if reader.take(";"):
            continue
        keyword = reader.word()
        if keyword == "syntax":
            reader.expect("=")
            file.syntax = reader.string()
            reader.expect(";")
        elif keyword == "package":
            file.package = reader.name()
            reader.expect(";")
        elif keyword == "import":
            public = reader.take("public")
            if reader.peek() in ("weak", "option"):
                raise Unsupported("weak and option imports")
            (file.public_imports if public else file.imports).append(reader.string())
            reader.expect(";")
        elif keyword == "option":
            file.options.append(_option(reader, "="))
            reader.expect(";")
        elif keyword == "extend":
            file.extends.append(_extend(reader))
        elif keyword == "service":
            file.services.append(_service(reader))
        else:
            file.types.append(_type(reader, keyword))
    return file


def _type(reader: _Reader, keyword: str) -> MessageElement | EnumElement:
    if keyword == "message":
        return _message(reader)
    if keyword == "enum":
        return _enum(reader)
    raise Unsupported(f"unexpected {keyword!r}")


def _message(reader: _Reader) -> MessageElement:
    message = MessageElement(reader.word())
    reader.expect("{")
    while not reader.take("}"):
        if reader.take(";"):
            continue
        word = reader.peek()
        if word == "option":
            reader.next()
            message.options.append(_option(reader, "="))
            reader.expect(";")
        elif word == "reserved":
            reader.next()
            message.reserved.append(_ranges(reader, names=True))
        elif word == "extensions":
            reader.next()
            message.extensions.append(_ranges(reader, names=False))
        elif word in ("message", "enum") and reader.peek(2) == "{":
            reader.next()
            message.types.append(_type(reader, word))
        elif word == "extend" and reader.peek(1) != "=":
            reader.next()
            message.extends.append(_extend(reader))
        elif word == "oneof" and reader.peek(2) == "{":
            reader.next()
            message.oneofs.append(_oneof(reader))
            message.members.append(message.oneofs[-1])
        else:
            message.fields.append(_field(reader, labels=True))
            message.members.append(message.fields[-1])
    return message


def _oneof(reader: _Reader) -> OneOfElement:
    oneof = OneOfElement(reader.word())
    reader.expect("{")
    while not reader.take("}"):
        if reader.take(";"):
            continue
        if reader.peek() == "option":
            reader.next()
            oneof.options.append(_option(reader, "="))
            reader.expect(";")
        else:
            oneof.fields.append(_field(reader, labels=False))
    return oneof


def _extend(reader: _Reader) -> ExtendElement:
    extend = ExtendElement(reader.name())
    reader.expect("{")
    while not reader.take("}"):
        if not reader.take(";"):
            extend.fields.append(_field(reader, labels=True))
    return extend


def _field(reader: _Reader, *, labels: bool) -> FieldElement:
    label = None
    if labels and reader.peek() in ("optional", "required", "repeated") and reader.peek(2) != "=":
        label = reader.word()
    if reader.peek() == "group":
        raise Unsupported("groups")
    if reader.peek() == "map" and reader.peek(1) == "<":
        reader.next()
        reader.expect("<")
        key = reader.name()
        reader.expect(",")
        value = reader.name()
        reader.expect(">")
        type_name = f"map<{key}, {value}>"
    else:
        type_name = reader.name()
    element = FieldElement(label, type_name, reader.word(), 0)
    reader.expect("=")
    element.tag = reader.integer()
    if reader.take("["):
        while True:
            option = _option(reader, "=")
            if option.name == "default" and not option.parenthesized and element.default is None:
                element.default = _scalar_text(option.value)
            elif option.name == "json_name" and not option.parenthesized and element.json_name is None:
                element.json_name = _scalar_text(option.value)
            else:
                element.options.append(option)
            if not reader.take(","):
                break
        reader.expect("]")
    reader.expect(";")
    return element


def _scalar_text(value: Value) -> str:
    if not isinstance(value, Primitive):
        raise Unsupported("a default or json_name that is not a scalar")
    return value.text


def _enum(reader: _Reader) -> EnumElement:
    enum = EnumElement(reader.word())
    reader.expect("{")
    while not reader.take("}"):
        if reader.take(";"):
            continue
        if reader.peek() == "option":
            reader.next()
            enum.options.append(_option(reader, "="))
            reader.expect(";")
        elif reader.peek() == "reserved" and reader.peek(1) != "=":
            reader.next()
            enum.reserved.append(_ranges(reader, names=True))
        else:
            constant = EnumConstant(reader.word(), 0)
            reader.expect("=")
            constant.tag = reader.integer()
            if reader.take("["):
                constant.options.append(_option(reader, "="))
                while reader.take(","):
                    constant.options.append(_option(reader, "="))
                reader.expect("]")
            reader.expect(";")
            enum.constants.append(constant)
    return enum


def _ranges(reader: _Reader, *, names: bool) -> list[RangeItem]:
    items: list[RangeItem] = []
    while True:
        if names and reader.peek_kind() == "string":
            items.append(reader.string())
        elif names and reader.peek_kind() == "word" and reader.peek() != "max":
            raise Unsupported("reserved identifiers (editions)")
        else:
            start = reader.integer()
            if reader.take("to"):
                items.append((start, reader.integer()))
            else:
                items.append(start)
        if not reader.take(","):
            break
    if reader.peek() == "[":
        raise Unsupported("extension range options")
    reader.expect(";")
    return items


def _service(reader: _Reader) -> ServiceElement:
    service = ServiceElement(reader.word())
    reader.expect("{")
    while not reader.take("}"):
        if reader.take(";"):
            continue
        keyword = reader.word()
        if keyword == "option":
            service.options.append(_option(reader, "="))
            reader.expect(";")
            continue
        if keyword != "rpc":
            raise Unsupported(f"unexpected {keyword!r} in a service")
        name = reader.word()
        reader.expect("(")
        request_stream = reader.peek() == "stream" and reader.peek(1) != ")" and bool(reader.next())
        request = reader.name()
        reader.expect(")")
        if reader.word() != "returns":
            raise Unsupported("expected 'returns'")
        reader.expect("(")
        response_stream = reader.peek() == "stream" and reader.peek(1) != ")" and bool(reader.next())
        response = reader.name()
        reader.expect(")")
        rpc = RpcElement(name, request, response, request_stream, response_stream)
        if reader.take("{"):
            while not reader.take("}"):
                if reader.take(";"):
                    continue
                if reader.word() != "option":
                    raise Unsupported("expected an option in an rpc body")
                rpc.options.append(_option(reader, "="))
                reader.expect(";")
        else:
            reader.expect(";")
        service.rpcs.append(rpc)
    return service


def _option(reader: _Reader, separator: str) -> Option:
    """`name = value` (`name: value` in a message literal, where a message value needs no colon)."""
    parenthesized = False
    if reader.take("("):
        name, parenthesized = reader.name(), True
        reader.expect(")")
    elif reader.take("["):
        parts = []
        while not reader.take("]"):
            parts.append(reader.next()[1])
        name = "[" + "".join(parts) + "]"
    else:
        name = reader.name()
    sub_names: list[str] = []
    if reader.take("."):
        if reader.take("("):
            raise Unsupported("a parenthesized option name after a dot")
        sub_names = reader.name().split(".")
        if len(sub_names) > MAX_NESTING:
            raise Unsupported(f"an option name of more than {MAX_NESTING} parts")
    if not (separator == ":" and reader.peek() in ("{", "<")):
        reader.expect(separator)
    value: Value = _value(reader)
    for sub_name in reversed(sub_names):
        value = Option(sub_name, value)
    return Option(name, value, parenthesized)


def _value(reader: _Reader) -> Value:
    token = reader.peek()
    kind = reader.peek_kind()
    if token == "{":
        return _message_literal(reader)
    if token == "<":
        raise Unsupported("angle-bracket message literals")
    if token == "[":
        reader.next()
        items: list[Value] = []
        while not reader.take("]"):
            items.append(_value(reader))
            reader.take(",")
        return items
    if kind == "string":
        return Primitive("STRING", reader.string())
    if token == "-":
        reader.next()
        kind, text = reader.next()
        if kind not in ("number", "word"):
            raise Unsupported(f"unexpected {text!r} after '-'")
        return Primitive("NUMBER", "-" + text)
    kind, text = reader.next()
    if kind == "number":
        return Primitive("NUMBER", text)
    if kind == "word":
        return Primitive("BOOLEAN" if text in ("true", "false") else "ENUM", text)
    raise Unsupported(f"unexpected {text!r} as an option value")


def _message_literal(reader: _Reader) -> dict[str, Value]:
    reader.expect("{")
    result: dict[str, Value] = {}
    while not reader.take("}"):
        option = _option(reader, ":")
        value = option.value
        if isinstance(value, Option):
            nested = result.setdefault(option.name, {})
            if not isinstance(nested, dict):
                raise Unsupported(f"field {option.name} given both as a value and as a message")
            nested[value.name] = value.value
        elif option.name not in result:
            result[option.name] = value
        else:
            previous = result[option.name]
            merged: list[Value] = list(previous) if isinstance(previous, list) else [previous]
            merged += value if isinstance(value, list) else [value]
            result[option.name] = merged
        if not reader.take(","):
            reader.take(";")
    return result
