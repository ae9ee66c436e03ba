"""The read fast path: GET /schemas/ids/{id} and GET /subjects/{subject}/versions/{version} answered from
the kept bodies of `CachedReads` (registry/service/cached_reads.py) before FastAPI sees the request.

Only requests whose query string changes nothing (`neutral_query`) take the fast path; a miss falls through
to the router, which keeps what it rendered. A schema by id carries its `ETag` (registry/api/etags.py), and
an `If-None-Match` naming it is answered 304 here too.
"""

from __future__ import annotations

import asyncio
import functools
from time import perf_counter
from typing import Any

from starlette.types import Receive, Scope, Send

from schemata.compat.versions import parse_version as version_of
from schemata.registry.api.etags import TaggedBody, if_none_match, matches
from schemata.registry.api.negotiation import VARY_ACCEPT, negotiate
from schemata.registry.api.responses import MEDIA_TYPE
from schemata.registry.metrics import FOLD_SECONDS, fold_tallies, request_tally
from schemata.registry.service.cached_reads import CachedReads

_SCHEMA_IDS, _SUBJECTS, _VERSIONS = "/schemas/ids/", "/subjects/", "/versions"
#: The shortest subject-version head (`/subjects/` + a subject + `/versions`) is longer than this.
_SUBJECT_AT = len(_SUBJECTS) + len(_VERSIONS)
_CONTENT_TYPE = (b"content-type", MEDIA_TYPE.encode())
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
    """The cache key of a subject-version path (`/subjects/{subject}/versions/{version}`, the subject
    without `/`): the path with the version in canonical form (`0001` and `1` are one entry, `-1` and
    `LATEST` are `latest`); None for another path or a version that is not one."""
    head, _, version = path.rpartition("/")
    if not (head.startswith(_SUBJECTS) and head.endswith(_VERSIONS)) or len(head) <= _SUBJECT_AT:
        return None
    if "/" in head[len(_SUBJECTS):-len(_VERSIONS)]:
        return None
    canonical = version_of(version)
    return None if canonical is None else f"{head}/{canonical}"


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


def _target(path: str, query: bytes) -> int | str | None:
    """What a GET of `path?query` looks up, if the fast path may answer it: a schema id (int) or a subject
    version's cache key (str)."""
    if path.startswith(_SCHEMA_IDS):
        digits = path[len(_SCHEMA_IDS):]
        if len(digits) <= 10 and digits.isascii() and digits.isdigit():
            return int(digits) if not query or neutral_query(SCHEMA_BY_ID_ROUTE, query) else None
        return None
    if path.startswith(_SUBJECTS):
        key = _remembered_key(path) if len(path) <= _REMEMBERED_PATH else version_cache_key(path)
        return key if key is not None and (not query or neutral_query(SUBJECT_VERSION_ROUTE, query)) else None
    return None


#: Subject-version paths up to this long have their cache key remembered (`_remembered_key`).
_REMEMBERED_PATH = 256


@functools.lru_cache(maxsize=1024)
def _remembered_key(path: str) -> str | None:
    """`version_cache_key` of the hottest paths (at most 1,024 of _REMEMBERED_PATH characters)."""
    return version_cache_key(path)


class FastReadMiddleware:
    """Answers cached lookups itself, counting them in the same metrics as every other request (batched:
    `RequestTally`); passes the rest on. It runs outside FastAPI's middleware stack: a hit costs the lookup,
    the counters' check and the send, nothing else."""

    def __init__(self, app: Any, reads: CachedReads, *, outermost: bool = False) -> None:
        self.app = app
        self.reads = reads
        #: In front of every other layer (no security configured): take only what those layers would pass
        #: through unchanged (`_plain`) and what needs no database read (outside the request's budget of
        #: database waits), and leave the rest to the fast path behind them.
        self.outermost = outermost
        self._tallies = {
            (route, status): request_tally("GET", route, status)
            for route in (SCHEMA_BY_ID_ROUTE, SUBJECT_VERSION_ROUTE)
            for status in (200, 304)
        }
        self._next_fold = 0.0  # when a hit next schedules a fold of the tallies (0: none is due)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            started = perf_counter()
            target = _target(scope["path"], scope["query_string"])
            if target is not None and (not self.outermost or _plain(scope)):
                body = self._known(target) if self.outermost else await self._current(target)
                if body is not None:
                    status, headers, content = _response(body, scope["headers"])
                    await send({"type": "http.response.start", "status": status, "headers": headers})
                    await send({"type": "http.response.body", "body": content})
                    route = SCHEMA_BY_ID_ROUTE if isinstance(target, int) else SUBJECT_VERSION_ROUTE
                    finished = perf_counter()
                    self._tallies[route, status].add(finished - started)
                    if finished >= self._next_fold:  # no fold due (or the loop that had one has ended)
                        self._next_fold = finished + FOLD_SECONDS
                        asyncio.get_running_loop().call_later(FOLD_SECONDS, self._fold)
                    return
        await self.app(scope, receive, send)

    def _known(self, target: int | str) -> bytes | None:
        """The kept body of `target` if the counters are known to be current without a database read."""
        if isinstance(target, int):
            return self.reads.known_schema_by_id(target)
        return self.reads.known_subject_version(target)

    async def _current(self, target: int | str) -> bytes | None:
        """The kept body of `target` if it is current (the counters read from the database if need be)."""
        if isinstance(target, int):
            return await self.reads.schema_by_id(target)
        return await self.reads.subject_version(target)

    def _fold(self) -> None:
        self._next_fold = 0.0
        fold_tallies()


@functools.lru_cache(maxsize=4096)
def _content_length(size: int) -> tuple[bytes, bytes]:
    return b"content-length", str(size).encode()


def _response(body: bytes, headers: list[tuple[bytes, bytes]]) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The status, headers and body that answer a request with `headers` from a kept body: 304 with the tag
    alone when it has one the request's `If-None-Match` names, else 200 with the body."""
    if isinstance(body, TaggedBody):
        tag = (b"etag", body.etag)
        condition = if_none_match(headers)
        if condition is not None and matches(condition, body.etag):
            return 304, [tag, VARY_ACCEPT], b""
        return 200, [_CONTENT_TYPE, VARY_ACCEPT, _content_length(len(body)), tag], body
    return 200, [_CONTENT_TYPE, VARY_ACCEPT, _content_length(len(body))], body


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
