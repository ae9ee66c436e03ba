"""Lookups per second against their ceiling: the registry next to a bare ASGI app on the same settings.

    python -m benchmarks.lookup [--workers 1] [--seconds 5] [--rounds 2] [--database-url URL]

Both servers run under the same uvicorn command line (workers, event loop, HTTP implementation: uvicorn's
`auto` picks uvloop and httptools when installed), on loopback. The bare app answers every path with a fixed
JSON body as large as the registry's answer for that path, so the ratio is what the registry's own work
costs. wrk drives GET /schemas/ids/{id} and GET /subjects/{s}/versions/latest; each figure is the best of
--rounds, rounds alternating between the two servers (the machine may be shared).

--database-url: a PostgreSQL server to use (the benchmark creates and drops a scratch database on it);
default: a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import json
import os
import uuid
from typing import Any

import httpx

from benchmarks.harness import running_registry, wrk_requests_per_second
from benchmarks.scale import scratch_database

#: How the bare app learns its body sizes: JSON {path: bytes}, read when uvicorn builds it in each worker.
BODY_SIZES_ENV = "SCHEMATA_BENCH_BARE_BODIES"
MEDIA_TYPE = b"application/vnd.schemaregistry.v1+json"


def padded_json(size: int) -> bytes:
    """A JSON object of exactly `size` bytes (at least 12)."""
    body = json.dumps({"pad": ""}).encode()
    return json.dumps({"pad": "x" * max(size - len(body), 0)}).encode()


def bare_app() -> Any:
    """The ceiling: a minimal ASGI callable answering each known path with its fixed body (uvicorn factory)."""
    bodies = {path: padded_json(size) for path, size in json.loads(os.environ[BODY_SIZES_ENV]).items()}

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = bodies.get(scope["path"], b"{}")
        headers = [(b"content-type", MEDIA_TYPE), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


def seed(url: str, schemas: int) -> list[str]:
    """Register `schemas` schemas, one per new subject; returns the two paths to measure, with their
    answers checked (and cached by the server)."""
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=url, timeout=30) as client:
        ids = []
        for i in range(schemas):
            fields = [{"name": f"f{j}", "type": "string", "default": ""} for j in range(i % 10 + 1)]
            schema = json.dumps({"type": "record", "name": f"Lookup{i}", "namespace": f"bench{tag}", "fields": fields})
            answer = client.post(f"/subjects/lookup-{tag}-{i}/versions", json={"schema": schema})
            ids.append(answer.raise_for_status().json()["id"])
        paths = [f"/schemas/ids/{ids[-1]}", f"/subjects/lookup-{tag}-{schemas - 1}/versions/latest"]
        for path in paths:
            client.get(path).raise_for_status()
    return paths


def body_sizes(url: str, paths: list[str]) -> dict[str, int]:
    with httpx.Client(base_url=url, timeout=30) as client:
        return {path: len(client.get(path).raise_for_status().content) for path in paths}


def best_rates(urls: dict[str, str], paths: list[str], *, seconds: int, rounds: int) -> dict[tuple[str, str], float]:
    """Best requests/s per (server, path) over `rounds`, alternating servers within each round."""
    best: dict[tuple[str, str], float] = {}
    for _ in range(rounds):
        for path in paths:
            for name, url in urls.items():
                rate = wrk_requests_per_second(url + path, seconds=seconds)
                best[name, path] = max(best.get((name, path), 0.0), rate)
    return best


def report(best: dict[tuple[str, str], float], paths: list[str], workers: int) -> None:
    print(f"uvicorn --workers {workers}, loop/http auto (uvloop, httptools), wrk 1 thread 32 connections")
    print(f"{'endpoint':<44} {'registry/s':>12} {'bare ASGI/s':>12} {'ratio':>7}")
    for path, label in zip(paths, ("GET /schemas/ids/{id}", "GET /subjects/{s}/versions/latest"), strict=True):
        ours, ceiling = best["registry", path], best["bare", path]
        print(f"{label:<44} {ours:>12,.0f} {ceiling:>12,.0f} {ours / ceiling:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--schemas", type=int, default=50, help="schemas to register before measuring")
    parser.add_argument("--database-url", help="a PostgreSQL server (a scratch database is made on it)")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database, running_registry(database, workers=args.workers) as registry:
        paths = seed(registry, args.schemas)
        os.environ[BODY_SIZES_ENV] = json.dumps(body_sizes(registry, paths))
        with running_registry(workers=args.workers, app="benchmarks.lookup:bare_app") as bare:
            if body_sizes(bare, paths) != body_sizes(registry, paths):
                raise SystemExit("the bare app's bodies do not match the registry's sizes")
            best = best_rates({"registry": registry, "bare": bare}, paths, seconds=args.seconds, rounds=args.rounds)
    report(best, paths, args.workers)


if __name__ == "__main__":
    main()
