"""Lookups per second against their ceiling: the registry next to a bare ASGI app on the same settings.

    python -m benchmarks.lookup [--workers 1] [--seconds 5] [--rounds 2] [--database-url URL] [--auth]

Both servers run under the same uvicorn command line (workers, event loop, HTTP implementation: uvicorn's
`auto` picks uvloop and httptools when installed), on loopback. The bare app answers every path with a fixed
JSON body as large as the registry's answer for that path, so the ratio is what the registry's own work
costs. wrk drives GET /schemas/ids/{id} and GET /subjects/{s}/versions/latest; each figure is the best of
--rounds, rounds alternating between the two servers (the machine may be shared).

--auth: also measure the same registry (same database) with authentication on, as HTTP Basic callers whose
grant covers every subject (`read *`) and only a pattern (`read lookup-*`: a lookup by id then reads which
subjects use the schema), next to the registry without authentication.

--etag: also measure a client polling GET /schemas/ids/{id} with `If-None-Match` naming its tag (304, no
body), next to the same lookup without it (200 with the body), on a schema of --etag-fields fields.

--database-url: a PostgreSQL server to use (the benchmark creates and drops a scratch database on it);
default: a temporary SQLite file.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
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


#: The callers measured with --auth: name -> (password, the subjects its read grant covers).
AUTH_CALLERS = {"read-all": ("bench-all", "*"), "read-pattern": ("bench-pattern", "lookup-*")}


@contextmanager
def auth_settings() -> Iterator[tuple[dict[str, str], dict[str, dict[str, str]]]]:
    """The environment that turns HTTP Basic on for AUTH_CALLERS, and each caller's request headers."""
    from schemata.registry.security.passwords import add_user

    with tempfile.TemporaryDirectory() as tmp:
        users, access = Path(tmp) / "users", Path(tmp) / "access.json"
        grants = []
        for name, (password, pattern) in AUTH_CALLERS.items():
            add_user(users, name, password)
            grants.append({"principal": name, "role": "read", "subjects": [pattern], "global": True})
        access.write_text(json.dumps({"grants": grants}))
        headers = {
            name: {"Authorization": "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()}
            for name, (password, _) in AUTH_CALLERS.items()
        }
        yield {"SCHEMATA_AUTH_USERS_FILE": str(users), "SCHEMATA_AUTH_ACCESS_FILE": str(access)}, headers


def best_rates(
    targets: dict[str, tuple[str, dict[str, str]]], paths: list[str], *, seconds: int, rounds: int
) -> dict[tuple[str, str], float]:
    """Best requests/s per (target, path) over `rounds`, alternating targets within each round; a target is a
    server URL and the headers its requests carry."""
    best: dict[tuple[str, str], float] = {}
    for _ in range(rounds):
        for path in paths:
            for name, (url, headers) in targets.items():
                rate = wrk_requests_per_second(url + path, seconds=seconds, headers=headers)
                best[name, path] = max(best.get((name, path), 0.0), rate)
    return best


def seed_large(url: str, fields: int) -> tuple[str, str, int]:
    """One schema of `fields` fields: its by-id path, its entity tag and its answer's size (cached)."""
    schema = json.dumps({"type": "record", "name": f"Wide{uuid.uuid4().hex[:8]}", "fields": [
        {"name": f"field_{j}", "type": "string", "default": "", "doc": f"field number {j}"} for j in range(fields)
    ]})
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = client.post(f"/subjects/lookup-wide-{uuid.uuid4().hex[:8]}/versions", json={"schema": schema})
        path = f"/schemas/ids/{answer.raise_for_status().json()['id']}"
        client.get(path).raise_for_status()
        cached = client.get(path).raise_for_status()
        return path, cached.headers["etag"], len(cached.content)


def report_etag(url: str, fields: int, *, seconds: int, rounds: int) -> None:
    path, tag, size = seed_large(url, fields)
    best = best_rates({"200": (url, {}), "304": (url, {"If-None-Match": tag})}, [path], seconds=seconds, rounds=rounds)
    print(f"\npolling GET /schemas/ids/{{id}} of {fields} fields ({size:,} bytes): {'/s':>12} {'ratio':>7}")
    print(f"{'without If-None-Match (200 with the body)':<56} {best['200', path]:>12,.0f} {1:>7.2f}")
    print(f"{'with If-None-Match naming its ETag (304)':<56} {best['304', path]:>12,.0f} "
          f"{best['304', path] / best['200', path]:>7.2f}")


def report(best: dict[tuple[str, str], float], paths: list[str], workers: int) -> None:
    print(f"uvicorn --workers {workers}, loop/http auto (uvloop, httptools), wrk 1 thread 32 connections")
    print(f"{'endpoint':<44} {'registry/s':>12} {'bare ASGI/s':>12} {'ratio':>7}")
    labels = ("GET /schemas/ids/{id}", "GET /subjects/{s}/versions/latest")
    for path, label in zip(paths, labels, strict=True):
        ours, ceiling = best["registry", path], best["bare", path]
        print(f"{label:<44} {ours:>12,.0f} {ceiling:>12,.0f} {ours / ceiling:>7.2f}")
    callers = [name for name in AUTH_CALLERS if (name, paths[0]) in best]
    if callers:
        print(f"\nwith authentication on (HTTP Basic), against the same registry without: {'auth/s':>12} {'ratio':>7}")
        for path, label in zip(paths, labels, strict=True):
            for name in callers:
                rate = best[name, path]
                print(f"{label + ' as ' + name:<72} {rate:>12,.0f} {rate / best['registry', path]:>7.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--schemas", type=int, default=50, help="schemas to register before measuring")
    parser.add_argument("--database-url", help="a PostgreSQL server (a scratch database is made on it)")
    parser.add_argument("--auth", action="store_true", help="also measure with authentication on")
    parser.add_argument("--etag", action="store_true", help="also measure polling with If-None-Match")
    parser.add_argument("--etag-fields", type=int, default=200, help="fields of the schema polled with --etag")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database, running_registry(database, workers=args.workers) as registry:
        paths = seed(registry, args.schemas)
        os.environ[BODY_SIZES_ENV] = json.dumps(body_sizes(registry, paths))
        with running_registry(workers=args.workers, app="benchmarks.lookup:bare_app") as bare:
            if body_sizes(bare, paths) != body_sizes(registry, paths):
                raise SystemExit("the bare app's bodies do not match the registry's sizes")
            targets = {"registry": (registry, {}), "bare": (bare, {})}
            if not args.auth:
                best = best_rates(targets, paths, seconds=args.seconds, rounds=args.rounds)
            else:
                with auth_settings() as (env, headers), running_registry(database, workers=args.workers,
                                                                          env=env) as secured:
                    targets.update({name: (secured, headers[name]) for name in AUTH_CALLERS})
                    best = best_rates(targets, paths, seconds=args.seconds, rounds=args.rounds)
        report(best, paths, args.workers)
        if args.etag:
            report_etag(registry, args.etag_fields, seconds=args.seconds, rounds=args.rounds)


if __name__ == "__main__":
    main()
