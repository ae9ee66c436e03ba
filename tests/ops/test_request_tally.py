"""RequestTally, called directly: what it folds into the request metrics is what observing each request
one by one would have recorded."""

from __future__ import annotations

import uuid

import pytest
from prometheus_client import REGISTRY, CollectorRegistry, Histogram

from schemata.registry.metrics import LATENCY_BUCKETS, fold_tallies, request_tally

#: On a bucket's bound, just past it, in the middle, past the last finite bound.
SECONDS = (0.0005, 0.00051, 0.003, 0.003, 0.2, 7.0)


def test_a_fold_records_the_counts_buckets_and_sum_of_one_by_one_observations() -> None:
    route = f"/tally-{uuid.uuid4().hex[:8]}"
    tally = request_tally("GET", route, 200)
    assert request_tally("GET", route, 200) is tally  # one per series in the process
    for seconds in SECONDS:
        tally.add(seconds)
    labels = {"method": "GET", "route": route}
    assert REGISTRY.get_sample_value("schemata_http_request_seconds_count", labels) == 0  # not folded yet
    fold_tallies()

    one_by_one = CollectorRegistry()
    reference = Histogram("reference_seconds", "", ["method", "route"], buckets=LATENCY_BUCKETS, registry=one_by_one)
    for seconds in SECONDS:
        reference.labels("GET", route).observe(seconds)
    for bound in [*map(str, LATENCY_BUCKETS[:-1]), "+Inf"]:
        ours = REGISTRY.get_sample_value("schemata_http_request_seconds_bucket", {**labels, "le": bound})
        assert ours == one_by_one.get_sample_value("reference_seconds_bucket", {**labels, "le": bound}), bound
    assert REGISTRY.get_sample_value("schemata_http_request_seconds_count", labels) == len(SECONDS)
    assert REGISTRY.get_sample_value("schemata_http_request_seconds_sum", labels) == pytest.approx(sum(SECONDS))
    assert REGISTRY.get_sample_value("schemata_http_requests_total", {**labels, "status": "200"}) == len(SECONDS)

    fold_tallies()  # nothing pending: nothing added twice
    assert REGISTRY.get_sample_value("schemata_http_requests_total", {**labels, "status": "200"}) == len(SECONDS)
