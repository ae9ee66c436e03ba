"""Schemas as highlighted HTML (Pygments): Avro and JSON Schema as indented JSON, Protobuf as it was written,
and the stylesheet of the highlighting for the light and the dark colour scheme."""

from __future__ import annotations

import json
from functools import cache

from markupsafe import Markup
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import JsonLexer, ProtoBufLexer

from schemata.compat.lru import LruCache

LIGHT_STYLE, DARK_STYLE = "default", "github-dark"
#: The CSS class of a highlighted block (the stylesheet's selector).
CSS_CLASS = "highlight"


def pretty(schema: str, schema_type: str) -> str:
    """The schema as a reader wants it: JSON (Avro, JSON Schema) indented by two, key order kept; Protobuf,
    or JSON that does not parse, unchanged."""
    if schema_type == "PROTOBUF":
        return schema
    try:
        return json.dumps(json.loads(schema), indent=2, ensure_ascii=False)
    except ValueError:
        return schema


def lexer_for(schema_type: str) -> Lexer:
    return ProtoBufLexer() if schema_type == "PROTOBUF" else JsonLexer()


#: The longest schema highlighted: lexing costs about a second per 3 MB, paid on every view of a schema too
#: long to keep, so a longer one (up to the registry's 8 MiB) is shown as plain text.
HIGHLIGHT_CHARS = 512 * 1024


def highlightable(text: str) -> bool:
    """Whether `text` is short enough to highlight (`HIGHLIGHT_CHARS`)."""
    return len(text) <= HIGHLIGHT_CHARS


#: Highlighted schemas kept, and the longest schema kept: a schema of a hundred fields takes tens of
#: milliseconds to highlight, and registered ones never change; the HTML is several times the schema's size,
#: so the bounds keep the cache within a few tens of megabytes.
KEPT, KEPT_CHARS = 64, 64 * 1024
_kept: LruCache[tuple[str, str, str], Markup] = LruCache(KEPT)


def highlighted(schema: str, schema_type: str, *, anchors: str = "") -> Markup:
    """The pretty-printed schema as a `<div class="highlight"><pre>` block; with `anchors`, each line carries
    an id `{anchors}-{n}` (n from 1) to link to."""
    if len(schema) > KEPT_CHARS:
        return _highlight(schema, schema_type, anchors)
    return _kept.get_or_build((schema, schema_type, anchors), lambda: _highlight(schema, schema_type, anchors))


def _highlight(schema: str, schema_type: str, anchors: str) -> Markup:
    text = pretty(schema, schema_type)
    if not highlightable(text):
        return Markup('<div class="{}"><pre><code>{}</code></pre></div>').format(CSS_CLASS, text)
    formatter = HtmlFormatter(cssclass=CSS_CLASS, wrapcode=True, lineanchors=anchors)
    # Pygments escapes the text it highlights.
    return Markup(highlight(text, lexer_for(schema_type), formatter))


@cache
def stylesheet() -> str:
    """The highlighting's CSS: the light style, and the dark one where the system prefers dark."""
    selector = f".{CSS_CLASS}"
    light = HtmlFormatter(style=LIGHT_STYLE).get_style_defs(selector)
    dark = HtmlFormatter(style=DARK_STYLE).get_style_defs(selector)
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
