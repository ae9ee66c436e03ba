"""Fixtures of the hardening tests: hostile requests against live servers, the work they cost measured as the
server process's CPU time (work done, not wall time, so a loaded machine does not change the verdict)."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.conftest import LiveServer


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time that process `pid` has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes `sock` within `seconds`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(1024) == b""
    except TimeoutError:
        return False


@dataclass
class Live:
    """A live server and a client on it."""

    server: LiveServer
    http: httpx.Client

    def cpu(self) -> float:
        return cpu_seconds(self.server.process.pid)


def _live(server: LiveServer) -> Iterator[Live]:
    with httpx.Client(base_url=server.url, timeout=120.0) as client:
        yield Live(server, client)
        client.delete("/config")
        client.put("/mode", json={"mode": "READWRITE"}, params={"force": "true"})


@pytest.fixture(params=["sqlite", "postgres"])
def live(request: pytest.FixtureRequest) -> Iterator[Live]:
    """A live registry (once per back end) with its process, for tests that measure the work a request costs."""
    yield from _live(request.getfixturevalue(f"{request.param}_registry"))


@pytest.fixture
def sqlite_live(sqlite_registry: LiveServer) -> Iterator[Live]:
    """The live SQLite registry, for a test of code above the storage layer that is slow to set up."""
    yield from _live(sqlite_registry)
