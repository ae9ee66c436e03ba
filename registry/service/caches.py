"""Small thread-safe caches used on the read paths."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A bounded least-recently-used map."""

    def __init__(self, capacity: int) -> None:
        self._items: OrderedDict[K, V] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: K, value: V) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


class GenerationCache(Generic[K, V]):
    """Values valid for one generation of the database: any write anywhere (any node) bumps the
    generation, and the first lookup that sees a new generation drops everything."""

    def __init__(self, capacity: int) -> None:
        self._cache: LruCache[K, V] = LruCache(capacity)
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
