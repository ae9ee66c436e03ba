"""Finding paths mapped to lines of the schema file, so code hosts can annotate the right line.

Paths follow each format's tradition: JSON pointers for Avro (`/fields/3/type`) and JSON Schema
(`#/properties/foo`, `#/required/foo` naming a string in an array); `#/Outer/Inner/3` for Protobuf.
JSON texts are scanned once for the line of every pointer, and the longest prefix of the path that is
found wins (an array element with a `name` at its name's line). Protobuf paths are searched for declaration
by declaration, then the field's tag (or an enum value, or a statement such as `package`, by the word that
starts its line). Line 1 when nothing matches.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]  # public in CPython, absent from typeshed

_SPACE = re.compile(r"\s*")
_Reader = Callable[[int, tuple[str, ...], int], int]
_SCALARS = json.JSONDecoder()


def locate(text: str, schema_type: str, path: str) -> int:
    """The 1-based line of `text` that `path` points at, as near as can be told."""
    steps = tuple(step.replace("~1", "/").replace("~0", "~") for step in path.lstrip("#").split("/") if step)
    if schema_type == "PROTOBUF":
        return _proto_line(text.splitlines(), steps)
    try:
        lines = _JsonLines(text).lines
    except (ValueError, IndexError):
        return 1
    found = next((steps[:n] for n in range(len(steps), 0, -1) if steps[:n] in lines), None)
    if found is None:
        return 1
    # An Avro field or type in an array is best shown at its name.
    return lines.get((*found, "name"), lines[found]) if found[-1].isdigit() else lines[found]


class _JsonLines:
    """The line of every value in a JSON text, by pointer: a member's is its key's line, an element's its own;
    a string element is also found by its value (`required/foo`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.lines: dict[tuple[str, ...], int] = {}
        self._value(0, ())

    def _line(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index)

    def _skip(self, index: int) -> int:
        return _SPACE.match(self.text, index).end()  # type: ignore[union-attr]

    def _value(self, index: int, path: tuple[str, ...]) -> int:
        """Record the lines inside the value at `index`; the index just after it."""
        index = self._skip(index)
        char = self.text[index]
        if char == "{":
            return self._members(index + 1, path, "}", self._member)
        if char == "[":
            return self._members(index + 1, path, "]", self._element)
        return _SCALARS.raw_decode(self.text, index)[1]

    def _members(self, index: int, path: tuple[str, ...], close: str, one: _Reader) -> int:
        index, count = self._skip(index), 0
        if self.text[index] == close:
            return index + 1
        while True:
            index = self._skip(one(self._skip(index), path, count))
            count += 1
            if self.text[index] != ",":
                return index + 1
            index += 1

    def _member(self, index: int, path: tuple[str, ...], _count: int) -> int:
        key, after = scanstring(self.text, index + 1)
        self.lines[(*path, key)] = self._line(index)
        return self._value(self._skip(after) + 1, (*path, key))

    def _element(self, index: int, path: tuple[str, ...], count: int) -> int:
        self.lines[(*path, str(count))] = self._line(index)
        if self.text[index] == '"':
            self.lines.setdefault((*path, scanstring(self.text, index + 1)[0]), self._line(index))
        return self._value(index, (*path, str(count)))


def _proto_line(lines: list[str], steps: tuple[str, ...]) -> int:
    """Each message or enum declaration on the path in turn, then the field's tag number."""
    line, start = 1, 0
    for step in steps:
        name = re.escape(step.rsplit(".", 1)[-1])
        needle = re.compile(rf"=\s*{step}\b" if step.isdigit() else rf"\b(message|enum|oneof)\s+{name}\b")
        found = next((i for i in range(start, len(lines)) if needle.search(lines[i])), None)
        if found is None and not step.isdigit():  # an enum value (`NAME = 1`) or a statement (`package`)
            needle = re.compile(rf"^\s*{name}\b")
            found = next((i for i in range(start, len(lines)) if needle.search(lines[i])), None)
        if found is None:
            break
        line, start = found + 1, found
    return line
