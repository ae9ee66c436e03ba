"""The worst requests of issue 17 against a live `schemata serve`: each one's latency, answer and server CPU
time (set-up requests included in the CPU figure), the worst latency of a probe (GET /) sent meanwhile (does
the node stay responsive?), the server's memory growth per request and over the run, and what its read
caches hold at the end by their own account (/metrics).

    python -m benchmarks.hostile [--database-url URL]

Starts `schemata serve` (the real command, with its header timeout) on a free loopback port, on a temporary
SQLite database unless --database-url names another (a throwaway PostgreSQL database, say). Every request is
bounded (timeouts of 120 s); the run stops by itself.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from benchmarks.harness import free_port, wait_ready

SCHEMATA = str(Path(sys.executable).with_name("schemata"))
JSON = {"schemaType": "JSON"}
#: Seconds the set-up requests of a case took (its first version), taken off its figure.
SETUP_SECONDS: list[float] = []
Request = Callable[[httpx.Client], httpx.Response]
PROTOBUF = {"schemaType": "PROTOBUF"}


@contextmanager
def serving(database_url: str | None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'hostile.db'}"
        command = [SCHEMATA, "serve", "--port", str(port), "--database-url", url]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(f"http://127.0.0.1:{port}")
            yield f"http://127.0.0.1:{port}", process
        finally:
            process.terminate()
            process.wait(15)


def memory_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (VmRSS) or at its peak (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(f"{field}:")) / 1024


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used (work done, whatever the machine's load)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Probe:
    """GET / every 50 ms from a thread of its own; remembers the slowest answer."""

    def __init__(self, url: str) -> None:
        self.url, self.worst, self._stop = url, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(timeout=120) as client:
            while not self._stop.is_set():
                started = time.perf_counter()
                client.get(self.url + "/")
                self.worst = max(self.worst, time.perf_counter() - started)
                time.sleep(0.05)

    def __enter__(self) -> Probe:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def avro_union(count: int, field_type: str) -> str:
    return json.dumps([{"type": "record", "name": f"R{i}", "fields": [{"name": "f", "type": field_type}]}
                       for i in range(count)])


def json_any_of(count: int, field_type: str) -> str:
    return json.dumps({"anyOf": [{"type": "object", "properties": {f"p{i}": {"type": field_type}},
                                  "required": [f"p{i}"]} for i in range(count)]})


def cases(tag: str) -> list[tuple[str, Request]]:
    """(label, request) for each worst case; a case's set-up requests are not counted in its figure."""
    evil = {"type": "object", "patternProperties": {"^(a+)+$": {"type": "string"}}}

    def redos(client: httpx.Client) -> httpx.Response:
        started = time.perf_counter()
        client.post(f"/subjects/{tag}-redos/versions", json={"schema": json.dumps(evil), "schemaType": "JSON"})
        SETUP_SECONDS.append(time.perf_counter() - started)
        new = {**evil, "properties": {"a" * 28 + "!": {"type": "string"}}}
        body = {"schema": json.dumps(new), "schemaType": "JSON"}
        return client.post(f"/subjects/{tag}-redos/versions", json=body)

    def pair(subject: str, make: Callable[[int, str], str], count: int, old: str, new: str, kind: str) -> Request:
        def run(client: httpx.Client) -> httpx.Response:
            first = {"schema": make(count, old), "schemaType": kind}
            started = time.perf_counter()
            client.post(f"/subjects/{subject}/versions", json=first)
            SETUP_SECONDS.append(time.perf_counter() - started)
            return client.post(f"/subjects/{subject}/versions", json={"schema": make(count, new), "schemaType": kind})
        return run

    def post(path: str, body: dict[str, object]) -> Request:
        return lambda client: client.post(path, json=body)

    def big_body(client: httpx.Client) -> httpx.Response:
        return client.post(f"/subjects/{tag}-big/versions", content=b" " * (45 * 1024 * 1024),
                           headers={"Content-Type": "application/json"})

    def spellings(client: httpx.Client) -> httpx.Response:
        doc = "x" * (4 * 1024 * 1024)
        schema = json.dumps({"type": "record", "name": "Big", "doc": doc, "fields": []})
        started = time.perf_counter()
        client.post(f"/subjects/{tag}-4mb/versions", json={"schema": schema})
        SETUP_SECONDS.append(time.perf_counter() - started)
        answer = client.get(f"/subjects/{tag}-4mb/versions/1")
        for zeros in range(1, 60):
            answer = client.get(f"/subjects/{tag}-4mb/versions/{'0' * zeros}1")
        return answer

    def distinct(client: httpx.Client) -> httpx.Response:
        subject = f"{tag}-many"
        started = time.perf_counter()
        client.put(f"/config/{subject}", json={"compatibility": "NONE"})
        for n in range(20):
            doc = f"{n}:" + "x" * (1024 * 1024)
            schema = json.dumps({"type": "record", "name": "Big", "doc": doc, "fields": []})
            client.post(f"/subjects/{subject}/versions", json={"schema": schema})
        SETUP_SECONDS.append(time.perf_counter() - started)
        answer = client.get(f"/subjects/{subject}/versions/1")
        for _ in range(3):
            for version in range(1, 21):
                answer = client.get(f"/subjects/{subject}/versions/{version}")
                client.get(f"/schemas/ids/{answer.json()['id']}")
        return answer

    props = {"type": "object", "properties": {f"p{i}": {"type": "string"} for i in range(100_000)}}
    proto = 'syntax = "proto3";\n' + "".join(f"message M{i} {{ int32 f = 1; }}\n" for i in range(20_000))
    unions = pair(f"{tag}-avro", avro_union, 700, "int", "string", "AVRO")
    any_of = pair(f"{tag}-anyof", json_any_of, 400, "integer", "string", "JSON")
    return [
        ("ReDoS: ^(a+)+$ against 'a'*28+'!' (registration)", redos),
        ("Avro union of 700 records, field types changed", unions),
        ("JSON anyOf 400 x 400, member types changed", any_of),
        ("JSON 100k properties", post(f"/subjects/{tag}-props/versions", {"schema": json.dumps(props), **JSON})),
        ("Protobuf 20k messages", post(f"/subjects/{tag}-proto/versions", {"schema": proto, **PROTOBUF})),
        ("45 MB request body", big_body),
        ("version of Unicode digits (/versions/%C2%B2)", lambda c: c.get(f"/subjects/{tag}-4mb/versions/%C2%B2")),
        ("offset=2^64 on /subjects", lambda c: c.get("/subjects", params={"offset": str(2**64)})),
        ("one 4 MB version read as /versions/01 ... /versions/0..01 (60 GETs)", spellings),
        ("20 distinct 1 MB versions, each read 3 times by version and by id", distinct),
    ]


def cache_mb(client: httpx.Client) -> float:
    """The node's own account of its read caches (the schemata_cache_bytes gauges), in MB."""
    lines = client.get("/metrics").text.splitlines()
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines if line.startswith("schemata_cache_bytes{")) / 2**20


def slow_clients(port: int, count: int) -> tuple[int, float]:
    """Open `count` connections that send half a request line; how many are still open after 15 s."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        sock.setblocking(False)
        sockets.append(sock)
    started = time.monotonic()
    time.sleep(15)
    still_open = 0
    for sock in sockets:
        try:
            still_open += sock.recv(1) != b""
        except BlockingIOError:
            still_open += 1
        except OSError:
            pass
        sock.close()
    return still_open, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="the database to serve (default: a temporary SQLite file)")
    args = parser.parse_args()
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # 1,100 sockets here, and as many in the server
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    tag = f"hostile-{uuid.uuid4().hex[:6]}"
    with serving(args.database_url) as (url, process), httpx.Client(base_url=url, timeout=120) as client:
        start_rss = memory_mb(process.pid)
        worst_probe = 0.0
        print(f"{'request':<70} {'status':>6} {'seconds':>8} {'server CPU':>10} {'probe worst':>12} {'RSS':>7}")
        for label, request in cases(tag):
            with Probe(url) as probe:
                SETUP_SECONDS.clear()
                started, cpu, rss = time.perf_counter(), cpu_seconds(process.pid), memory_mb(process.pid)
                answer = request(client)
                elapsed = time.perf_counter() - started - sum(SETUP_SECONDS)
                spent = cpu_seconds(process.pid) - cpu
            worst_probe = max(worst_probe, probe.worst)
            code = answer.json().get("error_code", "") if answer.status_code >= 400 else ""
            grown = memory_mb(process.pid) - rss
            print(f"{label:<70} {answer.status_code:>6} {elapsed:>8.2f} {spent:>9.2f}s {probe.worst:>11.2f}s "
                  f"{grown:>+5.0f}MB  {code}")
        still_open, waited = slow_clients(int(url.rsplit(":", 1)[1]), 1100)
        print(f"{'1,100 connections with unfinished headers: open after ' + f'{waited:.0f} s':<70} {still_open:>6}")
        end_rss, peak = memory_mb(process.pid), memory_mb(process.pid, "VmHWM")
        cached = cache_mb(client)
    print(f"worst probe latency during the run: {worst_probe:.2f} s")
    print(f"server memory: {start_rss:.0f} MB at start, {end_rss:.0f} MB at the end (+{end_rss - start_rss:.0f} MB), "
          f"peak {peak:.0f} MB; the read caches hold {cached:.1f} MB (bound: SCHEMATA_CACHE_MAX_BYTES, 64 MiB)")


if __name__ == "__main__":
    main()
