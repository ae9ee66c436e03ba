"""Lookups per second against their ceiling: the registry next to a bare ASGI app on the same settings.

    python -m benchmarks.lookup [--backends sqlite postgresql] [--workers 1 2] [--seconds 3] [--rounds 5]
                                [--database-url URL] [--auth] [--etag]

By default it measures all four configurations, SQLite and PostgreSQL, each with 1 and 2 uvicorn workers (a few
minutes). Both servers run under the same uvicorn command line (workers, event loop, HTTP implementation:
uvicorn's `auto` picks uvloop and httptools when installed), on loopback, and wrk drives them with the same
threads, connections and duration. The bare app answers every path with a fixed JSON body as large as the
registry's answer for that path and the same headers (the ETag of a schema by id), so both put the same bytes
on the wire and the ratio is what the registry's own work costs. Measured:
GET /schemas/ids/{id} and GET /subjects/{s}/versions/latest.

The machine may be shared, and its speed drifts: each path is measured in --rounds rounds, each round the
registry and the bare app back to back (in an order that reverses from one round to the next), after a
warm-up round that is discarded; a round's ratio compares the two runs of that round, and the figures are the
medians over the rounds, with the lowest and highest ratio. The load average is printed as it goes. Beside the
throughput, each run's CPU time of the server's processes per request (user and system, from /proc), whose
ratio (bare / registry) moves much less with what else the machine runs: the share of the bare app's
requests per CPU second that the registry serves.

--database-url: the PostgreSQL server for the `postgresql` backend (a scratch database is created and dropped
on it); default: $SCHEMATA_TEST_PG_ADMIN, else postgresql://postgres@127.0.0.1:5432/postgres. SQLite uses a
temporary file.

--auth: also measure the same registry (same database) with authentication on, as HTTP Basic callers whose
grant covers every subject (`read *`) and only a pattern (`read lookup-*`: a lookup by id then reads which
subjects use the schema), next to the registry without authentication.

--etag: also measure a client polling GET /schemas/ids/{id} with `If-None-Match` naming its tag (304, no
body), next to the same lookup without it (200 with the body), on a schema of --etag-fields fields.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import tempfile
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks.harness import Server, running_server, wrk_run
from benchmarks.scale import scratch_database

#: How the bare app learns what to answer: JSON {path: [body bytes, {header: value}]} (the registry's answer's
#: size and its headers other than those both servers write themselves), read when uvicorn builds it in each
#: worker.
ANSWERS_ENV = "SCHEMATA_BENCH_BARE_ANSWERS"
#: Headers that uvicorn or the bare app write themselves.
OWN_HEADERS = frozenset({"date", "server", "content-length", "content-type"})
MEDIA_TYPE = b"application/vnd.schemaregistry.v1+json"
DEFAULT_POSTGRESQL = "postgresql://postgres@127.0.0.1:5432/postgres"


def padded_json(size: int) -> bytes:
    """A JSON object of exactly `size` bytes (at least 12)."""
    body = json.dumps({"pad": ""}).encode()
    return json.dumps({"pad": "x" * max(size - len(body), 0)}).encode()


def bare_app() -> Any:
    """The ceiling: a minimal ASGI callable answering each known path with a fixed body of the registry's
    answer's size and the same headers (uvicorn factory)."""
    answers = {
        path: (padded_json(size), [(name.encode(), value.encode()) for name, value in extra.items()])
        for path, (size, extra) in json.loads(os.environ[ANSWERS_ENV]).items()
    }

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body, extra = answers.get(scope["path"], (b"{}", []))
        headers = [(b"content-type", MEDIA_TYPE), (b"content-length", str(len(body)).encode()), *extra]
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


def answers(url: str, paths: list[str]) -> dict[str, tuple[int, dict[str, str]]]:
    """Per path, the size of the answer's body and its headers but OWN_HEADERS."""
    found = {}
    with httpx.Client(base_url=url, timeout=30) as client:
        for path in paths:
            answer = client.get(path).raise_for_status()
            found[path] = (len(answer.content), {k: v for k, v in answer.headers.items() if k not in OWN_HEADERS})
    return found


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


#: A server to measure and the headers its requests carry.
Target = tuple[Server, dict[str, str]]


@dataclass(frozen=True)
class Run:
    """One wrk run: requests per second, and CPU microseconds the server spent per request (user and system,
    all its processes): the throughput depends on what else the machine runs, the CPU cost much less."""

    rate: float
    cpu: float


#: The runs per (target name, path), one per round.
Rates = dict[tuple[str, str], list[Run]]


@dataclass(frozen=True)
class Load:
    """How wrk drives every target: the same for all of them."""

    seconds: int
    rounds: int
    warmup: int
    threads: int
    connections: int

    def run(self, target: Target, path: str, seconds: int) -> Run:
        server, headers = target
        before = server.cpu_seconds()
        count, rate = wrk_run(
            server.url + path, seconds=seconds, connections=self.connections, threads=self.threads, headers=headers
        )
        return Run(rate, (server.cpu_seconds() - before) / max(count, 1) * 1e6)

    def describe(self) -> str:
        return (f"wrk {self.threads} thread(s) {self.connections} connections, {self.rounds} rounds of "
                f"{self.seconds} s per server and path, interleaved, after a {self.warmup} s warm-up discarded")


def interleaved(targets: dict[str, Target], paths: list[str], load: Load) -> Rates:
    """Requests/s of every target on every path in each round: within a round one path's targets run back
    to back, in an order that reverses from one round to the next; a warm-up round goes first, unrecorded."""
    names = list(targets)
    for path in paths:
        for name in names:
            load.run(targets[name], path, load.warmup)
    rates: Rates = defaultdict(list)
    for index in range(load.rounds):
        for path in paths:
            for name in names if index % 2 == 0 else names[::-1]:
                rates[name, path].append(load.run(targets[name], path, load.seconds))
    return rates


@dataclass(frozen=True)
class Ratio:
    """One target against a reference on one path: the median rates and CPU costs, and per round the ratio
    of the rates (ours / theirs) and of the CPU costs (theirs / ours: above 1, ours is cheaper)."""

    rate: float
    reference: float
    ratios: list[float]
    cpu: float
    reference_cpu: float
    cpu_ratios: list[float]

    @classmethod
    def of(cls, rates: Rates, name: str, reference: str, path: str) -> Ratio:
        ours, theirs = rates[name, path], rates[reference, path]
        return cls(
            statistics.median(run.rate for run in ours), statistics.median(run.rate for run in theirs),
            [a.rate / b.rate for a, b in zip(ours, theirs, strict=True)],
            statistics.median(run.cpu for run in ours), statistics.median(run.cpu for run in theirs),
            [b.cpu / a.cpu for a, b in zip(ours, theirs, strict=True)],
        )

    def spread(self) -> str:
        return _spread(self.ratios)

    def cpu_spread(self) -> str:
        return _spread(self.cpu_ratios)


def _spread(ratios: list[float]) -> str:
    return f"{statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"


LABELS = ("GET /schemas/ids/{id}", "GET /subjects/{s}/versions/latest")


def report(rates: Rates, paths: list[str], title: str) -> list[Ratio]:
    """Print the registry against the bare app per path (and the authenticated callers, if measured)."""
    print(f"\n{title}")
    print(f"{'':<36} {'requests/s':-^48}  {'CPU us per request':-^40}")
    print(f"{'endpoint':<36} {'registry':>11} {'bare ASGI':>11} {'ratio median (min-max)':>24}  "
          f"{'registry':>8} {'bare':>6} {'ratio median (min-max)':>24}")
    found = []
    for path, label in zip(paths, LABELS, strict=True):
        ratio = Ratio.of(rates, "registry", "bare", path)
        found.append(ratio)
        print(f"{label:<36} {ratio.rate:>11,.0f} {ratio.reference:>11,.0f} {ratio.spread():>24}  "
              f"{ratio.cpu:>8.1f} {ratio.reference_cpu:>6.1f} {ratio.cpu_spread():>24}")
        print(f"{'  per round':<36} {' '.join(f'{r:.2f}' for r in ratio.ratios):>48}  "
              f"{' '.join(f'{r:.2f}' for r in ratio.cpu_ratios):>40}")
    callers = [name for name in AUTH_CALLERS if (name, paths[0]) in rates]
    if callers:
        print(f"with authentication on (HTTP Basic), against the same registry without: {'auth/s':>10} "
              f"{'ratio (min-max)':>18}")
        for path, label in zip(paths, LABELS, strict=True):
            for name in callers:
                ratio = Ratio.of(rates, name, "registry", path)
                print(f"{label + ' as ' + name:<71} {ratio.rate:>10,.0f} {ratio.spread():>18}")
    return found


def report_etag(server: Server, fields: int, load: Load) -> None:
    path, tag, size = seed_large(server.url, fields)
    rates = interleaved({"200": (server, {}), "304": (server, {"If-None-Match": tag})}, [path], load)
    ratio = Ratio.of(rates, "304", "200", path)
    print(f"polling GET /schemas/ids/{{id}} of {fields} fields ({size:,} bytes): {'/s':>10} {'ratio (min-max)':>18}")
    print(f"{'without If-None-Match (200 with the body)':<56} {ratio.reference:>10,.0f} {1:>18.2f}")
    print(f"{'with If-None-Match naming its ETag (304)':<56} {ratio.rate:>10,.0f} {ratio.spread():>18}")


def measure(database: str, workers: int, args: argparse.Namespace, load: Load, title: str) -> list[Ratio]:
    """One configuration: the registry on `database` and the bare app, both with `workers` workers."""
    with running_server(database, workers=workers) as registry:
        paths = seed(registry.url, args.schemas)
        os.environ[ANSWERS_ENV] = json.dumps(answers(registry.url, paths))
        with running_server(workers=workers, app="benchmarks.lookup:bare_app") as bare:
            if answers(bare.url, paths) != answers(registry.url, paths):
                raise SystemExit("the bare app's answers do not match the registry's in size and headers")
            targets = {"registry": (registry, {}), "bare": (bare, {})}
            if not args.auth:
                rates = interleaved(targets, paths, load)
            else:
                with auth_settings() as (env, headers), running_server(database, workers=workers,
                                                                        env=env) as secured:
                    targets.update({name: (secured, headers[name]) for name in AUTH_CALLERS})
                    rates = interleaved(targets, paths, load)
        found = report(rates, paths, title)
        if args.etag:
            report_etag(registry, args.etag_fields, load)
    return found


def load_average() -> str:
    return "load average " + " ".join(f"{figure:.2f}" for figure in os.getloadavg())


BACKENDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", nargs="+", choices=list(BACKENDS), default=list(BACKENDS))
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="uvicorn worker counts to measure")
    parser.add_argument("--seconds", type=int, default=3, help="length of each measured wrk run")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per server and path")
    parser.add_argument("--warmup", type=int, default=1, help="seconds of the discarded first round")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--connections", type=int, default=32, help="wrk connections")
    parser.add_argument("--schemas", type=int, default=50, help="schemas to register before measuring")
    parser.add_argument("--database-url", default=os.environ.get("SCHEMATA_TEST_PG_ADMIN", DEFAULT_POSTGRESQL),
                        help="the PostgreSQL server of the postgresql backend (a scratch database is made on it)")
    parser.add_argument("--auth", action="store_true", help="also measure with authentication on")
    parser.add_argument("--etag", action="store_true", help="also measure polling with If-None-Match")
    parser.add_argument("--etag-fields", type=int, default=200, help="fields of the schema polled with --etag")
    args = parser.parse_args()
    load = Load(args.seconds, args.rounds, args.warmup, args.threads, args.connections)
    print(f"{load.describe()}; uvicorn loop/http auto (uvloop, httptools); {load_average()}")
    summary: dict[str, list[Ratio]] = {}
    for backend in args.backends:
        for workers in args.workers:
            column = f"{BACKENDS[backend]}, {workers}w"
            server = args.database_url if backend == "postgresql" else None
            with scratch_database(server) as database:
                title = f"{BACKENDS[backend]}, uvicorn --workers {workers} ({load_average()})"
                summary[column] = measure(database, workers, args, load, title)
    for heading, spread in (("requests/s", Ratio.spread), ("CPU per request, bare / registry", Ratio.cpu_spread)):
        print(f"\nregistry against bare ASGI, {heading}: median over rounds (lowest-highest); {load_average()}")
        print(f"{'endpoint':<36}" + "".join(f"{column:>20}" for column in summary))
        for index, label in enumerate(LABELS):
            print(f"{label:<36}" + "".join(f"{spread(ratios[index]):>20}" for ratios in summary.values()))

if __name__ == "__main__":
    main()
