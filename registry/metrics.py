"""Prometheus metrics of a registry node.

Each worker process counts for itself; with `--workers N`, set PROMETHEUS_MULTIPROC_DIR to an empty
directory to have /metrics aggregate every worker (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os

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
LATENCY = Histogram(
    "schemata_http_request_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
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


def exposition() -> tuple[bytes, str]:
    """The metrics text and its content type, aggregated across workers in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
