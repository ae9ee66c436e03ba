"""How soon one node's write is seen by another node's cached lookups, against the bound the nodes promise.

    python -m benchmarks.propagation [--writes 200] [--database-url URL] [--load]

Two registry processes on one database (a temporary SQLite file, or a scratch database on the PostgreSQL
server --database-url). Threads ask node B for a subject's latest version without pause (B answers it from
its cache), while node A registers new versions of it, one every 50 ms. For each write, the figure is how
long after A acknowledged it a lookup that B still answered with an older version had *started* (0 when
none did): the staleness the nodes promise to bound (the feed's bound: registry/storage/notifications.py),
printed next to it. --load: wrk drives B's cached lookups meanwhile (32 connections), for a busy node.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from benchmarks.harness import running_registry
from benchmarks.scale import scratch_database
from schemata.registry.storage.notifications import POSTGRES_BOUND, SQLITE_BOUND


def schema(name: str, fields: int) -> str:
    body = [{"name": f"f{i}", "type": "int", "default": 0} for i in range(fields)]
    return json.dumps({"type": "record", "name": name, "fields": body})


@contextmanager
def wrk_load(url: str, seconds: int) -> Iterator[None]:
    """wrk on `url` in the background for at most `seconds`."""
    if shutil.which("wrk") is None:
        raise SystemExit("--load needs wrk: apt-get install wrk")
    process = subprocess.Popen(["wrk", "-t1", "-c32", f"-d{seconds}s", url], stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        yield
    finally:
        process.terminate()
        process.wait(10)


def measure(a: httpx.Client, node_b: str, subject: str, writes: int, pollers: int) -> list[float]:
    """Per write on A: how long after A acknowledged it a lookup that B answered stale had started (0.0 if
    none was), with `pollers` threads asking B for the subject's latest version without pause."""
    latest = f"/subjects/{subject}/versions/latest"
    acknowledged: list[tuple[int, float]] = []  # (version, when A's answer arrived)
    stale_after: dict[int, float] = {}  # version -> the latest start of a lookup answered older, after its ack
    done = threading.Event()

    def poll() -> None:
        with httpx.Client(base_url=node_b, timeout=30) as b:
            while not done.is_set():
                started = time.perf_counter()
                seen = b.get(latest).raise_for_status().json()["version"]
                for version, at in list(acknowledged):
                    if seen < version and started > at:
                        stale_after[version] = max(stale_after.get(version, 0.0), started - at)

    threads = [threading.Thread(target=poll) for _ in range(pollers)]
    for thread in threads:
        thread.start()
    try:
        for i in range(writes):
            answer = a.post(f"/subjects/{subject}/versions", json={"schema": schema(f"P{i}", i + 2)})
            at = time.perf_counter()
            acknowledged.append((answer.raise_for_status().json()["version"], at))
            time.sleep(0.05)  # lookups of the new version (cached again) before the next write
    finally:
        done.set()
        for thread in threads:
            thread.join()
    return [stale_after.get(version, 0.0) for version, _ in acknowledged]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--database-url", help="a PostgreSQL server (a scratch database is made on it)")
    parser.add_argument("--pollers", type=int, default=4, help="threads asking node B without pause")
    parser.add_argument("--load", action="store_true", help="drive node B with wrk meanwhile")
    args = parser.parse_args()
    subject = f"propagation-{uuid.uuid4().hex[:8]}"
    bound = POSTGRES_BOUND if args.database_url else SQLITE_BOUND
    with (
        scratch_database(args.database_url) as database,
        running_registry(database) as node_a,
        running_registry(database) as node_b,
        httpx.Client(base_url=node_a, timeout=30) as a,
    ):
        a.put(f"/config/{subject}", json={"compatibility": "NONE"}).raise_for_status()
        a.post(f"/subjects/{subject}/versions", json={"schema": schema("P", 1)}).raise_for_status()
        if args.load:
            with wrk_load(f"{node_b}/subjects/{subject}/versions/latest", seconds=600):
                delays = measure(a, node_b, subject, args.writes, args.pollers)
        else:
            delays = measure(a, node_b, subject, args.writes, args.pollers)
    millis = sorted(d * 1000 for d in delays)
    backend = "PostgreSQL (LISTEN/NOTIFY)" if args.database_url else "SQLite (data_version)"
    load = " under wrk load" if args.load else ""
    print(f"{backend}: {len(millis)} writes on node A, {args.pollers} threads reading node B's cached latest{load}")
    print(f"{'a stale answer began, ms after the ack':<44} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8} {'bound':>8}")
    p90, p99 = millis[int(len(millis) * 0.9)], millis[min(int(len(millis) * 0.99), len(millis) - 1)]
    print(f"{'':<44} {statistics.median(millis):>8.2f} {p90:>8.2f} {p99:>8.2f} {millis[-1]:>8.2f} {bound * 1000:>8.0f}")


if __name__ == "__main__":
    main()
