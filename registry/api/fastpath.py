"""The read fast path: GET /schemas/ids/{id} and GET /subjects/{subject}/versions/{version} answered from
the kept bodies of `CachedReads` (registry/service/cached_reads.py) before FastAPI sees the request.

Only requests whose query string changes nothing (`neutral_query`) take the fast path; a miss falls through
to the router, which keeps what it rendered. A schema by id carries its `ETag` (registry/api/etags.py), and
an `If-None-Match` naming it is answered 304 here too.
"""

from __future__ import annotations

import re
import time
from typing import Any

from starlette.types import Receive, Scope, Send

from schemata.compat.versions import parse_version as version_of
from schemata.registry.api.etags import TaggedBody, if_none_match, matches
from schemata.registry.api.negotiation import VARY_ACCEPT, negotiate
from schemata.registry.api.responses import MEDIA_TYPE
from schemata.registry.metrics import LATENCY, REQUESTS
from schemata.registry.service.cached_reads import CachedReads

_SCHEMA_BY_ID = re.compile(r"^/schemas/ids/([0-9]{1,10})$")
_SUBJECT_VERSION = re.compile(r"^(/subjects/[^/]+/versions/)([^/]+)$")
_HEADERS = [(b"content-type", MEDIA_TYPE.encode()), VARY_ACCEPT]
#: The route templates the fast path answers, as the metrics label them.
SCHEMA_BY_ID_ROUTE = "/schemas/ids/{schema_id}"
SUBJECT_VERSION_ROUTE = "/subjects/{subject}/versions/{version}"
#: Query parameters that leave the answer as it is without them: name -> the values that do (None: any).
#: Not `subject`: it picks the context an id is resolved in, and adds the subject's version to the answer.
_NEUTRAL: dict[str, dict[bytes, frozenset[bytes] | None]] = {
    SCHEMA_BY_ID_ROUTE: {b"fetchMaxId": frozenset({b"false"})},
    SUBJECT_VERSION_ROUTE: {b"deleted": frozenset({b"false"})},
}


def version_cache_key(path: str) -> str | None:
    """The cache key of a subject-version path: the path with the version in canonical form (`0001` and `1`
    are one entry, `-1` and `LATEST` are `latest`); None for a version that is not one."""
    match = _SUBJECT_VERSION.match(path)
    if match is None:
        return None
    version = version_of(match.group(2))
    return None if version is None else match.group(1) + str(version)


def neutral_query(route: str, query: bytes) -> bool:
    """Whether the answer of `route` to `query` is its answer to the bare path (so it may be cached as that)."""
    allowed = _NEUTRAL[route]
    for pair in query.split(b"&") if query else ():
        key, _, value = pair.partition(b"=")
        if key not in allowed:
            return False
        values = allowed[key]
        if values is not None and value.lower() not in values:
            return False
    return True


class FastReadMiddleware:
    """Answers cached lookups itself, counting them in the same metrics as every other request; passes the
    rest on. It runs outside FastAPI's middleware stack: a hit costs the lookup, the counter probe and the
    send, nothing else."""

    def __init__(self, app: Any, reads: CachedReads, *, outermost: bool = False) -> None:
        self.app = app
        self.reads = reads
        #: In front of every other layer (no security configured): take only what those layers would pass
        #: through unchanged (`_plain`) and what needs no database read (outside the request's budget of
        #: database waits), and leave the rest to the fast path behind them.
        self.outermost = outermost
        self._metrics = {
            (template, status): (LATENCY.labels("GET", template), REQUESTS.labels("GET", template, str(status)))
            for template in (SCHEMA_BY_ID_ROUTE, SUBJECT_VERSION_ROUTE)
            for status in (200, 304)
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and (not self.outermost or _plain(scope)):
            started = time.perf_counter()
            cached = await self._cached(scope["path"], scope["query_string"])
            if cached is not None:
                body, route = cached
                status = await self._answer(body, scope["headers"], send)
                latency, requests = self._metrics[route, status]
                latency.observe(time.perf_counter() - started)
                requests.inc()
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _answer(body: bytes, headers: list[tuple[bytes, bytes]], send: Send) -> int:
        """Send a kept body (or 304, when it has a tag the request's `If-None-Match` names); the status."""
        if isinstance(body, TaggedBody):
            tag = [(b"etag", body.etag)]
            condition = if_none_match(headers)
            if condition is not None and matches(condition, body.etag):
                await send({"type": "http.response.start", "status": 304, "headers": [*tag, VARY_ACCEPT]})
                await send({"type": "http.response.body", "body": b""})
                return 304
        else:
            tag = []
        answer = [*_HEADERS, (b"content-length", str(len(body)).encode()), *tag]
        await send({"type": "http.response.start", "status": 200, "headers": answer})
        await send({"type": "http.response.body", "body": body})
        return 200

    async def _cached(self, path: str, query: bytes) -> tuple[bytes, str] | None:
        """The kept body for `path` if it is current, with its route template."""
        match = _SCHEMA_BY_ID.match(path)
        if match is not None:
            if not neutral_query(SCHEMA_BY_ID_ROUTE, query):
                return None
            body = await self.reads.schema_by_id(int(match.group(1)), probe=not self.outermost)
            return (body, SCHEMA_BY_ID_ROUTE) if body is not None else None
        key = version_cache_key(path)
        if key is None or not neutral_query(SUBJECT_VERSION_ROUTE, query):
            return None
        body = await self.reads.subject_version(key, probe=not self.outermost)
        return (body, SUBJECT_VERSION_ROUTE) if body is not None else None


def _plain(scope: Scope) -> bool:
    """Whether the layers in front of the fast path would pass this GET on as it is: a path without escapes
    (nothing for raw-path decoding to do) and an `Accept` that negotiates to the default type."""
    raw = scope.get("raw_path")
    if raw is not None and b"%" in raw:
        return False
    accept = None
    for key, value in scope["headers"]:
        if key == b"accept":
            if accept is not None:
                return False
            accept = value
    return accept is None or negotiate(accept.decode("latin-1")) == MEDIA_TYPE
