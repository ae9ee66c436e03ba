"""Rendered answers of the hottest lookups, kept while the database's change counters say they are current.

- A schema by id keeps its meaning until its schema is deleted for good (after which an import may bring the
  id back with another schema), so its body is valid for one value of the `removals` counter, which only a
  permanent deletion on some node moves.
- A subject version is valid for one database generation: every write on any node bumps the generation.

The read fast path asks `schema_by_id` / `subject_version` before the router sees a request (in front of
every other layer, `known_schema_by_id` / `known_subject_version`: the feed's counters only); the routes
render a miss and hand it to `keep_schema_by_id` / `keep_subject_version`. The raw text of a schema by id
(`/schemas/ids/{id}/schema`) is kept beside its answer, in the same cache and for the same counter; its route
asks `schema_text_by_id`. The counters come from the node's
`CounterFeed` (registry/storage/notifications.py), pushed by the database: a hit touches no database, this
node's writes are seen at once and another node's within the feed's bound. While the feed cannot vouch for
its counters (its listener reconnecting), one indexed read of both, shared by every request that arrived
before it started, tells whether a kept body is current on every node.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from schemata.compat.lru import LruCache
from schemata.registry.storage import CounterReader, Counters, Storage, within_budget

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class GenerationCache(Generic[K, V]):
    """Values valid for one value of a change counter (`generation` here): the first lookup that sees
    another value drops everything."""

    def __init__(self, capacity: int, *, max_bytes: int | None = None, size: Callable[[V], int] | None = None) -> None:
        self._cache: LruCache[K, V] = LruCache(capacity, max_bytes=max_bytes, size=size)
        self._generation = -1
        self._lock = threading.Lock()

    def get(self, key: K, generation: int) -> V | None:
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    self._cache.clear()
                    self._generation = generation
            return None
        return self._cache.get(key)

    def put(self, key: K, value: V, generation: int) -> None:
        if generation == self._generation:
            self._cache.put(key, value)

    @property
    def bytes(self) -> int:
        return self._cache.bytes


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
        loop = asyncio.get_running_loop()
        if self._next is not None and self._next.get_loop() is not loop:
            self._next = None  # left by an event loop that has ended (an app served by one loop after another)
        if self._next is None:
            self._next = loop.create_future()
            if self._reader.inline:  # a read of microseconds: a callback after this loop pass, no task
                loop.call_soon(self._read_inline)
            elif self._task is None or self._task.done() or self._task.get_loop() is not loop:
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


#: The keys of a schema's answer (GET /schemas/ids/{id}) and of its raw text (.../schema) in the schema cache.
_ANSWER, _TEXT = False, True


class CachedReads:
    """The kept bodies of GET /schemas/ids/{id}, /schemas/ids/{id}/schema and
    /subjects/{subject}/versions/{version}."""

    def __init__(self, storage: Storage, capacity: int = 50_000, *, max_bytes: int = 16 * 2**20) -> None:
        self._storage = storage
        self._feed = storage.counter_feed()
        self._reader = storage.counter_reader()
        self._probe = CounterProbe(self._reader)
        #: Keyed by (id, whether the raw text); valid for one value of the `removals` counter.
        self._schemas: GenerationCache[tuple[int, bool], bytes] = GenerationCache(
            capacity, max_bytes=max_bytes, size=len
        )
        #: Keyed by the request path; valid for one generation.
        self._versions: GenerationCache[str, bytes] = GenerationCache(capacity, max_bytes=max_bytes, size=len)

    def known_schema_by_id(self, schema_id: int) -> bytes | None:
        """The kept body of schema `schema_id` if the feed vouches for its counters now (no database read)."""
        counters = self._feed.current()
        return None if counters is None else self._schemas.get((schema_id, _ANSWER), counters.removals)

    def known_subject_version(self, path: str) -> bytes | None:
        """The kept body of the version at request path `path`, as `known_schema_by_id`."""
        counters = self._feed.current()
        return None if counters is None else self._versions.get(path, counters.generation)

    async def schema_by_id(self, schema_id: int) -> bytes | None:
        """The kept body of schema `schema_id` if it is current; None if there is none or the counters
        cannot be read (the full read then answers, with the proper error)."""
        counters = await self.counters()
        return None if counters is None else self._schemas.get((schema_id, _ANSWER), counters.removals)

    async def subject_version(self, path: str) -> bytes | None:
        """The kept body of the version at request path `path` if it is current (as `schema_by_id`)."""
        counters = await self.counters()
        return None if counters is None else self._versions.get(path, counters.generation)

    def keep_schema_by_id(self, schema_id: int, render: Callable[[], bytes]) -> bytes:
        """`render()`, kept for `schema_by_id`."""
        return self._keep(self._schemas, (schema_id, _ANSWER), render, _removals)

    def schema_text_by_id(self, schema_id: int, render: Callable[[], bytes]) -> bytes:
        """The kept raw text of schema `schema_id` if it is current (the feed vouching for the counters),
        else `render()`, kept."""
        counters = self._feed.current()
        kept = None if counters is None else self._schemas.get((schema_id, _TEXT), counters.removals)
        return kept if kept is not None else self._keep(self._schemas, (schema_id, _TEXT), render, _removals)

    def keep_subject_version(
        self, path: str, render: Callable[[], bytes], no_alias_at: int, *, keep: Callable[[], bool] | None = None
    ) -> bytes:
        """`render()`, kept for `subject_version` if `no_alias_at` (the generation in which the path's subject
        was found to be no alias: registry/api/aliases.py) is still the current one, and `keep` (asked after
        rendering, if given) does not say otherwise."""
        return self._keep(self._versions, path, render, lambda c: c.generation, since=no_alias_at, keep=keep)

    def _keep(
        self,
        cache: GenerationCache[K, bytes],
        key: K,
        render: Callable[[], bytes],
        count: Callable[[Counters], int],
        since: int | None = None,
        keep: Callable[[], bool] | None = None,
    ) -> bytes:
        # Counters known before the body: a write in between leaves a body newer than its count, never older.
        current = count(self._feed.current() or self._storage.counters())
        body = render()
        if (since is None or since == current) and (keep is None or keep()):
            cache.put(key, body, current)
        return body

    def cache_bytes(self) -> dict[str, int]:
        """The bytes of rendered bodies each cache holds."""
        return {"schemas_by_id": self._schemas.bytes, "subject_versions": self._versions.bytes}

    def close(self) -> None:
        """Release the counter reader's SQLite connection."""
        self._reader.close()

    async def counters(self) -> Counters | None:
        """The counters every write acknowledged before this request (on this node) or `bound` earlier (on
        any node) has moved: the feed's, or read from the database while it cannot vouch for them; None if
        they cannot be read."""
        known = self._feed.current()
        if known is not None:
            return known
        try:
            return await within_budget(self._probe.current(), self._storage.timeout)
        except Exception:
            return None


def _removals(counters: Counters) -> int:
    """The counter a schema's kept answers are valid for."""
    return counters.removals
