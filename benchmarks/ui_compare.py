"""The UI's comparison pages on a registry of 10,000 subjects, beside the REST calls that answer the same
questions: time per request, median and 95th percentile.

    python -m benchmarks.ui_compare [--subjects 10000] [--requests 100] [--database-url URL]

The registry is seeded as `benchmarks.ui_pages` seeds it (two versions per subject, a subject of 100 versions,
producer and consumer contracts on every subject from 50 services). One worker serves it; each request is made
`--requests` times in a row over loopback after a warm-up and timed at the client (an upper bound of the
server's time). The map is timed as most requests find it (read since the last write) and right after a write
(a config change before each request, not timed), when the map kept answers while a thread reads the new one.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx

from benchmarks.harness import running_registry
from benchmarks.scale import CHAIN_SUBJECT, schema_text, subject_name
from benchmarks.ui_pages import SERVICES, seed

WARM_UP = 5


def timed(send: Callable[[], httpx.Response], requests: int, before: Callable[[], object] | None = None) -> list[float]:
    """Milliseconds of each of `requests` calls of `send` (`before` runs ahead of each, untimed)."""
    found = []
    for index in range(WARM_UP + requests):
        if before is not None:
            before()
        started = time.perf_counter()
        response = send()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{response.request.method} {response.request.url} answered {response.status_code}: "
                             f"{response.text[:300]}")
        if index >= WARM_UP:
            found.append(elapsed)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    middle = subject_name(args.subjects // 2)
    index = args.subjects // 2
    # A proposal that breaks version 2 of `middle` (a field of another type), as the form posts it.
    breaking = json.loads(schema_text(index, 2))
    breaking["fields"][0]["type"] = "int"
    proposal = json.dumps(breaking)
    chain = quote(CHAIN_SUBJECT)
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'ui-compare.db'}"
        seconds = seed(url, args.subjects)
        print(f"seeded {args.subjects:,} subjects, {SERVICES} services' contracts in {seconds:.1f} s; "
              f"{args.requests} requests each")
        with running_registry(url) as served, httpx.Client(base_url=served, timeout=60) as client:
            def get(path: str) -> Callable[[], httpx.Response]:
                return lambda: client.get(path)

            def write() -> None:
                client.put(f"/config/{middle}", json={"compatibility": "BACKWARD"}).raise_for_status()

            rows: list[tuple[str, Callable[[], httpx.Response], Callable[[], object] | None]] = [
                ("UI: diff v1 -> v2, every level", get(f"/ui/subjects/{middle}/diff?from=1&to=2"), None),
                ("API peer: POST /compatibility .../versions/1", lambda: client.post(
                    f"/compatibility/subjects/{middle}/versions/1?verbose=true",
                    json={"schema": schema_text(index, 2)}), None),
                ("UI: diff v1 -> v100 (transitive on request)", get(f"/ui/subjects/{chain}/diff?from=1&to=100"),
                 None),
                ("UI: diff v1 -> v100, transitive: 99 versions", get(
                    f"/ui/subjects/{chain}/diff?from=1&to=100&every=1"), None),
                ("UI: would this break? (form)", get(f"/ui/subjects/{middle}/check"), None),
                ("UI: would this break? (POST, breaking)", lambda: client.post(
                    f"/ui/subjects/{middle}/check", data={"schema": proposal, "schemaType": "AVRO"}), None),
                ("API peer: POST /compatibility .../versions", lambda: client.post(
                    f"/compatibility/subjects/{middle}/versions?verbose=true", json={"schema": proposal}), None),
                ("UI: contract map (kept)", get("/ui/map"), None),
                ("UI: contract map, right after a write", get("/ui/map"), write),
                ("UI: contract map centred on a service", get("/ui/map?service=service-07"), None),
                ("API peer: GET /catalog", get("/catalog"), None),
            ]
            print(f"{'request':<48} {'median ms':>10} {'p95 ms':>8}")
            for label, send, before in rows:
                found = sorted(timed(send, args.requests, before))
                p95 = found[min(len(found) - 1, round(0.95 * len(found)) - 1)]
                print(f"{label:<48} {statistics.median(found):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
