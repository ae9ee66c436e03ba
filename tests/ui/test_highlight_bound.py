"""Highlighting is bounded: a schema longer than HIGHLIGHT_CHARS is shown escaped, as plain text, on the
subject page and on the diff (lexing costs about a second per 3 MB, on every view of a schema too long to keep)."""

from __future__ import annotations

import json

from schemata.registry.ui.compare_view import highlight_lines
from schemata.registry.ui.diff import listing
from schemata.registry.ui.highlight import HIGHLIGHT_CHARS, highlighted


def _record(fields: int) -> str:
    return json.dumps({"type": "record", "name": "R", "fields": [
        {"name": f"f{i}", "type": "string", "doc": "<b>" + "x" * 40} for i in range(fields)
    ]})


def test_a_short_schema_is_highlighted() -> None:
    shown = highlighted(_record(3), "AVRO")
    assert "<span" in shown and "&lt;b&gt;" in shown and "<b>" not in shown


def test_a_schema_past_the_bound_is_escaped_plain_text() -> None:
    schema = _record(HIGHLIGHT_CHARS // 60)
    assert len(schema) > HIGHLIGHT_CHARS
    shown = highlighted(schema, "AVRO")
    assert "<span" not in shown and "&lt;b&gt;" in shown and "<b>" not in shown
    lines = highlight_lines(listing("AVRO", schema))
    assert lines and all("<span" not in line and "<b>" not in line for line in lines)
