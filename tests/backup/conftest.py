"""Fresh registries for backup tests (a restore needs an empty target), and a source filled with every feature.

`source_registry` is built once by `populate`; `empty_registry()` starts a new SQLite server
that the test owns. Servers are real processes (`tests.conftest.LiveServer`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import LiveServer

StartRegistry = Callable[[], LiveServer]


def _avro(name: str, *fields: tuple[str, object], namespace: str = "com.acme") -> str:
    return json.dumps({"type": "record", "name": name, "namespace": namespace,
                       "fields": [{"name": n, "type": t, **({"default": None} if isinstance(t, list) else {})}
                                  for n, t in fields]})


MONEY = _avro("Money", ("cents", "long"), ("currency", "string"))
ORDER_V1 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"))
ORDER_V2 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"), ("note", ["null", "string"]))
ORDER_V3 = _avro("Order", ("id", "string"), ("total", "com.acme.Money"), ("note", ["null", "string"]),
                 ("coupon", ["null", "string"]))
CUSTOMER = _avro("Customer", ("id", "string"))
LEGACY = _avro("Legacy", ("id", "int"))
SCRATCH = _avro("Scratch", ("id", "int"))
EVENT_V1 = json.dumps({"type": "object", "properties": {"id": {"type": "string"}}, "additionalProperties": False})
EVENT_V2 = json.dumps({"type": "object", "properties": {"id": {"type": "string"}, "at": {"type": "string"}},
                       "additionalProperties": False})
COMMON_PROTO = 'syntax = "proto3";\npackage acme;\n\nmessage Amount {\n  int64 cents = 1;\n}\n'
PAYMENT_PROTO = (
    'syntax = "proto3";\npackage acme;\n\nimport "common.proto";\n\n'
    "message Payment {\n  string id = 1;\n  acme.Amount amount = 2;\n}\n"
)


class Registry:
    """Raw REST calls on a live registry (independent of the code under test); each asserts success."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30.0)

    def call(self, method: str, path: str, body: object = None, **params: object) -> object:
        response = self.http.request(method, path, json=body, params=params)
        assert response.is_success, f"{method} {path}: {response.status_code} {response.text}"
        return response.json()

    def register(self, subject: str, schema: str, schema_type: str = "AVRO", **extra: object) -> int:
        body = {"schema": schema, "schemaType": schema_type, **extra}
        answer = self.call("POST", f"/subjects/{subject.replace('/', '%2F')}/versions", body)
        assert isinstance(answer, dict)
        return int(answer["id"])


def populate(url: str) -> None:
    """Subjects of all three formats with references, soft deletes, a re-registered schema, an id gap,
    metadata, a `/` in a subject name, and subject configs and modes."""
    registry = Registry(url)
    registry.register("money", MONEY)
    registry.register("orders-value", ORDER_V1, references=[{"name": "com.acme.Money", "subject": "money",
                                                             "version": 1}])
    registry.register("scratch", SCRATCH)
    registry.call("DELETE", "/subjects/scratch")
    registry.call("DELETE", "/subjects/scratch", permanent="true")  # leaves a gap in the ids
    registry.register("orders-value", ORDER_V2, references=[{"name": "com.acme.Money", "subject": "money",
                                                             "version": 1}])
    registry.register("orders-value", ORDER_V3, references=[{"name": "com.acme.Money", "subject": "money",
                                                             "version": 1}])
    registry.call("DELETE", "/subjects/orders-value/versions/3")
    registry.register("customers-value", CUSTOMER, metadata={"properties": {"owner": "team-a"}})
    registry.call("DELETE", "/subjects/customers-value/versions/1")
    registry.register("customers-value", CUSTOMER, metadata={"properties": {"owner": "team-a"}})  # same id again
    registry.register("legacy-value", LEGACY)
    registry.call("DELETE", "/subjects/legacy-value")
    registry.register("shared/money", MONEY)  # the same schema in another subject shares its id
    registry.register("events-json", EVENT_V1, "JSON")
    registry.register("events-json", EVENT_V2, "JSON")
    registry.register("proto-common", COMMON_PROTO, "PROTOBUF")
    registry.register("payments-value", PAYMENT_PROTO, "PROTOBUF",
                      references=[{"name": "common.proto", "subject": "proto-common", "version": 1}])
    registry.call("PUT", "/config/orders-value", {"compatibility": "FULL_TRANSITIVE"})
    registry.call("PUT", "/config/events-json", {"compatibility": "NONE"})
    registry.call("PUT", "/config/legacy-value", {"compatibility": "FORWARD"})
    registry.call("PUT", "/mode/payments-value", {"mode": "READONLY"})
    registry.call("PUT", "/mode/events-json", {"mode": "READWRITE"})
    registry.call("PUT", "/config", {"compatibility": "FULL"})


@pytest.fixture
def empty_registry(tmp_path: Path) -> Iterator[StartRegistry]:
    """Starts fresh SQLite registries on demand; stops them after the test."""
    servers: list[LiveServer] = []

    def start() -> LiveServer:
        folder = tmp_path / f"registry-{len(servers)}"
        folder.mkdir()
        servers.append(LiveServer(f"sqlite:///{folder / 'registry.db'}", folder / "server.log"))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def source_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registry filled by `populate`; tests only read it."""
    folder = tmp_path_factory.mktemp("source")
    server = LiveServer(f"sqlite:///{folder / 'registry.db'}", folder / "server.log")
    populate(server.url)
    yield server.url
    server.stop()
