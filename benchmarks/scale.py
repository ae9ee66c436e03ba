"""Scale: a registry of 100,000 schemas in 10,000 subjects against one of ten, same figures side by side.

    python -m benchmarks.scale [--schemas 100000] [--subjects 10000] [--seconds 5] [--database-url URL]

Each registry is seeded directly through `schemata.registry.storage` write transactions, in batches, with exactly
the rows registration would write (canonical text, fingerprint, ids from the counter, versions 1..n of a
backward-compatible chain), plus a FULL_TRANSITIVE subject of 100 versions. The seed is verified through
the API (lookup and re-registration find the seeded ids; a new version passes the compatibility check).
Then one worker serves it, and the benchmark prints its RSS after start and after load, lookups/s by id
and by subject version (wrk on one hot path, and on random paths over the whole registry), sequential
registrations/s into new subjects and into the FULL_TRANSITIVE subject, and the ratios large/small.

--database-url: a PostgreSQL server to use (the benchmark creates and drops its own scratch databases on
it); default: temporary SQLite files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine, make_url, text

from benchmarks.harness import running_registry, wrk_requests_per_second
from schemata.compat import fingerprint
from schemata.registry.domain import DEFAULT_CONTEXT, ConfigRecord, SchemaKey, SchemaRecord, SubjectVersion
from schemata.registry.service.parsing import SchemaParser
from schemata.registry.settings import Settings
from schemata.registry.storage import Storage, WriteTxn

CHAIN_SUBJECT = "scale-chain-full-transitive"
CHAIN_VERSIONS = 100
#: Record-name indexes of the chain subject and of the schemas registered while measuring.
CHAIN_INDEX = 10**7
NEW_INDEX = 10**6
SMALL = (10, 1)
BATCH_SUBJECTS = 500
REGISTRATIONS = 100
CHAIN_REGISTRATIONS = 20


def schema_text(subject_index: int, version: int) -> str:
    """Version `version` of subject `subject_index`: one more optional field than the version before."""
    fields = [{"name": f"f{j}", "type": "string", "default": ""} for j in range(version)]
    return json.dumps({"type": "record", "name": f"S{subject_index}", "namespace": "scale", "fields": fields})


def subject_name(index: int) -> str:
    return f"scale-{index:06d}-value"


# -- seeding ---------------------------------------------------------------------------------------------
class Seeder:
    """Writes subjects of version chains straight into storage, as registration would have."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.parser = SchemaParser(max_schema_bytes=Settings().max_schema_bytes)

    def seed(self, schemas: int, subjects: int) -> None:
        per_subject = max(schemas // subjects, 1)
        for first in range(0, subjects, BATCH_SUBJECTS):
            batch = [(subject_name(i), i, per_subject) for i in range(first, min(first + BATCH_SUBJECTS, subjects))]
            self.write_batch(batch)
        self.write_batch([(CHAIN_SUBJECT, CHAIN_INDEX, CHAIN_VERSIONS)])
        with self.storage.write() as txn:
            txn.set_config(CHAIN_SUBJECT, ConfigRecord("FULL_TRANSITIVE"))

    def write_batch(self, batch: list[tuple[str, int, int]]) -> None:
        """One write transaction: for each (subject, index, versions), versions 1..versions with new ids."""
        with self.storage.write() as txn:
            next_id = txn.allocate_schema_id(DEFAULT_CONTEXT)
            for subject, index, versions in batch:
                for version in range(1, versions + 1):
                    self.insert(txn, subject, version, schema_text(index, version), next_id)
                    next_id += 1
            txn.raise_schema_id_floor(DEFAULT_CONTEXT, next_id - 1)

    def insert(self, txn: WriteTxn, subject: str, version: int, schema: str, schema_id: int) -> None:
        """The rows `RegistrationService.register` writes for a new schema (no references, no contract)."""
        parsed, references = self.parser.parse_new(
            txn, schema, "AVRO", (), normalize=False, context=DEFAULT_CONTEXT
        )
        digest = fingerprint(parsed.schema_type, parsed.canonical, references, None, None)
        record = SchemaRecord(
            schema_id, parsed.schema_type, parsed.canonical, references, key=SchemaKey(0), context=DEFAULT_CONTEXT
        )
        key = txn.insert_schema(record, digest)
        txn.insert_version(SubjectVersion(subject, version, schema_id, schema_key=key))


def verify_seed(client: httpx.Client, subjects: int, per_subject: int) -> None:
    """The API sees the seed as its own: lookup and re-registration find the seeded id, and a new version
    passes the (default BACKWARD) compatibility check against the seeded chain."""
    index = subjects // 2
    subject, schema = subject_name(index), schema_text(index, per_subject)
    found = client.post(f"/subjects/{subject}", json={"schema": schema}).raise_for_status().json()
    again = client.post(f"/subjects/{subject}/versions", json={"schema": schema}).raise_for_status().json()
    if (found["version"], found["id"]) != (per_subject, again["id"]):
        raise SystemExit(f"seed not recognised by the API: lookup {found}, re-registration {again}")
    newer = schema_text(index, per_subject + 1)
    added = client.post(f"/subjects/{subject}/versions", json={"schema": newer}).raise_for_status().json()
    if added.get("version") != per_subject + 1:
        raise SystemExit(f"a new version after the seed answered {added}")


# -- measuring -------------------------------------------------------------------------------------------
@dataclass
class Figures:
    seed_seconds: float
    rss_start_mb: float
    rss_warm_mb: float
    rss_after_mb: float
    by_id: float
    by_version: float
    by_id_java: float
    by_id_uncached: float
    by_version_uncached: float
    by_id_spread: float
    by_version_spread: float
    registrations: float
    chain_registrations: float


SPREAD = 1000
LABELS = {
    "seed_seconds": "seeding time (s)",
    "rss_start_mb": "worker RSS after start (MB)",
    "rss_warm_mb": f"worker RSS after reading {SPREAD} ids + {SPREAD} versions (MB)",
    "rss_after_mb": "worker RSS after all the load below (MB)",
    "by_id": "GET /schemas/ids/{id}, one id, cached (req/s)",
    "by_version": "GET /subjects/{s}/versions/latest, cached (req/s)",
    "by_id_java": "GET /schemas/ids/{id}?fetchMaxId=false&subject= (Java) (req/s)",
    "by_id_uncached": "GET /schemas/ids/{id}?fetchMaxId=true, router+DB (req/s)",
    "by_version_uncached": "GET /subjects/{s}/versions/latest?deleted=true, router+DB (req/s)",
    "by_id_spread": f"GET /schemas/ids/{{id}}, {SPREAD} random ids, warm (req/s)",
    "by_version_spread": f"GET /subjects/{{s}}/versions/{{v}}, {SPREAD} random, warm (req/s)",
    "registrations": f"register into new subjects, sequential x{REGISTRATIONS} (/s)",
    "chain_registrations": f"register into FULL_TRANSITIVE, 100+ versions x{CHAIN_REGISTRATIONS} (/s)",
}


def worker_rss_mb(port: int) -> float:
    """RSS of the server's worker: the uvicorn process listening on `port` (with one worker, it serves)."""
    for status in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = status.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"uvicorn" in argv and str(port).encode() in argv:
            rss = re.search(r"VmRSS:\s+(\d+) kB", (status.parent / "status").read_text())
            return int(rss.group(1)) / 1024 if rss else 0.0
    raise RuntimeError(f"no uvicorn process found for port {port}")


def wrk_spread(url: str, paths: list[str], seconds: int) -> float:
    """Requests/s with wrk picking a random path of `paths` per request (a Lua script)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write("paths = {" + ",".join(json.dumps(p) for p in paths) + "}\n")
        script.write("request = function() return wrk.format(nil, paths[math.random(#paths)]) end\n")
    try:
        out = subprocess.run(
            ["wrk", "-t1", "-c32", f"-d{seconds}s", "-s", script.name, url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(script.name)
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if match is None:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return float(match.group(1))


def registrations_per_second(client: httpx.Client, jobs: list[tuple[str, str]]) -> float:
    started = time.perf_counter()
    for subject, schema in jobs:
        client.post(f"/subjects/{subject}/versions", json={"schema": schema}).raise_for_status()
    return len(jobs) / (time.perf_counter() - started)


def spread_paths(rng: random.Random, schemas: int, subjects: int) -> tuple[list[str], list[str]]:
    """SPREAD random id paths over the seeded ids, and SPREAD random subject-version paths."""
    per_subject = max(schemas // subjects, 1)
    ids = [f"/schemas/ids/{rng.randint(1, subjects * per_subject)}" for _ in range(SPREAD)]
    versions = [
        f"/subjects/{subject_name(rng.randrange(subjects))}/versions/{rng.randint(1, per_subject)}"
        for _ in range(SPREAD)
    ]
    return ids, versions


def warm(client: httpx.Client, paths: list[str]) -> None:
    """GET every path once (8 at a time), so the server caches them."""
    with ThreadPoolExecutor(8) as pool:
        for response in pool.map(client.get, paths):
            response.raise_for_status()


def seed_registry(database_url: str, schemas: int, subjects: int) -> float:
    """Seed through storage; returns the seconds it took."""
    started = time.perf_counter()
    storage = Storage(database_url)
    try:
        Seeder(storage).seed(schemas, subjects)
    finally:
        storage.dispose()
    return time.perf_counter() - started


def measure(database_url: str, schemas: int, subjects: int, seconds: int) -> Figures:
    """Seed, serve with one worker, and take every figure."""
    seed_seconds = seed_registry(database_url, schemas, subjects)
    per_subject = max(schemas // subjects, 1)
    tag = uuid.uuid4().hex[:6]
    with running_registry(database_url) as url, httpx.Client(base_url=url, timeout=60) as client:
        port = int(url.rsplit(":", 1)[1])
        rss_start = worker_rss_mb(port)
        verify_seed(client, subjects, per_subject)
        id_paths, version_paths = spread_paths(random.Random(1), schemas, subjects)
        warm(client, id_paths + version_paths)
        rss_warm = worker_rss_mb(port)
        latest = f"{url}/subjects/{subject_name(0)}/versions/latest"
        rates = [
            wrk_requests_per_second(f"{url}/schemas/ids/1", seconds=seconds),
            wrk_requests_per_second(latest, seconds=seconds),
            wrk_requests_per_second(f"{url}/schemas/ids/1?fetchMaxId=false&subject={subject_name(0)}", seconds=seconds),
            wrk_requests_per_second(f"{url}/schemas/ids/1?fetchMaxId=true", seconds=seconds),
            wrk_requests_per_second(f"{latest}?deleted=true", seconds=seconds),
            wrk_spread(url, id_paths, seconds),
            wrk_spread(url, version_paths, seconds),
        ]
        new = [(f"scale-new-{tag}-{i}", schema_text(NEW_INDEX + i, 1)) for i in range(REGISTRATIONS)]
        chain = [
            (CHAIN_SUBJECT, schema_text(CHAIN_INDEX, CHAIN_VERSIONS + i)) for i in range(1, CHAIN_REGISTRATIONS + 1)
        ]
        registrations = [registrations_per_second(client, new), registrations_per_second(client, chain)]
        rss_after = worker_rss_mb(port)
    return Figures(seed_seconds, rss_start, rss_warm, rss_after, *rates, *registrations)


# -- databases -------------------------------------------------------------------------------------------
@contextmanager
def scratch_database(server_url: str | None) -> Iterator[str]:
    """A fresh, empty database: a temporary SQLite file, or a new database on the PostgreSQL server
    `server_url` (dropped afterwards)."""
    if server_url is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'scale.db'}"
        return
    url = make_url(server_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = f"schemata_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def report(small: Figures, large: Figures, sizes: tuple[tuple[int, int], tuple[int, int]]) -> None:
    (s_schemas, s_subjects), (l_schemas, l_subjects) = sizes
    small_head, large_head = f"{s_schemas:,}/{s_subjects:,}", f"{l_schemas:,}/{l_subjects:,}"
    print(f"{'figure (schemas/subjects)':<62} {small_head:>12} {large_head:>14} {'large/small':>11}")
    for key, label in LABELS.items():
        a, b = getattr(small, key), getattr(large, key)
        print(f"{label:<62} {a:>12,.1f} {b:>14,.1f} {b / a if a else 0:>11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schemas", type=int, default=100_000)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--database-url", help="a PostgreSQL server (scratch databases are made on it)")
    args = parser.parse_args()
    sizes = (SMALL, (args.schemas, args.subjects))
    figures = []
    for schemas, subjects in sizes:
        with scratch_database(args.database_url) as url:
            figures.append(measure(url, schemas, subjects, args.seconds))
    report(figures[0], figures[1], sizes)


if __name__ == "__main__":
    main()
