"""Entity tags for the answers of a schema by id, so that a client polling one can ask `If-None-Match` and
get 304 without the body.

The tag is a digest of the answer's bytes, not of the id: an id answers the same bytes for good except
after its schema is deleted for good (404), and an import may then bring the id back with another schema;
the query variants (`format=`, `fetchMaxId=`, ...) answer other bytes, hence other tags. Tags are the same on
every node and across restarts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from fastapi.responses import Response


class TaggedBody(bytes):
    """An answer's bytes with their entity tag (kept together in the read caches)."""

    etag: bytes


def tagged(body: bytes) -> TaggedBody:
    """`body` with its tag (itself when it has one)."""
    if isinstance(body, TaggedBody):
        return body
    answer = TaggedBody(body)
    answer.etag = b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'
    return answer


def if_none_match(headers: Iterable[tuple[bytes, bytes]]) -> bytes | None:
    """The request's `If-None-Match` header (its occurrences joined), if any."""
    found = None
    for key, value in headers:
        if key == b"if-none-match":
            found = value if found is None else found + b"," + value
    return found


def matches(condition: bytes, etag: bytes) -> bool:
    """Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 has it for this header)."""
    for candidate in condition.split(b","):
        candidate = candidate.strip()
        if candidate == b"*" or candidate.removeprefix(b"W/") == etag:
            return True
    return False


def tagged_response(body: TaggedBody, headers: Iterable[tuple[bytes, bytes]], media_type: str) -> Response:
    """200 with the body and its tag, or 304 with the tag alone when the request's `If-None-Match` names it."""
    etag = body.etag.decode()
    condition = if_none_match(headers)
    if condition is not None and matches(condition, body.etag):
        return Response(status_code=304, headers={"ETag": etag})
    return Response(bytes(body), media_type=media_type, headers={"ETag": etag})
