"""`schemata serve` closes connections whose request headers do not arrive in time (1,100 such connections
stayed open indefinitely), and idle kept-alive ones, while serving requests that arrive in time."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.helpers import COMMAND, environment, free_url
from tests.hardening.conftest import closed_within


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    url = free_url()
    port = int(url.rsplit(":", 1)[1])
    env = environment({"SCHEMATA_PORT": str(port), "SCHEMATA_HEADER_TIMEOUT_SECONDS": "1"})
    with subprocess.Popen(
        [*COMMAND, "serve", "--database-url", f"sqlite:///{tmp_path / 'r.db'}"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
    ) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None
                try:
                    httpx.get(url + "/", timeout=1)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the registry did not start"
                    time.sleep(0.2)
            yield url, port
        finally:
            server.terminate()
            server.wait(10)


def test_unfinished_headers_and_silent_connections_are_closed(served: tuple[str, int]) -> None:
    url, port = served
    sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(100)]
    try:
        for index, sock in enumerate(sockets):
            if index % 2:  # half send part of a request line; the others say nothing at all
                sock.sendall(b"GET /subjects HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        assert all(closed_within(sock, 10) for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()
    assert httpx.get(url + "/subjects", timeout=5).json() == []


def test_a_request_that_arrives_in_time_is_served_and_the_connection_kept(served: tuple[str, int]) -> None:
    url, _ = served
    with httpx.Client(base_url=url, timeout=5) as client:
        for _ in range(3):
            assert client.get("/subjects").json() == []
            time.sleep(0.6)  # under the idle timeout; three rounds add up past the header timeout
