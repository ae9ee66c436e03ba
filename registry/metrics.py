"""Prometheus metrics of a registry node.

Each worker process counts for itself; with `--workers N`, set PROMETHEUS_MULTIPROC_DIR to an empty
directory to have /metrics aggregate every worker (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
import threading
from bisect import bisect_left

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter("schemata_http_requests_total", "HTTP requests answered", ["method", "route", "status"])
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, float("inf"))
LATENCY = Histogram(
    "schemata_http_request_seconds", "Time to answer an HTTP request", ["method", "route"], buckets=LATENCY_BUCKETS
)
REGISTRATIONS = Counter("schemata_registrations_total", "Schema versions registered", ["schema_type"])
INCOMPATIBLE = Counter(
    "schemata_compatibility_failures_total", "Registrations refused as incompatible", ["schema_type"]
)
LINT_FINDINGS = Counter(
    "schemata_lint_findings_total", "Lint findings on registrations, by severity", ["schema_type", "severity"]
)
LINT_REFUSALS = Counter("schemata_lint_refusals_total", "Registrations refused by the lint policy", ["schema_type"])

CONSUMER_BREAKS = Counter(
    "schemata_consumer_contract_breaks_total",
    "Schemas that a registered consumer's reader could not read, by what happened (refused or warned)",
    ["outcome"],
)

#: Set from the node's caches when /metrics is read (with several workers, each worker's own, by pid).
CACHE_BYTES = Gauge(
    "schemata_cache_bytes", "Bytes held by a read cache of this node", ["cache"], multiprocess_mode="liveall"
)


#: How soon the caller of `RequestTally.add` folds the tallies into the metrics.
FOLD_SECONDS = 1.0


class RequestTally:
    """The requests of one method, route and status, counted and timed in plain numbers and added to REQUESTS
    and LATENCY in bulk by `fold`: the same series, counts and buckets, for a fraction of the per-request cost
    of the metrics' own calls (several locks and a loop over the buckets each). Folded on every scrape of
    the process (`exposition`), and by the caller within FOLD_SECONDS of a request (so that a scrape of another
    worker, in multiprocess mode, sees it)."""

    def __init__(self, method: str, route: str, status: int) -> None:
        self._requests = REQUESTS.labels(method, route, str(status))
        self._latency = LATENCY.labels(method, route)
        self._counts = [0] * len(LATENCY_BUCKETS)
        self._seconds = 0.0
        self._lock = threading.Lock()

    def add(self, seconds: float) -> None:
        """One request that took `seconds` (in the bucket `Histogram.observe` would put it in)."""
        with self._lock:
            self._counts[bisect_left(LATENCY_BUCKETS, seconds)] += 1
            self._seconds += seconds

    def fold(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, [0] * len(LATENCY_BUCKETS)
            seconds, self._seconds = self._seconds, 0.0
        total = sum(counts)
        if total:
            # prometheus-client has no bulk observe: its histogram keeps one count per bucket and a sum.
            for bucket, count in zip(self._latency._buckets, counts, strict=True):
                if count:
                    bucket.inc(count)
            self._latency._sum.inc(seconds)
            self._requests.inc(total)


_TALLIES: dict[tuple[str, str, int], RequestTally] = {}
_TALLIES_LOCK = threading.Lock()


def request_tally(method: str, route: str, status: int) -> RequestTally:
    """The process's one tally of these requests."""
    with _TALLIES_LOCK:
        tally = _TALLIES.get((method, route, status))
        if tally is None:
            tally = _TALLIES[method, route, status] = RequestTally(method, route, status)
        return tally


def fold_tallies() -> None:
    """Add every tally's pending requests to the metrics."""
    with _TALLIES_LOCK:
        tallies = list(_TALLIES.values())
    for tally in tallies:
        tally.fold()


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, aggregated across workers in multiprocess mode."""
    fold_tallies()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
