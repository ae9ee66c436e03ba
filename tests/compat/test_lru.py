"""The one LRU map: eviction order, time to live, build-on-miss, targeted removal."""

from __future__ import annotations

import pytest

from schemata.compat.lru import LruCache


def test_evicts_the_least_recently_used() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the least recently used
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)


def test_entries_expire_after_their_ttl() -> None:
    assert LruCache[str, int](4, ttl=3600).get_or_build("a", lambda: 1) == 1
    expired: LruCache[str, int] = LruCache(4, ttl=0)
    expired.put("a", 1)
    assert expired.get("a") is None
    assert len(expired) == 0


def test_get_or_build_builds_once() -> None:
    cache: LruCache[str, list[int]] = LruCache(4)
    built = cache.get_or_build("k", lambda: [1])
    assert cache.get_or_build("k", lambda: [2]) is built


def test_discard_where_and_clear() -> None:
    cache: LruCache[tuple[str, int], str] = LruCache(8)
    for subject, version in (("s", 1), ("s", 2), ("t", 1)):
        cache.put((subject, version), f"{subject}{version}")
    cache.discard_where(lambda key, _value: key[0] == "s")
    assert (cache.get(("s", 1)), cache.get(("t", 1))) == (None, "t1")
    cache.clear()
    assert len(cache) == 0


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LruCache(0)
