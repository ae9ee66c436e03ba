"""The one LRU map: eviction order, the byte bound, time to live, build-on-miss, targeted removal."""

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


def test_evicts_the_least_recently_used_until_the_bytes_fit() -> None:
    cache: LruCache[str, bytes] = LruCache(100, max_bytes=10, size=len)
    cache.put("a", b"xxxx")
    cache.put("b", b"xxxx")
    assert cache.get("a") == b"xxxx"  # "b" is now the least recently used
    cache.put("c", b"xxxxx")  # 13 bytes: "b" goes
    assert (cache.get("a"), cache.get("b"), cache.get("c"), cache.bytes) == (b"xxxx", None, b"xxxxx", 9)
    cache.put("a", b"x")  # a replaced value counts with its new size
    assert cache.bytes == 6
    cache.put("d", b"x" * 10)  # exactly the budget: everything else goes
    assert (len(cache), cache.bytes, cache.get("d")) == (1, 10, b"x" * 10)


def test_a_value_larger_than_the_budget_is_not_kept() -> None:
    cache: LruCache[str, bytes] = LruCache(100, max_bytes=10, size=len)
    cache.put("a", b"small")
    cache.put("b", b"x" * 11)
    cache.put("a", b"y" * 11)  # nor does it leave the value it would have replaced
    assert (cache.get("a"), cache.get("b"), len(cache), cache.bytes) == (None, None, 0, 0)


def test_removals_give_their_bytes_back() -> None:
    cache: LruCache[str, bytes] = LruCache(100, ttl=0, max_bytes=100, size=len)
    cache.put("a", b"xxx")
    assert (cache.get("a"), cache.bytes) == (None, 0)  # expired
    kept: LruCache[str, bytes] = LruCache(100, max_bytes=100, size=len)
    for key in "abc":
        kept.put(key, key.encode() * 3)
    kept.discard_where(lambda key, _value: key == "b")
    assert kept.bytes == 6
    kept.clear()
    assert kept.bytes == 0


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
    with pytest.raises(ValueError, match="both"):
        LruCache(4, max_bytes=10)
