"""The header timeout when the app is served by uvicorn directly rather than `schemata serve`: uvicorn's own
protocols wait for unfinished headers forever; with `--http schemata.registry.slow_clients:HeaderTimeoutProtocol`
(as the README says) such connections are closed after SCHEMATA_HEADER_TIMEOUT_SECONDS."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer
from tests.hardening.conftest import closed_within

PROTOCOL = "schemata.registry.slow_clients:HeaderTimeoutProtocol"


class UvicornServer(LiveServer):
    """`uvicorn --factory schemata.registry.api.app:create_app` with extra command-line options."""

    def __init__(self, database_url: str, log_path: Path, options: list[str]) -> None:
        self._options = options
        super().__init__(database_url, log_path, {"SCHEMATA_HEADER_TIMEOUT_SECONDS": "1"})

    def command(self) -> list[str]:
        return [*super().command(), *self._options]


@pytest.fixture(params=[[], ["--http", PROTOCOL]], ids=["plain", "header-timeout"])
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[UvicornServer, bool]]:
    server = UvicornServer(f"sqlite:///{tmp_path / 'r.db'}", tmp_path / "server.log", request.param)
    yield server, bool(request.param)
    server.stop()


def test_unfinished_headers_are_closed_only_with_the_protocol(served: tuple[UvicornServer, bool]) -> None:
    server, protected = served
    sockets = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(200)]
    try:
        for sock in sockets[::2]:
            sock.sendall(b"GET /subjects HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        if protected:
            assert all(closed_within(sock, 10) for sock in sockets)
        else:  # the control: uvicorn alone leaves them open well past the 1 s header timeout
            assert not any(closed_within(sock, 3 if index == 0 else 0.01) for index, sock in enumerate(sockets))
    finally:
        for sock in sockets:
            sock.close()
    assert httpx.get(server.url + "/subjects", timeout=5).json() == []
