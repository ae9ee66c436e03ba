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
    `ttl` seconds after it was put."""

    def __init__(self, capacity: int, *, ttl: float | None = None) -> None:
        if capacity < 1:
            raise ValueError("cache capacity must be at least 1")
        self._capacity = capacity
        self._ttl = ttl
        self._entries: OrderedDict[K, tuple[V, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            value, expires = entry
            if self._ttl is not None and expires <= time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> None:
        expires = time.monotonic() + self._ttl if self._ttl is not None else 0.0
        with self._lock:
            self._entries[key] = (value, expires)
            self._entries.move_to_end(key)
            while len(self._entries) > self._capacity:
                self._entries.popitem(last=False)

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
            for key in [k for k, (v, _) in self._entries.items() if predicate(k, v)]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
