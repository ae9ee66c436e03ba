"""The web UI's pages on a registry of 10,000 subjects: time per page, median and 95th percentile.

    python -m benchmarks.ui_pages [--subjects 10000] [--requests 200] [--database-url URL]

The registry (temporary SQLite by default) is seeded straight through storage as `benchmarks.scale` seeds it
(two versions per subject, plus a subject of 100 versions), with producer and consumer contracts on every
subject (50 services) and 10,000 audit entries. One worker serves it; each page is requested `--requests`
times in a row over loopback after a warm-up, and the time from request to the last byte of the answer is
taken at the client: an upper bound of the server's time (loopback and the client's own work included).
Beside the pages, the REST calls that show the nearest data, as the peer figures: the whole subject list
(GET /subjects) and a subject's latest version.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks.harness import running_registry
from benchmarks.scale import CHAIN_SUBJECT, Seeder, subject_name
from schemata.registry.domain import AuditEntry, ContractRecord, ContractRole
from schemata.registry.storage import Storage

SERVICES = 50
AUDIT_ENTRIES = 10_000
READER = '{"type": "record", "name": "Reader", "namespace": "bench", "fields": []}'


def seed(database_url: str, subjects: int) -> float:
    """Subjects, contracts and audit entries; returns the seconds it took."""
    started = time.perf_counter()
    storage = Storage(database_url)
    try:
        Seeder(storage).seed(2 * subjects, subjects)
        with storage.write() as txn:
            for n in range(SERVICES):
                mine = [subject_name(i) for i in range(n, subjects, SERVICES)]
                theirs = [subject_name(i) for i in range((n + 1) % SERVICES, subjects, SERVICES)]
                txn.replace_contracts(f"service-{n:02d}", [
                    *(ContractRecord(f"service-{n:02d}", s, ContractRole.PRODUCES, s) for s in mine),
                    *(ContractRecord(f"service-{n:02d}", s, ContractRole.CONSUMES, s, "AVRO", READER) for s in theirs),
                ])
        with storage.audit(append=True) as audit:
            now = time.time_ns() // 1000
            for i in range(AUDIT_ENTRIES):
                subject = subject_name(i % subjects)
                audit.append(AuditEntry(now + i, "bench", "POST", f"/subjects/{subject}/versions", subject, 200))
    finally:
        storage.dispose()
    return time.perf_counter() - started


def timings(client: httpx.Client, path: str, requests: int) -> list[float]:
    """Milliseconds of each of `requests` GETs of `path` (after five not counted)."""
    for _ in range(5):
        client.get(path).raise_for_status()
    found = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        found.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}: {response.text[:300]}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    middle = subject_name(args.subjects // 2)
    pages = [
        ("UI: subjects, first page", "/ui/subjects"),
        ("UI: subjects, last page", f"/ui/subjects?offset={args.subjects - args.subjects % 50}"),
        ("UI: search, a few matches", f"/ui/subjects?q={middle[6:11]}"),
        ("UI: search matching every subject", "/ui/subjects?q=-value"),
        ("UI: a subject (2 versions, 2 services)", f"/ui/subjects/{middle}"),
        ("UI: a subject of 100 versions", f"/ui/subjects/{CHAIN_SUBJECT}"),
        ("UI: audit log, newest 100", "/ui/audit"),
        ("UI: a subject's audit log", f"/ui/subjects/{middle}/audit"),
        ("API: GET /subjects (every name)", "/subjects"),
        ("API: GET a subject's latest version", f"/subjects/{middle}/versions/latest"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'ui-bench.db'}"
        seconds = seed(url, args.subjects)
        print(f"seeded {args.subjects:,} subjects, {SERVICES} services' contracts, {AUDIT_ENTRIES:,} audit entries "
              f"in {seconds:.1f} s; {args.requests} requests per page")
        print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8}")
        with running_registry(url) as served, httpx.Client(base_url=served, timeout=60) as client:
            for label, path in pages:
                found = sorted(timings(client, path, args.requests))
                p95 = found[min(len(found) - 1, round(0.95 * len(found)) - 1)]
                print(f"{label:<44} {statistics.median(found):>10.1f} {p95:>8.1f}")


if __name__ == "__main__":
    main()
