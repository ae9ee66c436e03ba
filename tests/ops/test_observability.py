"""Health, readiness and metrics over HTTP on live servers."""

from __future__ import annotations

import json

import httpx

from tests.conftest import LiveServer

RECORD = json.dumps({"type": "record", "name": "Ping", "fields": [{"name": "a", "type": "int"}]})
BROKEN = json.dumps({"type": "record", "name": "Ping", "fields": [{"name": "a", "type": "string"}]})


def test_health_and_readiness(api: httpx.Client) -> None:
    assert api.get("/health").json() == {"status": "UP"}
    assert api.get("/health/ready").json() == {"status": "UP", "database": "UP"}


def test_metrics_count_requests_registrations_and_failures(api: httpx.Client, subject: str) -> None:
    api.post(f"/subjects/{subject}/versions", json={"schema": RECORD}).raise_for_status()
    assert api.post(f"/subjects/{subject}/versions", json={"schema": BROKEN}).status_code == 409
    api.get("/schemas/ids/1")
    api.get("/schemas/ids/1")  # the second one comes from the fast path
    text = api.get("/metrics").text
    assert 'schemata_registrations_total{schema_type="AVRO"}' in text
    assert 'schemata_compatibility_failures_total{schema_type="AVRO"}' in text
    assert 'route="/subjects/{subject}/versions",status="409"' in text
    assert 'route="/schemas/ids/{schema_id}",status="200"' in text
    # Route templates, never raw subjects, label the series.
    assert subject not in text


def _sample(text: str, name: str, labels: str) -> float:
    """The value of the series `name{labels}` in a metrics text (0 if absent)."""
    prefix = f"{name}{{{labels}}} "
    return next((float(line[len(prefix):]) for line in text.splitlines() if line.startswith(prefix)), 0.0)


def test_metrics_count_every_lookup_the_fast_path_answers(api: httpx.Client, subject: str) -> None:
    """Fast-path hits are tallied in plain numbers and folded into the same series on a scrape: every one
    is counted, in the request counter and in the latency histogram, 200s and 304s apart."""
    schema_id = api.post(f"/subjects/{subject}/versions", json={"schema": RECORD}).raise_for_status().json()["id"]
    path = f"/schemas/ids/{schema_id}"
    tag = [api.get(path) for _ in range(2)][-1].headers["etag"]  # kept by now
    route = 'method="GET",route="/schemas/ids/{schema_id}"'
    before = api.get("/metrics").text
    for _ in range(7):
        assert api.get(path).status_code == 200
    for _ in range(3):
        assert api.get(path, headers={"If-None-Match": tag}).status_code == 304
    after = api.get("/metrics").text

    def grew(name: str, labels: str) -> float:
        return _sample(after, name, labels) - _sample(before, name, labels)

    assert grew("schemata_http_requests_total", route + ',status="200"') == 7
    assert grew("schemata_http_requests_total", route + ',status="304"') == 3
    assert grew("schemata_http_request_seconds_count", route) == 10
    assert grew("schemata_http_request_seconds_bucket", 'le="+Inf",' + route) == 10
    assert grew("schemata_http_request_seconds_sum", route) > 0


def _set_connections_allowed(name: str, allowed: bool) -> None:
    """Open or close a database to new connections, and cut the existing ones when closing."""
    import psycopg

    from tests.conftest import PG_ADMIN_URL

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        if not allowed:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))


def test_a_database_outage_fails_fast_and_the_node_recovers_by_itself(tmp_path) -> None:
    from tests.conftest import create_pg_database, drop_pg_database

    url, name = create_pg_database()
    server = LiveServer(url, tmp_path / "server.log")
    try:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            client.post("/subjects/outage-value/versions", json={"schema": RECORD}).raise_for_status()
            assert client.get("/health/ready").status_code == 200
            _set_connections_allowed(name, False)

            answer = client.get("/health/ready")
            assert answer.status_code == 503
            assert answer.json()["status"] == "DOWN"
            assert client.get("/health").status_code == 200  # the process itself is fine
            for _ in range(2):  # the first request meets the dead pool, the next a refused connect
                failed = client.get("/subjects")
                assert failed.status_code == 500
                assert failed.json()["error_code"] in (50001, 50002)
                assert "database" in failed.json()["message"].lower()
            refused = client.post("/subjects/outage-value/versions", json={"schema": BROKEN})
            assert refused.json()["error_code"] in (50001, 50002)

            _set_connections_allowed(name, True)
            assert client.get("/health/ready").status_code == 200
            assert client.get("/subjects").json() == ["outage-value"]
            assert client.get("/subjects/outage-value/versions").json() == [1]
    finally:
        server.stop()
        _set_connections_allowed(name, True)
        drop_pg_database(name)
