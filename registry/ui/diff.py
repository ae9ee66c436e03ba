"""Two versions of a schema side by side: each pretty-printed with the line span of every node it holds, the
changed lines found by difflib, and a finding's path located on those lines.

Avro and JSON Schema print as indented JSON with a stable key order (keywords in a fixed order, names sorted),
so that a diff shows what changed and not how it was written; Protobuf shows its registered text, its messages,
enums, oneofs, fields and enum values located by a small scanner.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from schemata.compat.jsontext import escape

#: A 1-based, inclusive range of lines.
Span = tuple[int, int]
#: Lines beyond which two texts are shown without aligning them (difflib's matching grows with both sizes).
MAX_DIFF_LINES = 5_000


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding's path is in a listing: its lines, and whether they are the node itself (`exact`) or the
    nearest enclosing one that the text holds."""

    first: int
    last: int
    exact: bool


@dataclass(frozen=True, slots=True)
class Listing:
    """A schema as shown: its lines, and the span of each node it locates (keyed by JSON pointer for the JSON
    formats, by `/Message/Nested/<field number>` for Protobuf)."""

    schema_type: str
    lines: tuple[str, ...]
    spans: dict[str, Span]
    #: Avro: the pointer of each named type's definition, by full and by short name.
    names: dict[str, str]
    #: The JSON value printed (None for Protobuf).
    value: Any = None

    def locate(self, path: str) -> Location | None:
        """The lines of the node a finding's `path` names, else of its nearest enclosing node that this text
        has (not `exact`); None when not even the first segment is here."""
        segments = _segments(path)
        if self.schema_type == "PROTOBUF":
            return _longest_prefix(self.spans, segments)
        pointer, value, depth = "", self.value, 0
        for segment in segments:
            step = self._step(pointer, value, segment)
            if step is None:
                break
            (pointer, value), depth = step, depth + 1
        if depth == 0 and segments:
            return None
        return Location(*self.spans[pointer], exact=depth == len(segments))

    def _step(self, pointer: str, value: Any, segment: str) -> tuple[str, Any] | None:
        """One segment down: a key, an index, an array element equal to it (JSON Schema's `required/<name>`),
        or through an Avro type name or a local `$ref` to the definition it names."""
        if isinstance(value, dict) and segment in value:
            return f"{pointer}/{escape(segment)}", value[segment]
        if isinstance(value, list):
            if segment.isdigit() and int(segment) < len(value):
                return f"{pointer}/{segment}", value[int(segment)]
            if segment in value:
                index = value.index(segment)
                return f"{pointer}/{index}", value[index]
        target = self._definition(value)
        return None if target is None else self._step(target[0], target[1], segment)

    def _definition(self, value: Any) -> tuple[str, Any] | None:
        if isinstance(value, str) and value in self.names:
            pointer = self.names[value]
        elif isinstance(value, dict) and isinstance(value.get("$ref"), str) and value["$ref"].startswith("#/"):
            pointer = value["$ref"][1:]
        else:
            return None
        resolved = _resolve_pointer(self.value, pointer)
        return None if resolved is None else (pointer, resolved)


def listing(schema_type: str, text: str) -> Listing:
    """`text` (a stored schema of `schema_type`) as shown: pretty-printed JSON, or Protobuf as registered."""
    if schema_type == "PROTOBUF":
        lines = tuple(text.rstrip("\n").split("\n"))
        return Listing(schema_type, lines, proto_spans(lines), {})
    value = json.loads(text)  # as the formats' parsers read it (integers of any size)
    order = _avro_order if schema_type == "AVRO" else _json_schema_order
    printer = _Printer(order)
    printer.emit(value, (), 0, "", "")
    names = _avro_names(value) if schema_type == "AVRO" else {}
    return Listing(schema_type, tuple(printer.lines), printer.spans, names, value)


# -- the JSON printer ---------------------------------------------------------------------------------------------

#: The keyword orders: these first, in this order, then every other key sorted.
_AVRO_TYPE_KEYS = ("type", "name", "namespace", "aliases", "doc", "fields", "symbols", "items", "values", "size",
                   "logicalType", "precision", "scale", "default")
_AVRO_FIELD_KEYS = ("name", "aliases", "doc", "type", "default", "order")
_JSON_SCHEMA_KEYS = ("$schema", "$id", "id", "title", "description", "type", "format", "enum", "const", "default",
                     "properties", "required", "additionalProperties", "items", "$defs", "definitions")
#: JSON Schema keywords whose members are names, not keywords: sorted.
_NAME_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
                        "dependentRequired", "dependencies"})

Order = Callable[[tuple[str | int, ...], dict[str, Any]], list[str]]


def _ordered(value: dict[str, Any], first: Sequence[str]) -> list[str]:
    return [k for k in first if k in value] + sorted(k for k in value if k not in first)


def _avro_order(at: tuple[str | int, ...], value: dict[str, Any]) -> list[str]:
    is_field = len(at) >= 2 and at[-2] == "fields" and isinstance(at[-1], int)
    return _ordered(value, _AVRO_FIELD_KEYS if is_field else _AVRO_TYPE_KEYS)


def _json_schema_order(at: tuple[str | int, ...], value: dict[str, Any]) -> list[str]:
    is_name_map = bool(at) and at[-1] in _NAME_MAPS and (len(at) < 2 or at[-2] not in _NAME_MAPS)
    return sorted(value) if is_name_map else _ordered(value, _JSON_SCHEMA_KEYS)


class _Printer:
    """Indented JSON (two spaces, as `json.dumps(indent=2)`), recording each value's lines by its pointer. The
    nesting is bounded by the schema parsers (`MAX_JSON_DEPTH`), so recursion is safe."""

    def __init__(self, order: Order) -> None:
        self.order = order
        self.lines: list[str] = []
        self.spans: dict[str, Span] = {}

    def emit(self, value: Any, at: tuple[str | int, ...], depth: int, label: str, comma: str) -> None:
        pad = "  " * depth
        start = len(self.lines) + 1
        if isinstance(value, dict) and value:
            self.lines.append(f"{pad}{label}{{")
            keys = self.order(at, value)
            for index, key in enumerate(keys):
                name = json.dumps(key, ensure_ascii=False)
                self.emit(value[key], (*at, key), depth + 1, f"{name}: ", "," if index < len(keys) - 1 else "")
            self.lines.append(f"{pad}}}{comma}")
        elif isinstance(value, list) and value:
            self.lines.append(f"{pad}{label}[")
            for index, item in enumerate(value):
                self.emit(item, (*at, index), depth + 1, "", "," if index < len(value) - 1 else "")
            self.lines.append(f"{pad}]{comma}")
        else:
            self.lines.append(f"{pad}{label}{json.dumps(value, ensure_ascii=False)}{comma}")
        self.spans["".join(f"/{escape(s)}" for s in at)] = (start, len(self.lines))


def _avro_names(value: Any) -> dict[str, str]:
    """The pointer of each named type defined in an Avro schema, by full name and by short name (the first
    definition wins), namespaces inherited as Avro does."""
    names: dict[str, str] = {}
    stack: list[tuple[Any, str, str]] = [(value, "", "")]
    while stack:
        node, pointer, namespace = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{pointer}/{i}", namespace) for i, item in reversed(list(enumerate(node))))
            continue
        if not isinstance(node, dict):
            continue
        name = node.get("name")
        if node.get("type") in ("record", "error", "enum", "fixed") and isinstance(name, str):
            space = node.get("namespace") if isinstance(node.get("namespace"), str) else namespace
            full = name if "." in name or not space else f"{space}.{name}"
            namespace = full.rpartition(".")[0]
            names.setdefault(full, pointer)
            names.setdefault(full.rpartition(".")[2], pointer)
        for key, child in reversed(list(node.items())):
            if isinstance(child, dict | list):
                stack.append((child, f"{pointer}/{escape(key)}", namespace))
    return names


def _resolve_pointer(value: Any, pointer: str) -> Any:
    for segment in _segments(pointer):
        if isinstance(value, dict) and segment in value:
            value = value[segment]
        elif isinstance(value, list) and segment.isdigit() and int(segment) < len(value):
            value = value[int(segment)]
        else:
            return None
    return value


def _segments(path: str) -> list[str]:
    """A finding's path (`/fields/3/type`, `#/properties/a~1b`, `#/Message/4`) as unescaped segments."""
    body = path.removeprefix("#").strip("/")
    return [s.replace("~1", "/").replace("~0", "~") for s in body.split("/")] if body else []


def _longest_prefix(spans: dict[str, Span], segments: list[str]) -> Location | None:
    for end in range(len(segments), 0, -1):
        found = spans.get("/" + "/".join(segments[:end]))
        if found is not None:
            return Location(*found, exact=end == len(segments))
    return None


# -- Protobuf -----------------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<comment>//[^\n]*|/\*.*?\*/)|(?P<string>"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_.]*|[0-9][A-Za-z0-9_.+-]*)|(?P<symbol>.)",
    re.DOTALL,
)
_SCOPES = frozenset({"message", "enum", "oneof"})
_NOT_FIELDS = frozenset({"option", "reserved", "extensions", "syntax", "edition", "package", "import"})


def _tokens(lines: Sequence[str]) -> Iterator[tuple[str, int]]:
    """The significant tokens of Protobuf text with their 1-based line (comments and spaces skipped)."""
    text = "\n".join(lines)
    line = 1
    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.lastgroup not in ("space", "comment"):
            yield token, line
        line += token.count("\n")


def proto_spans(lines: Sequence[str]) -> dict[str, Span]:
    """The lines of each message, enum and oneof (`/Outer/Inner`), each field (`/Outer/Inner/<number>`, a
    oneof's under the oneof's name) and enum value (`/Enum/<number>`) of a Protobuf text, as the checker's
    paths name them. Blocks that are neither (services, option values) are skipped."""
    spans: dict[str, Span] = {}
    # (kind, path, first line): the open blocks, innermost last; kind "" for a block of no interest.
    stack: list[tuple[str, str, int]] = [("file", "", 1)]
    statement: list[tuple[str, int]] = []
    for token, line in _tokens(lines):
        if token == "{":
            words = [t for t, _ in statement]
            named = len(words) == 2 and words[0] in _SCOPES and stack[-1][0] in ("file", "message")
            kind, path = (words[0], f"{stack[-1][1]}/{words[1]}") if named else ("", stack[-1][1])
            stack.append((kind, path, statement[0][1] if statement else line))
            statement = []
        elif token == "}":
            if len(stack) > 1:
                kind, path, first = stack.pop()
                if kind:
                    spans[path] = (first, line)
            statement = []
        elif token == ";":
            _statement(stack[-1], statement, line, spans)
            statement = []
        else:
            statement.append((token, line))
    return spans


def _statement(scope: tuple[str, str, int], statement: list[tuple[str, int]], end: int, spans: dict[str, Span]) -> None:
    """A field of a message or oneof (`... name = <number> ...;`), or a value of an enum (`NAME = <number>;`)."""
    kind, path, _ = scope
    if kind not in ("message", "oneof", "enum") or not statement or statement[0][0] in _NOT_FIELDS:
        return
    words = [t for t, _ in statement]
    if "=" not in words or words.index("=") == 0:
        return
    after = words[words.index("=") + 1 :]
    number = _proto_int("".join(after[:2]) if after[:1] == ["-"] else "".join(after[:1]))
    if number is None:
        return
    span = (statement[0][1], end)
    spans.setdefault(f"{path}/{number}", span)
    if kind == "oneof":  # where a field is compared when it moved into or out of its oneof
        spans.setdefault(f"{path.rpartition('/')[0]}/{number}", span)


def _proto_int(text: str) -> int | None:
    """A Protobuf integer literal (decimal, hex `0x..` or octal `0..`), or None."""
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    if re.fullmatch(r"0[xX][0-9A-Fa-f]+", digits):
        return sign * int(digits, 16)
    if re.fullmatch(r"0[0-7]*", digits):
        return sign * int(digits, 8) if len(digits) > 1 else 0
    return sign * int(digits) if re.fullmatch(r"[1-9][0-9]*", digits) else None


# -- the side-by-side diff ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """One side of a row: the line's number and text, and whether the diff marks it as changed."""

    number: int
    text: str
    changed: bool


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the side-by-side view: `equal`, `replace`, `delete` (old only) or `insert` (new only)."""

    kind: str
    old: Cell | None
    new: Cell | None


@dataclass(frozen=True, slots=True)
class SideBySide:
    rows: tuple[Row, ...]
    #: False when the texts were too long to align: rows then pair lines by position, nothing marked.
    aligned: bool

    @property
    def changed(self) -> int:
        """The number of rows with a change."""
        return sum(1 for row in self.rows if row.kind != "equal")


def side_by_side(old: Sequence[str], new: Sequence[str]) -> SideBySide:
    """`old` and `new` aligned by difflib, each changed line marked."""
    if max(len(old), len(new)) > MAX_DIFF_LINES:
        rows = [
            Row("equal", _cell(old, i, False), _cell(new, i, False)) for i in range(max(len(old), len(new)))
        ]
        return SideBySide(tuple(rows), aligned=False)
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        changed = tag != "equal"
        for k in range(max(i2 - i1, j2 - j1)):
            left = _cell(old, i1 + k, changed) if i1 + k < i2 else None
            right = _cell(new, j1 + k, changed) if j1 + k < j2 else None
            rows.append(Row(tag, left, right))
    return SideBySide(tuple(rows), aligned=True)


def _cell(lines: Sequence[str], index: int, changed: bool) -> Cell | None:
    return Cell(index + 1, lines[index], changed) if index < len(lines) else None
