"""The client's JSON serializer and deserializer resolve `$ref`s only to the registered references: a listener
stands where a schema points, and must see no request, whatever the schema names."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from schemata.registry.client import (
    JSONDeserializer,
    JSONSerializer,
    MessageField,
    Schema,
    SchemaReference,
    SchemaRegistryClient,
    SerializationContext,
    SerializationError,
)


class Listener:
    """An HTTP server on a free loopback port that answers any GET with a schema, and records every request."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                seen.append(self.path)
                body = json.dumps({"type": "string"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def listener() -> Iterator[Listener]:
    served = Listener()
    yield served
    served.close()


@pytest.fixture
def client(sqlite_registry_url: str) -> Iterator[SchemaRegistryClient]:
    with SchemaRegistryClient({"url": sqlite_registry_url}) as registry_client:
        yield registry_client


@pytest.fixture
def topic() -> str:
    return f"nofetch-{uuid.uuid4().hex[:8]}"


def value(topic: str) -> SerializationContext:
    return SerializationContext(topic, MessageField.VALUE)


def _hidden_ref(target: str) -> str:
    """A schema whose local `$ref` leads to a subschema whose own `$ref` names `target`."""
    return json.dumps({"$ref": "#/x/a", "x": {"a": {"$ref": target}}})


@pytest.mark.parametrize("where", ["http", "file"])
def test_a_remote_ref_is_refused_not_fetched(
    client: SchemaRegistryClient, topic: str, listener: Listener, tmp_path: Path, where: str
) -> None:
    local = tmp_path / "hidden.json"
    local.write_text(json.dumps({"type": "string"}))
    target = f"{listener.url}/hidden.json" if where == "http" else local.as_uri()
    schema = Schema(_hidden_ref(target), "JSON")
    schema_id = client.register_schema(f"{topic}-value", schema)
    with pytest.raises(SerializationError, match="only the registered references"):
        JSONSerializer(schema, client, conf={"auto.register.schemas": False, "use.latest.version": True})(
            "text", value(topic)
        )
    framed = b"\x00" + schema_id.to_bytes(4, "big") + b'"text"'
    with pytest.raises(SerializationError, match="only the registered references"):
        JSONDeserializer(None, schema_registry_client=client)(framed, value(topic))
    assert listener.seen == []


def test_a_reference_name_relative_to_the_id_is_the_registered_reference(
    client: SchemaRegistryClient, topic: str, listener: Listener
) -> None:
    client.register_schema(f"{topic}-dep", Schema(json.dumps({"type": "integer"}), "JSON"))
    root = {"$id": f"{listener.url}/s/root.json", "type": "object", "properties": {"n": {"$ref": "dep.json"}}}
    schema = Schema(json.dumps(root), "JSON", [SchemaReference("dep.json", f"{topic}-dep", 1)])
    serializer = JSONSerializer(schema, client)
    data = serializer({"n": 5}, value(topic))  # the registered dep (an integer), not the listener's string
    assert JSONDeserializer(None, schema_registry_client=client)(data, value(topic)) == {"n": 5}
    with pytest.raises(SerializationError):
        serializer({"n": "five"}, value(topic))
    assert listener.seen == []


def test_the_registry_fetches_nothing_either(sqlite_registry_url: str, topic: str, listener: Listener) -> None:
    with httpx.Client(base_url=sqlite_registry_url, timeout=30) as http:
        direct = json.dumps({"$ref": f"{listener.url}/direct.json"})
        refused = http.post(f"/subjects/{topic}-value/versions", json={"schema": direct, "schemaType": "JSON"})
        assert refused.status_code == 422 and refused.json()["error_code"] == 42201, refused.text
        hidden = {"schema": _hidden_ref(f"{listener.url}/hidden.json"), "schemaType": "JSON"}
        assert http.post(f"/subjects/{topic}-value/versions", json=hidden).status_code == 200
        changed = {"schema": _hidden_ref(f"{listener.url}/other.json"), "schemaType": "JSON"}
        check = http.post(f"/compatibility/subjects/{topic}-value/versions/latest", json=changed)
        assert check.status_code in (200, 422), check.text
    assert listener.seen == []
