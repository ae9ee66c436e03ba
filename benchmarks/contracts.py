"""Registration into a subject with registered consumers, against the same registration into one without.

    python -m benchmarks.contracts [--registry URL] [--consumers 100] [--versions 100]

Two subjects receive the same sequence of BACKWARD-compatible versions, one after another as a deploy
pipeline would; one of them has `--consumers` consumer contracts, each with a reader schema of its own (a
distinct optional field, so no two readers are the same and none is checked for free). Every version is
checked against every reader; the ratio is what the contracts cost.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid

import httpx

from benchmarks.harness import row, running_registry


def version(i: int) -> str:
    """Version `i` of the event: each adds an optional field, which every earlier reader can skip."""
    fields = [{"name": "id", "type": "string"}] + [
        {"name": f"f{j}", "type": ["null", "long"], "default": None} for j in range(i)
    ]
    return json.dumps({"type": "record", "name": "Event", "namespace": "bench", "fields": fields})


def reader(n: int) -> str:
    """Consumer `n`'s reader: the first version plus an optional field of its own."""
    fields = [{"name": "id", "type": "string"}, {"name": f"own{n}", "type": ["null", "string"], "default": None}]
    return json.dumps({"type": "record", "name": "Event", "namespace": "bench", "fields": fields})


def register_all(client: httpx.Client, subject: str, versions: int) -> float:
    """Registrations per second of `versions` versions into `subject` (after its first)."""
    started = time.perf_counter()
    for i in range(1, versions + 1):
        client.post(f"/subjects/{subject}/versions", json={"schema": version(i)}).raise_for_status()
    return versions / (time.perf_counter() - started)


def measure(url: str, consumers: int, versions: int) -> None:
    tag = uuid.uuid4().hex[:8]
    plain, guarded = f"bench-{tag}-plain-value", f"bench-{tag}-guarded-value"
    with httpx.Client(base_url=url, timeout=60) as client:
        for subject in (plain, guarded):
            client.post(f"/subjects/{subject}/versions", json={"schema": version(0)}).raise_for_status()
        for n in range(consumers):
            client.put(
                f"/contracts/services/bench-{tag}-consumer-{n}",
                json={"consumes": [{"subject": guarded, "schema": reader(n)}]},
            ).raise_for_status()
        without = register_all(client, plain, versions)
        with_contracts = register_all(client, guarded, versions)
        for name in (f"bench-{tag}-consumer-{n}" for n in range(consumers)):
            client.delete(f"/contracts/services/{name}").raise_for_status()
    print(row(f"register {versions} versions, subject without consumers", without, "registrations/s"))
    print(row(f"register {versions} versions, subject with {consumers} consumers", with_contracts, "registrations/s"))
    print(f"{'cost of the consumer contracts (time with / time without)':<58} {without / with_contracts:>12.2f} x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--registry", help="a running registry's URL (default: start one on SQLite)")
    parser.add_argument("--consumers", type=int, default=100)
    parser.add_argument("--versions", type=int, default=100)
    args = parser.parse_args()
    if args.registry:
        measure(args.registry, args.consumers, args.versions)
        return
    with running_registry() as url:
        measure(url, args.consumers, args.versions)


if __name__ == "__main__":
    main()
