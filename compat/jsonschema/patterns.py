r"""The regular expressions of a schema (`pattern`, and the keys of `patternProperties`) must compile.

Serializers validate every record with jsonschema-rs, whose regular expressions follow ECMA 262 as JSON
Schema asks (with Unicode classes such as `\p{L}`, which Python's `re` lacks, and which Confluent's Java
validators take); a pattern it cannot compile would only fail there, on the first record, so it is rejected
when the schema is parsed. Only schema positions are read: a `pattern` inside a `const` or `default` is data.

When the compatibility check matches a property name against a stored pattern (`search`), it uses the
linear-time engine of the same library (the Rust `regex` crate behind jsonschema-rs's `RegexOptions`): the
same ECMA 262 dialect as the serializers' validators, with matching time linear in the name whatever the
pattern (`^(a+)+$` against 28 `a`s and a `!` is one pass, not 2^28 steps). A pattern that engine cannot
express (lookaround, backreferences) or that exceeds its size limits is never matched by a backtracking
engine: the check stops with an `UnsupportedPattern` that names it.
"""

from __future__ import annotations

import sys
from typing import Any

import jsonschema_rs

from schemata.compat.budget import spend
from schemata.compat.errors import CheckLimitError, SchemaParseError
from schemata.compat.jsonschema.keywords import ASSERTIONS, accepts_everything, subschemas
from schemata.compat.jsontext import pointer
from schemata.compat.lru import LruCache


def check_patterns(document: Any, where: str) -> None:
    """Raise SchemaParseError, with the JSON pointer of the first regular expression that does not compile."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(document, ())]
    while stack:
        schema, segments = stack.pop()
        if not isinstance(schema, dict):
            continue
        if isinstance(schema.get("pattern"), str):
            _compile(schema["pattern"], (*segments, "pattern"), where)
        patterns = schema.get("patternProperties")
        for key in patterns if isinstance(patterns, dict) else ():
            _compile(key, (*segments, "patternProperties", key), where)
        stack.extend((sub, (*segments, *relative)) for relative, sub in subschemas(schema))


def _compile(pattern: str, segments: tuple[str | int, ...], where: str) -> None:
    try:
        jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except jsonschema_rs.ValidationError:
        raise SchemaParseError(
            f"{where}invalid regular expression {pattern!r}", location=pointer(segments)
        ) from None


#: Bounds of one compiled pattern and of its lazy DFA, in bytes (the Rust engine's own units), smallest first:
#: a pattern is compiled within the first it fits, which bounds what it holds (4 KiB suit most patterns,
#: `\p{L}` needs 64 KiB; past 1 MiB a pattern is unsupported).
_LIMIT_BYTES = (1 << 12, 1 << 16, 1 << 20)
_SIZE_LIMITS = tuple(jsonschema_rs.RegexOptions(size_limit=n, dfa_size_limit=n) for n in _LIMIT_BYTES)
#: The compiled patterns kept (a check matches each name against each pattern), at most this many bytes.
#: 1,024 patterns near the size limit, kept by count, held a gigabyte.
CACHE_BYTES = 16 * 2**20
_MATCHERS: LruCache[str, tuple[jsonschema_rs.Validator, int]] = LruCache(
    CACHE_BYTES // 4096, max_bytes=CACHE_BYTES, size=lambda entry: entry[1]
)


def _entry_bytes(limit: int, pattern: str) -> int:
    """What a pattern compiled within `limit` counts in the cache: the engine's several automata took up to
    4.6 times the limit in all, and the validator about 30 KiB besides (measured: RSS of 100 of them, at the
    largest repetition each limit admits), rounded up; and its text."""
    return 6 * limit + 32 * 1024 + sys.getsizeof(pattern)


class UnsupportedPattern(CheckLimitError):
    """A pattern the compatibility check has to evaluate but the linear-time engine cannot."""

    def __init__(self, pattern: str) -> None:
        super().__init__(
            f"The compatibility check cannot evaluate the pattern {pattern!r}: it uses lookaround or "
            "backreferences, or exceeds the size limit, and patterns are only matched in linear time; "
            "rewrite it without them"
        )


def search(pattern: str, text: str) -> bool:
    """Whether ECMA 262 `pattern` matches somewhere in `text`, in time linear in `text` (one unit of the
    check's budget: names times patterns can still be many)."""
    spend()
    return not _matcher(pattern).is_valid(text)


def _matcher(pattern: str) -> jsonschema_rs.Validator:
    """A validator that rejects exactly the strings `pattern` matches (compiled once while it is kept)."""
    return _MATCHERS.get_or_build(pattern, lambda: _compiled(pattern))[0]


def _compiled(pattern: str) -> tuple[jsonschema_rs.Validator, int]:
    """`pattern`'s validator within the smallest size limit it fits, and the bytes it counts in the cache."""
    for options, limit in zip(_SIZE_LIMITS, _LIMIT_BYTES, strict=True):
        try:
            validator = jsonschema_rs.validator_for({"not": {"pattern": pattern}}, pattern_options=options)
        except jsonschema_rs.ValidationError:
            continue
        return validator, _entry_bytes(limit, pattern)
    raise UnsupportedPattern(pattern)


def matches_every_name(pattern: str) -> bool:
    """Whether `pattern` matches every string: it matches the empty string at the start, and nothing in it
    can refuse what follows (no `$`, no word boundary). Conservative: False when unsure."""
    if "$" in pattern or "\\b" in pattern or "\\B" in pattern:
        return False
    try:
        return search(pattern, "")
    except UnsupportedPattern:
        return False


def accepts_every_name(schema: Any) -> bool:
    """Whether a `propertyNames` schema refuses no property name: it accepts everything, or asserts only
    `type: string` (names are strings) and a `pattern` that `matches_every_name`."""
    if accepts_everything(schema):
        return True
    if not isinstance(schema, dict) or not ASSERTIONS.intersection(schema) <= {"type", "pattern"}:
        return False
    kind, pattern = schema.get("type", "string"), schema.get("pattern", "")
    strings = kind == "string" or (isinstance(kind, list) and "string" in kind)
    return strings and isinstance(pattern, str) and matches_every_name(pattern)
