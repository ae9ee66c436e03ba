"""The read fast path: the two hottest lookups answered from memory before FastAPI sees the request.

- GET /schemas/ids/{id}: an id keeps its meaning until its schema is deleted for good (after which an import
  may bring the id back with another schema), so its rendered body is cached per value of the `removals`
  counter, which only a permanent deletion on some node moves.
- GET /subjects/{subject}/versions/{version}: cached per database generation; every write on any node
  bumps the generation.
One indexed read of both counters, shared by every request that arrived before it started, tells whether a
cached body is current on every node. Only requests whose query string changes nothing (`neutral_query`) take
the fast path; a miss falls through to the router, which fills the caches with what it rendered.
"""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

from schemata.registry.api.responses import MEDIA_TYPE
from schemata.registry.metrics import LATENCY, REQUESTS
from schemata.registry.service.caches import GenerationCache
from schemata.registry.storage import CounterReader, Counters, Storage

_SCHEMA_BY_ID = re.compile(r"^/schemas/ids/(\d{1,10})$")
_SUBJECT_VERSION = re.compile(r"^/subjects/[^/]+/versions/[^/]+$")
_HEADERS = [(b"content-type", MEDIA_TYPE.encode())]
#: The route templates the fast path answers, as the metrics label them.
SCHEMA_BY_ID_ROUTE = "/schemas/ids/{schema_id}"
SUBJECT_VERSION_ROUTE = "/subjects/{subject}/versions/{version}"
#: Query parameters that leave the answer as it is without them: name -> the values that do (None: any).
#: Confluent's Java client asks for every schema as /schemas/ids/{id}?fetchMaxId=false&subject=...; the
#: subject only picks a context, and ids are global here.
_NEUTRAL: dict[str, dict[bytes, frozenset[bytes] | None]] = {
    SCHEMA_BY_ID_ROUTE: {b"fetchMaxId": frozenset({b"false"}), b"subject": None},
    SUBJECT_VERSION_ROUTE: {b"deleted": frozenset({b"false"})},
}


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


class ResponseCaches:
    """Rendered bodies of the fast-path lookups."""

    def __init__(self, capacity: int = 50_000) -> None:
        #: Valid for one value of the `removals` counter.
        self.schemas: GenerationCache[int, bytes] = GenerationCache(capacity)
        #: Keyed by the request path, as the fast path sees it; valid for one generation.
        self.versions: GenerationCache[str, bytes] = GenerationCache(capacity)


class CounterProbe:
    """Reads the database's change counters for many concurrent requests with few queries.

    A request waits for the next read that *starts after it arrived* (never one already in flight), so the
    answer reflects every write committed before the request came in, on any node; all the requests that
    arrive while one read runs share the following one.
    """

    def __init__(self, reader: CounterReader) -> None:
        self._reader = reader
        self._next: asyncio.Future[Counters] | None = None
        self._task: asyncio.Task[None] | None = None  # the reading task, while one runs (PostgreSQL)

    async def current(self) -> Counters:
        if self._next is None:
            loop = asyncio.get_running_loop()
            self._next = loop.create_future()
            if self._reader.inline:  # a read of microseconds: a callback after this loop pass, no task
                loop.call_soon(self._read_inline)
            elif self._task is None or self._task.done():
                self._task = loop.create_task(self._run())
        return await asyncio.shield(self._next)

    def _read_inline(self) -> None:
        batch, self._next = self._next, None
        if batch is None:
            return
        try:
            batch.set_result(self._reader.read())
        except Exception as error:
            batch.set_exception(error)

    async def _run(self) -> None:
        while self._next is not None:
            batch, self._next = self._next, None
            try:
                batch.set_result(await self._reader.read_async())
            except Exception as error:
                batch.set_exception(error)


class FastReadMiddleware:
    """Answers cached lookups itself, counting them in the same metrics as every other request; passes the
    rest on. It runs outside FastAPI's middleware stack: a hit costs the lookup, the counter probe and the
    send, nothing else."""

    def __init__(self, app: Any, caches: ResponseCaches, storage: Storage) -> None:
        self.app = app
        self.caches = caches
        self.probe = CounterProbe(storage.counter_reader())
        self._metrics = {
            template: (LATENCY.labels("GET", template), REQUESTS.labels("GET", template, "200"))
            for template in (SCHEMA_BY_ID_ROUTE, SUBJECT_VERSION_ROUTE)
        }

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            started = time.perf_counter()
            cached = await self._cached(scope["path"], scope["query_string"])
            if cached is not None:
                body, route = cached
                headers = [*_HEADERS, (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                latency, requests = self._metrics[route]
                latency.observe(time.perf_counter() - started)
                requests.inc()
                return
        await self.app(scope, receive, send)

    async def _cached(self, path: str, query: bytes) -> tuple[bytes, str] | None:
        """The cached body for `path` if it is current, with its route template."""
        match = _SCHEMA_BY_ID.match(path)
        if match is not None:
            if not neutral_query(SCHEMA_BY_ID_ROUTE, query):
                return None
        elif not _SUBJECT_VERSION.match(path) or not neutral_query(SUBJECT_VERSION_ROUTE, query):
            return None
        try:
            counters = await self.probe.current()
        except Exception:
            return None  # the router answers, with the proper 5xx error
        if match:
            body = self.caches.schemas.get(int(match.group(1)), counters.removals)
            return (body, SCHEMA_BY_ID_ROUTE) if body is not None else None
        body = self.caches.versions.get(path, counters.generation)
        return (body, SUBJECT_VERSION_ROUTE) if body is not None else None
