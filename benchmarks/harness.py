"""Shared pieces of the benchmarks: start a registry process, load it with wrk, print figures."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user and system) the server's processes have used: uvicorn's and its workers'."""
        return _cpu_seconds(self.pid)


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:  # exited meanwhile
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


@contextmanager
def running_registry(
    database_url: str | None = None,
    *,
    workers: int = 1,
    app: str = "schemata.registry.api.app:create_app",
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """A registry (or any ASGI factory `app`) on a free loopback port, with `env` added to its environment;
    yields its URL."""
    with running_server(database_url, workers=workers, app=app, env=env) as server:
        yield server.url


@contextmanager
def running_server(
    database_url: str | None = None,
    *,
    workers: int = 1,
    app: str = "schemata.registry.api.app:create_app",
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """As `running_registry`, yielding the server's URL and process id."""
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        database = database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        env = {**os.environ, "SCHEMATA_DATABASE_URL": database, **(env or {})}
        command = [
            sys.executable, "-m", "uvicorn", "--factory", app, "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--log-level", "warning", "--no-access-log",
        ]
        process = subprocess.Popen(command, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_ready(url)
            yield Server(url, process.pid)
        finally:
            process.terminate()
            process.wait(15)


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answered at {url} within {timeout}s")


def wrk_requests_per_second(
    url: str, *, seconds: int = 5, connections: int = 32, threads: int = 1, headers: dict[str, str] | None = None
) -> float:
    """Requests per second that wrk measures for GET `url` with `headers` (wrk runs in its own process)."""
    return wrk_run(url, seconds=seconds, connections=connections, threads=threads, headers=headers)[1]


def wrk_run(
    url: str, *, seconds: int = 5, connections: int = 32, threads: int = 1, headers: dict[str, str] | None = None
) -> tuple[int, float]:
    """The requests wrk completed for GET `url` with `headers`, and their rate per second."""
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for this benchmark: apt-get install wrk")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s",
         *(arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")), url],
        check=True, capture_output=True, text=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors for {url}:\n{out}")
    rate, count = re.search(r"Requests/sec:\s+([\d.]+)", out), re.search(r"(\d+) requests in", out)
    if rate is None or count is None:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return int(count.group(1)), float(rate.group(1))


def row(label: str, value: float, unit: str) -> str:
    return f"{label:<58} {value:>12,.0f} {unit}"
