"""Registry throughput: GET /schemas/ids/{id} under load, and registrations per second.

    python -m benchmarks.registry_throughput [--registry URL] [--schemas 500] [--seconds 5]

Without --registry it starts its own registry on a temporary SQLite database; with it, it writes only
subjects of its own (`bench-<tag>-...`). Lookups are driven by wrk (a separate process, so the client does
not share the server's cores' Python); registrations by one client, one after another, as a deploy pipeline
would: into new subjects, and as 100 versions of one FULL_TRANSITIVE subject (each checked both ways
against every earlier version, which the registry does not re-parse).
"""

from __future__ import annotations

import argparse
import json
import time
import uuid

import httpx

from benchmarks.harness import row, running_registry, wrk_requests_per_second

CHAIN_VERSIONS = 100


def record_schema(i: int) -> str:
    fields = [{"name": f"f{j}", "type": "string", "default": ""} for j in range(i % 20 + 1)]
    return json.dumps({"type": "record", "name": f"Event{i}", "namespace": "bench", "fields": fields})


def measure(url: str, schemas: int, seconds: int) -> None:
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=url, timeout=30) as client:
        started = time.perf_counter()
        ids = [
            client.post(f"/subjects/bench-{tag}-{i}-value/versions", json={"schema": record_schema(i)})
            .raise_for_status()
            .json()["id"]
            for i in range(schemas)
        ]
        elapsed = time.perf_counter() - started
        print(row(f"register {schemas} schemas in new subjects (sequential)", schemas / elapsed, "registrations/s"))

        subject = f"bench-{tag}-chain"
        client.put(f"/config/{subject}", json={"compatibility": "FULL_TRANSITIVE"}).raise_for_status()
        fields: list[dict[str, object]] = []
        started = time.perf_counter()
        for i in range(CHAIN_VERSIONS):
            fields.append({"name": f"f{i}", "type": "long", "default": 0})
            schema = json.dumps({"type": "record", "name": "Chain", "fields": fields})
            client.post(f"/subjects/{subject}/versions", json={"schema": schema}).raise_for_status()
        elapsed = time.perf_counter() - started
        label = f"register {CHAIN_VERSIONS} versions, FULL_TRANSITIVE chain"
        print(row(label, CHAIN_VERSIONS / elapsed, "registrations/s"))
    rate = wrk_requests_per_second(f"{url}/schemas/ids/{ids[len(ids) // 2]}", seconds=seconds)
    print(row("GET /schemas/ids/{id} (wrk, 32 connections)", rate, "requests/s"))
    rate = wrk_requests_per_second(f"{url}/subjects/bench-{tag}-1-value/versions/latest", seconds=seconds)
    print(row("GET /subjects/{s}/versions/latest (wrk, 32 connections)", rate, "requests/s"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registry", help="measure a running registry instead of starting one")
    parser.add_argument("--schemas", type=int, default=500)
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    if args.registry:
        measure(args.registry, args.schemas, args.seconds)
        return
    with running_registry() as url:
        measure(url, args.schemas, args.seconds)


if __name__ == "__main__":
    main()
