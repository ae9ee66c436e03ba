"""The access check's caches (the route of each path, the granted reads of each caller and path) are bounded
in bytes by their share of SCHEMATA_CACHE_MAX_BYTES: 10,000 entries each, whatever their size, let a caller
with long subject names make them hundreds of megabytes. The bound is read from the node's own accounting,
the `schemata_cache_bytes` gauges of /metrics, and from its resident memory."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from schemata.registry.service import CACHE_SHARES
from tests.conftest import LiveServer
from tests.hardening.test_read_caches import cache_bytes, rss_bytes
from tests.security.conftest import PASSWORDS, write_security_files

CACHE_MAX_BYTES = 7 * 2**20
SHARE = CACHE_MAX_BYTES // CACHE_SHARES


@pytest.fixture(scope="module")
def small_secured(tmp_path_factory: pytest.TempPathFactory, signing_key: rsa.RSAPrivateKey) -> Iterator[LiveServer]:
    tmp = tmp_path_factory.mktemp("secured-small-caches")
    env = {**write_security_files(tmp, signing_key), "SCHEMATA_CACHE_MAX_BYTES": str(CACHE_MAX_BYTES)}
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log", extra_env=env)
    yield server
    server.stop()


def test_long_paths_keep_the_access_caches_within_their_share(small_secured: LiveServer) -> None:
    auth = httpx.BasicAuth("ann", PASSWORDS["ann"])
    with httpx.Client(base_url=small_secured.url, auth=auth, timeout=60.0) as http:
        long_name = "sec-" + "n" * 8000
        for n in range(50):  # warm up the allocator with entries of this size
            http.get(f"/subjects/{long_name}-warm{n}/versions")
        before = rss_bytes(small_secured.process.pid)
        for n in range(3000):  # 3,000 routes and granted reads of 8 KB paths: 48 MB kept without a bound
            assert http.get(f"/subjects/{long_name}-{n}/versions").status_code == 422  # a name too long
        grown = rss_bytes(small_secured.process.pid) - before
        sizes = cache_bytes(http)
    assert grown < 16 * 2**20, f"the server grew by {grown / 2**20:.0f} MB"
    for cache in ("security_endpoints", "security_granted"):
        assert SHARE * 0.8 < sizes[cache] <= SHARE, sizes
