"""Read caches are keyed canonically: 60 GETs of one 4 MB version as /versions/0001,
/versions/00001... were cached once each (180 MB)."""

from __future__ import annotations

import json

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
