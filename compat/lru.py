"""The one bounded, thread-safe least-recently-used map, for every cache of the project (compat's parsed
schemas, the registry's parsed stored schemas and rendered reads, the client's look-ups)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """At most `capacity` entries, the least recently used evicted first; with `ttl`, an entry also expires
    `ttl` seconds after it was put.

    With `max_bytes`, the entries' sizes (`size(value)`, in bytes) also add up to at most `max_bytes`: a put
    evicts the least recently used entries until the total fits, and a value larger than the whole budget is
    not kept at all (nor is the entry it would have replaced)."""

    def __init__(
        self,
        capacity: int,
        *,
        ttl: float | None = None,
        max_bytes: int | None = None,
        size: Callable[[V], int] | None = None,
    ) -> None:
        if capacity < 1:
            raise ValueError("cache capacity must be at least 1")
        if (max_bytes is None) != (size is None):
            raise ValueError("a byte bound needs both max_bytes and a size function")
        if max_bytes is not None and max_bytes < 0:
            raise ValueError("max_bytes must not be negative")
        self._capacity = capacity
        self._ttl = ttl
        self._max_bytes = max_bytes
        self._size = size
        self._bytes = 0
        self._entries: OrderedDict[K, tuple[V, float, int]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        """The sizes of the kept values added up (0 without a byte bound)."""
        return self._bytes

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, expires, _ = entry
            if self._ttl is not None and expires <= time.monotonic():
                self._remove(key)
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        expires = time.monotonic() + self._ttl if self._ttl is not None else 0.0
        size = self._size(value) if self._size is not None else 0
        with self._lock:
            self._remove(key)
            if self._max_bytes is not None and size > self._max_bytes:
                return
            self._entries[key] = (value, expires, size)
            self._bytes += size
            while len(self._entries) > self._capacity or (
                self._max_bytes is not None and self._bytes > self._max_bytes
            ):
                _, (_, _, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted

    def get_or_build(self, key: K, build: Callable[[], V]) -> V:
        """The value of `key`, built and put if missing. `build` runs outside the lock (two threads may both
        build a value; one wins, which is harmless for immutable values)."""
        value = self.get(key)
        if value is None:
            value = build()
            self.put(key, value)
        return value

    def discard_where(self, predicate: Callable[[K, V], bool]) -> None:
        """Remove every entry for which `predicate(key, value)` holds."""
        with self._lock:
            for key in [k for k, (v, _, _) in self._entries.items() if predicate(k, v)]:
                self._remove(key)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _remove(self, key: K) -> None:
        """Drop `key`'s entry if there is one (the lock held)."""
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._bytes -= entry[2]
