"""A PostgreSQL that stops answering mid-flight (its packets dropped, not refused): requests on pooled
connections held their threads for the whole outage (45 s). Now every request ends within
SCHEMATA_DB_TIMEOUT_SECONDS with 50002, /health keeps answering, and the node recovers when the database
does. The black hole is a proxy between the registry and PostgreSQL that stops reading its sockets."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from tests.conftest import LiveServer
from tests.hardening.blackhole import BlackHoleProxy

TIMEOUT = 2.0
#: What a request may take beyond the timeout on a loaded 2-core machine (and libpq's connect timeout counts
#: whole seconds).
SLACK = 3.0


@pytest.fixture
def proxied(pg_database_url: str, tmp_path: Path) -> Iterator[tuple[BlackHoleProxy, httpx.Client]]:
    """A registry on PostgreSQL through a black-hole proxy, with a database timeout of 2 s."""
    url = make_url(pg_database_url)
    proxy = BlackHoleProxy((url.host or "127.0.0.1", url.port or 5432))
    database_url = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    server = LiveServer(database_url, tmp_path / "server.log", {"SCHEMATA_DB_TIMEOUT_SECONDS": str(TIMEOUT)})
    try:
        with httpx.Client(base_url=server.url, timeout=30.0) as client:
            yield proxy, client
    finally:
        proxy.resume()
        server.stop()
        proxy.close()


def schema(field: str) -> dict[str, object]:
    fields = [{"name": field, "type": "int", "default": 0}]
    return {"schema": json.dumps({"type": "record", "name": "R", "fields": fields})}


def timed(client: httpx.Client, method: str, path: str, body: object = None) -> tuple[float, httpx.Response]:
    start = time.monotonic()
    response = client.request(method, path, json=body)
    return time.monotonic() - start, response


def test_requests_on_pooled_connections_end_with_50002_and_the_node_recovers(
    proxied: tuple[BlackHoleProxy, httpx.Client], subject: str
) -> None:
    proxy, client = proxied
    registered = client.post(f"/subjects/{subject}/versions", json=schema("a")).json()["id"]
    requests = [
        ("GET", "/subjects", None),
        ("GET", f"/subjects/{subject}/versions", None),
        ("GET", f"/subjects/{subject}/versions/latest", None),
        ("GET", "/config", None),
        ("GET", f"/schemas/ids/{registered + 1000}", None),
        ("POST", f"/subjects/{subject}/versions", schema("b")),
    ]
    with ThreadPoolExecutor(len(requests)) as pool:
        # Several connections in the pool, each used once, before the database goes silent.
        for _, response in pool.map(lambda r: timed(client, *r[:2]), requests[:4]):
            assert response.status_code == 200, response.text
        proxy.stop()
        answers = list(pool.map(lambda r: timed(client, *r), requests))
        health_elapsed, health = timed(client, "GET", "/health")
    assert health.status_code == 200 and health_elapsed < 1.0, health_elapsed
    for (method, path, _), (elapsed, response) in zip(requests, answers, strict=True):
        assert response.status_code == 500 and response.json()["error_code"] == 50002, (path, response.text)
        assert elapsed < TIMEOUT + SLACK, f"{method} {path} took {elapsed:.1f} s"
    print(f"worst latency during the outage: {max(e for e, _ in answers):.2f} s")

    proxy.resume()
    assert client.get("/subjects").status_code == 200
    assert client.post(f"/subjects/{subject}/versions", json=schema("b")).status_code == 200
    assert client.get(f"/subjects/{subject}/versions").json() == [1, 2]
