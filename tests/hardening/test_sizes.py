"""Sizes: the request-body limit (413 from Content-Length, before the body is read), and limits on metadata and
rule sets, which every later read of the version would return."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

from tests.hardening.conftest import Live

AVRO = json.dumps({"type": "record", "name": "S", "fields": [{"name": "a", "type": "int"}]})
LIMIT = 20 * 1024 * 1024
JSON_HEADERS = {"Content-Type": "application/json"}


def test_a_declared_body_over_the_limit_is_413_before_it_is_sent(live: Live, subject: str) -> None:
    """Only the headers go out: the server must answer from Content-Length alone, in Confluent's error shape."""
    url = urlsplit(live.server.url)
    assert url.hostname is not None and url.port is not None
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(
            f"POST /subjects/{subject}/versions HTTP/1.1\r\nHost: x\r\n"
            f"Content-Type: application/json\r\nContent-Length: {45 * 1024 * 1024}\r\n\r\n".encode()
        )
        answer = _response(sock)
    head, _, body = answer.partition("\r\n\r\n")
    assert head.startswith("HTTP/1.1 413"), answer[:300]
    assert json.loads(body)["error_code"] == 413 and str(LIMIT) in json.loads(body)["message"]


def _response(sock: socket.socket) -> str:
    """One whole HTTP response: the head, then as many body bytes as its Content-Length says (the body may
    arrive in a packet of its own)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return data.decode()
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return (head + b"\r\n\r\n" + body).decode()


def test_a_chunked_body_over_the_limit_is_413(live: Live, subject: str) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        piece = b" " * (1024 * 1024)
        for _ in range(25):
            yield piece

    answer = live.http.post(f"/subjects/{subject}/versions", content=chunks(), headers=JSON_HEADERS)
    assert answer.status_code == 413 and answer.json()["error_code"] == 413, answer.text[:300]


def test_a_body_under_the_limit_still_works(live: Live, subject: str) -> None:
    padded = json.dumps({"schema": AVRO}) + " " * (2 * 1024 * 1024)
    answer = live.http.post(f"/subjects/{subject}/versions", content=padded, headers=JSON_HEADERS)
    assert answer.status_code == 200, answer.text[:300]


def test_metadata_and_rule_set_over_their_limit_are_refused(live: Live, subject: str) -> None:
    metadata = {"properties": {f"k{i}": "v" * 100 for i in range(3000)}}
    answer = live.http.post(f"/subjects/{subject}/versions", json={"schema": AVRO, "metadata": metadata})
    assert answer.status_code == 422 and "'metadata' is" in answer.json()["message"], answer.text[:300]
    rule = {"kind": "CONDITION", "mode": "WRITE", "type": "CEL", "expr": "x" * 100}
    rules = [{"name": f"r{i}", **rule} for i in range(3000)]
    answer = live.http.post(f"/subjects/{subject}/versions", json={"schema": AVRO, "ruleSet": {"domainRules": rules}})
    assert answer.status_code == 422 and answer.json()["error_code"] == 42210, answer.text[:300]
    assert "the limit is 262144" in answer.json()["message"]
    assert live.http.get(f"/subjects/{subject}/versions").status_code == 404
