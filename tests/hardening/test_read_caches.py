"""Read caches are keyed canonically and bounded in bytes: 60 GETs of one 4 MB version as /versions/0001,
/versions/00001... were cached once each (180 MB). The bound is read from the node's own accounting, the
`schemata_cache_bytes` gauges of /metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from schemata.registry.service import CACHE_SHARES
from tests.conftest import LiveServer
from tests.hardening.conftest import Live


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) * 1024


def test_spellings_of_one_version_share_one_cache_entry(live: Live, subject: str) -> None:
    doc = "x" * (3 * 1024 * 1024)
    schema = json.dumps({"type": "record", "name": "Big", "doc": doc, "fields": [{"name": "a", "type": "int"}]})
    assert live.http.post(f"/subjects/{subject}/versions", json={"schema": schema}).is_success
    first = live.http.get(f"/subjects/{subject}/versions/1").content
    spellings = ["0" * zeros + "1" for zeros in range(1, 40)] + ["latest", "LATEST", "-1"]
    for spelling in spellings[:3]:  # warm up the allocator with a few bodies of this size
        live.http.get(f"/subjects/{subject}/versions/{spelling}")
    before = rss_bytes(live.server.process.pid)
    for spelling in spellings:
        assert live.http.get(f"/subjects/{subject}/versions/{spelling}").content == first
    grown = rss_bytes(live.server.process.pid) - before
    # One copy per spelling was 120 MB; one entry is 3 MB.
    assert grown < 24 * 1024 * 1024, f"the server grew by {grown / 2**20:.0f} MB"


CACHE_MAX_BYTES = 20 * 2**20
SHARE = CACHE_MAX_BYTES // CACHE_SHARES  # 2.2 MiB


def cache_bytes(http: httpx.Client) -> dict[str, float]:
    """The `schemata_cache_bytes` gauges of the node, read from /metrics."""
    sizes = {}
    for line in http.get("/metrics").text.splitlines():
        if line.startswith("schemata_cache_bytes{"):
            labels, value = line.rsplit(" ", 1)
            sizes[labels.split('cache="', 1)[1].split('"', 1)[0]] = float(value)
    return sizes


@pytest.fixture(scope="module")
def small_caches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    """A live registry whose caches may hold 20 MiB in all."""
    tmp = tmp_path_factory.mktemp("small-caches")
    server = LiveServer(
        f"sqlite:///{tmp / 'r.db'}", tmp / "server.log", {"SCHEMATA_CACHE_MAX_BYTES": str(CACHE_MAX_BYTES)}
    )
    try:
        with httpx.Client(base_url=server.url, timeout=120.0) as client:
            yield client
    finally:
        server.stop()


def big_schema(doc_bytes: int, marker: int) -> str:
    doc = f"{marker}:" + "x" * doc_bytes
    return json.dumps({"type": "record", "name": "Big", "doc": doc, "fields": [{"name": "a", "type": "int"}]})


def test_sixty_gets_of_one_4_mb_version_stay_within_the_bound(small_caches: httpx.Client, subject: str) -> None:
    http = small_caches
    assert http.post(f"/subjects/{subject}/versions", json={"schema": big_schema(4 * 2**20, 0)}).is_success
    versions = [f"{'0' * (n % 7)}1" for n in range(60)]
    bodies = {len(http.get(f"/subjects/{subject}/versions/{v}").content) for v in versions}
    assert len(bodies) == 1 and bodies.pop() > SHARE  # larger than a share: not kept at all
    sizes = cache_bytes(http)
    assert all(size <= SHARE for size in sizes.values()), sizes


def test_many_distinct_large_versions_stay_within_the_bound(small_caches: httpx.Client, subject: str) -> None:
    http = small_caches
    http.put(f"/config/{subject}", json={"compatibility": "NONE"})
    for marker in range(8):
        assert http.post(f"/subjects/{subject}/versions", json={"schema": big_schema(2**20, marker)}).is_success
    for _ in range(3):
        for version in range(1, 9):
            assert http.get(f"/subjects/{subject}/versions/{version}").is_success
            assert http.get(f"/subjects/{subject}/versions/{version}/schema").is_success
        ids = [http.get(f"/subjects/{subject}/versions/{v}").json()["id"] for v in range(1, 9)]
        for schema_id in ids:
            assert http.get(f"/schemas/ids/{schema_id}").is_success
    sizes = cache_bytes(http)
    assert set(sizes) == {
        "schemas_by_id", "subject_versions", "parsed_schemas", "normalized_schemas", "consumer_readers",
        "security_endpoints", "security_granted", "security_schema_subjects", "subject_aliases",
    }
    # Eight 1 MiB bodies in each of the rendered caches were 8 MiB each; the share is 2.2 MiB.
    assert all(size <= SHARE for size in sizes.values()), sizes
    assert sizes["subject_versions"] >= 2**20 and sizes["schemas_by_id"] >= 2**20  # and they do keep bodies
