"""Path handling that must see the raw request path: `/` inside subjects, and context prefixes.

Uvicorn decodes `%2F` to `/` before routing, which would split a subject such as `team/orders-value`
into two path segments. This ASGI middleware routes on the raw path instead, with each encoded slash
replaced by a private-use placeholder that the `subject` dependency turns back into `/`. A trailing slash
is dropped. It also maps `/contexts/{ctx}/subjects/...` (and `/config`, `/mode`, `/compatibility`) onto the
context-qualified subject `:{ctx}:{subject}`, and `/contexts/{ctx}/schemas/ids/...` onto the same lookup with
`subject=:{ctx}:` (or the given subject qualified with the context), as Confluent's context filter does.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

from starlette.types import Receive, Scope, Send

SLASH_PLACEHOLDER = "\ue000"
_SUBJECT_ROOTS = ("subjects", "config", "mode")


def restore_slashes(value: str) -> str:
    return value.replace(SLASH_PLACEHOLDER, "/")


#: What a client's own U+E000 becomes: a control character, which no subject may hold (42208), so that it can
#: never pass for an encoded slash.
_REFUSED = "\x00"


def path_segment(subject: str) -> str:
    """`subject` as one segment of a routed path (what `restore_slashes` turns back into it)."""
    return subject.replace(SLASH_PLACEHOLDER, _REFUSED).replace("/", SLASH_PLACEHOLDER)


def decode_path(raw_path: bytes) -> str:
    pieces = re.split("%2[Ff]", raw_path.decode("latin-1"))
    return SLASH_PLACEHOLDER.join(unquote(piece).replace(SLASH_PLACEHOLDER, _REFUSED) for piece in pieces)


def strip_context(path: str) -> tuple[str, str | None]:
    """`/contexts/.ctx/subjects/s/...` -> `/subjects/:.ctx:s/...`; other context paths lose the prefix.

    Also returns the subject prefix that a context's listings (`/subjects`, `/schemas`) are limited to, or
    the qualifier (`:.ctx:`) of a lookup by id.
    """
    parts = path.split("/")
    # ['', 'contexts', ctx, root, subject?, ...]
    if len(parts) < 4 or parts[1] != "contexts":
        return path, None
    ctx, rest = parts[2], parts[3:]
    if ctx in ("", "."):
        return "/" + "/".join(rest), None
    prefix = f":{ctx}:"
    if (len(rest) == 1 and rest[0] in ("subjects", "schemas")) or rest[:2] == ["schemas", "ids"]:
        return "/" + "/".join(rest), prefix
    if len(rest) >= 2 and rest[0] in _SUBJECT_ROOTS:
        rest[1] = prefix + rest[1]
    elif len(rest) >= 3 and rest[0] == "compatibility" and rest[1] == "subjects":
        rest[2] = prefix + rest[2]
    return "/" + "/".join(rest), None


def qualify_subject(query: bytes, qualifier: str) -> bytes:
    """`query` with its `subject` qualified with a context (`:.ctx:`), or with `subject=:.ctx:` when it has none;
    a subject qualified already (`:.other:s`, `:*:`) stays."""
    subject = query_subject(query) or ""
    return with_subject(query, subject if subject.startswith((":.", ":*:")) else qualifier + subject)


def query_subject(query: bytes) -> str | None:
    """The `subject` parameter of a query string (the last one, as the routes read it), if it has one."""
    subjects = [value for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True) if key == "subject"]
    return subjects[-1] if subjects else None


def with_subject(query: bytes, subject: str) -> bytes:
    """`query` with `subject` as its only `subject` parameter."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if key != "subject"]
    return urlencode([*kept, ("subject", subject)]).encode()


class RawPathMiddleware:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("raw_path")
            path = decode_path(raw) if raw is not None else scope["path"]
            query = scope["query_string"]
            if len(path) > 1 and path.endswith("/"):
                # Served as without it (Confluent's Java client sends some): a redirect would lose POST bodies.
                path = path[:-1]
            if path.startswith("/contexts/"):
                path, prefix = strip_context(path)
                if prefix is not None and path.startswith("/schemas/ids/"):
                    query = qualify_subject(query, prefix)
                elif prefix is not None and b"subjectPrefix=" not in query:
                    query = b"&".join(q for q in (query, b"subjectPrefix=" + quote(prefix).encode()) if q)
            if path != scope["path"] or query is not scope["query_string"]:
                scope = {**scope, "path": path, "query_string": query}
        await self.app(scope, receive, send)
