"""The REST client against the live registry, and against a tiny scripted HTTP server for what a healthy
registry never does (fail, demand credentials)."""

from __future__ import annotations

import json
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from schemata.registry.client import (
    IncompatibleSchemaError,
    InvalidSchemaError,
    RegistryUnreachableError,
    Schema,
    SchemaNotFoundError,
    SchemaReference,
    SchemaRegistryClient,
    SchemaRegistryError,
    ServerConfig,
    SubjectNotFoundError,
    VersionNotFoundError,
)
from tests.conftest import IN_PROCESS_URL, free_port
from tests.inprocess import InProcessTransport


def record(name: str, *fields: str) -> Schema:
    body = {"type": "record", "name": name, "fields": [{"name": f, "type": "string"} for f in fields]}
    return Schema(json.dumps(body), "AVRO")


def test_register_lookup_get_and_versions(client: SchemaRegistryClient, subject: str) -> None:
    schema_id = client.register_schema(subject, record("A", "a"))
    assert client.register_schema(subject, record("A", "a")) == schema_id
    assert client.lookup_schema(subject, record("A", "a")).version == 1
    assert json.loads(client.get_schema(schema_id).schema_str)["name"] == "A"
    second = client.register_schema_full_response(subject, record("A"))
    assert second.schema_id != schema_id
    assert client.get_versions(subject) == [1, 2]
    assert client.get_version(subject, 1).schema_id == schema_id
    assert client.get_latest_version(subject).version == 2
    assert subject in client.get_subjects(subject_prefix=subject)
    assert client.get_subjects_by_schema_id(schema_id) == [subject]
    assert [(v.subject, v.version) for v in client.get_schema_versions(schema_id)] == [(subject, 1)]
    assert client.get_schema_types() == ["JSON", "PROTOBUF", "AVRO"]


def test_errors_carry_status_code_and_message(client: SchemaRegistryClient, subject: str) -> None:
    with pytest.raises(SubjectNotFoundError) as missing:
        client.get_versions(subject)
    assert (missing.value.http_status_code, missing.value.error_code) == (404, 40401)
    assert subject in missing.value.error_message
    client.register_schema(subject, record("A", "a"))
    with pytest.raises(VersionNotFoundError):
        client.get_version(subject, 7)
    with pytest.raises(SchemaNotFoundError):
        client.get_schema(987654)
    with pytest.raises(SchemaNotFoundError):
        client.lookup_schema(subject, record("A", "zzz"))
    with pytest.raises(InvalidSchemaError) as invalid:
        client.register_schema(subject, Schema('{"type": "nope"}'))
    assert invalid.value.http_status_code == 422


def test_incompatible_registration_carries_the_findings(client: SchemaRegistryClient, subject: str) -> None:
    client.register_schema(subject, record("A", "a"))
    with pytest.raises(IncompatibleSchemaError) as error:
        client.register_schema(subject, record("A", "a", "b"))
    assert error.value.http_status_code == 409
    assert error.value.messages and any("b" in message for message in error.value.messages)
    assert error.value.messages[0] in str(error.value)
    decision = error.value.decision  # the registry's own decision, findings as objects
    assert decision is not None and not decision.compatible
    assert [(f.rule, f.path, f.against and f.against.number) for f in decision.findings] == [
        ("READER_FIELD_MISSING_DEFAULT_VALUE", "/fields/1", 1)
    ]


def test_compatibility_checks_plain_and_verbose(client: SchemaRegistryClient, subject: str) -> None:
    client.register_schema(subject, record("A", "a"))
    assert client.test_compatibility(subject, record("A"))
    assert not client.test_compatibility(subject, record("A", "a", "b"), verbose=True)
    assert not client.test_compatibility_all_versions(subject, record("A", "a", "b"))
    result = client.check_compatibility(subject, record("A", "a", "b"), version=1)
    assert not result.is_compatible and result.messages
    assert result.decision is not None and [f.rule for f in result.decision.findings] == [
        "READER_FIELD_MISSING_DEFAULT_VALUE"
    ]


def test_config_carries_the_compatibility_policy(client: SchemaRegistryClient, subject: str) -> None:
    client.set_config(subject, ServerConfig(compatibility_level="BACKWARD", compatibility_policy="LENIENT"))
    assert client.get_config(subject).compatibility_policy == "LENIENT"
    assert client.get_config(subject, default_to_global=True).compatibility_policy == "LENIENT"
    assert client.delete_config(subject).compatibility_policy == "LENIENT"


def test_config_and_mode(client: SchemaRegistryClient, subject: str) -> None:
    assert client.set_compatibility(subject, "full") == "FULL"
    assert client.get_compatibility(subject) == "FULL"
    assert client.get_config(subject).compatibility_level == "FULL"
    assert client.delete_config(subject).compatibility_level == "FULL"
    assert client.set_config(subject, ServerConfig(compatibility_level="NONE")).compatibility_level == "NONE"
    assert client.update_mode(subject, "READONLY") == "READONLY"
    assert client.get_mode(subject) == "READONLY"
    with pytest.raises(SchemaRegistryError) as readonly:
        client.register_schema(subject, record("A"))
    assert readonly.value.error_code == 42205
    assert client.delete_mode(subject) == "READONLY"
    assert client.get_global_mode() == "READWRITE"
    assert "." in client.get_contexts()


def test_delete_soft_then_permanent(client: SchemaRegistryClient, subject: str) -> None:
    client.register_schema(subject, record("A", "a"))
    client.register_schema(subject, record("A"))
    assert client.delete_version(subject, 2) == 2
    assert client.get_versions(subject) == [1]
    assert client.get_versions(subject, deleted=True) == [1, 2]
    assert client.delete_subject(subject) == [1]
    assert client.delete_subject(subject, permanent=True) == [1, 2]
    with pytest.raises(SubjectNotFoundError):
        client.get_latest_version(subject)


def test_references_resolve_depth_first(client: SchemaRegistryClient, subject: str) -> None:
    money = {"type": "record", "name": "Money", "namespace": "m", "fields": [{"name": "units", "type": "long"}]}
    line = {"type": "record", "name": "Line", "namespace": "m", "fields": [{"name": "price", "type": "m.Money"}]}
    order = {"type": "record", "name": "Order", "namespace": "m", "fields": [{"name": "line", "type": "m.Line"}]}
    client.register_schema(f"{subject}-money", Schema(json.dumps(money)))
    line_schema = Schema(json.dumps(line), "AVRO", [SchemaReference("m.Money", f"{subject}-money", 1)])
    client.register_schema(f"{subject}-line", line_schema)
    order_schema = Schema(json.dumps(order), "AVRO", [SchemaReference("m.Line", f"{subject}-line", 1)])
    order_id = client.register_schema(subject, order_schema)
    assert [dep.name for dep in client.resolve_dependencies(order_schema)] == ["m.Money", "m.Line"]
    assert client.get_referenced_by(f"{subject}-line", 1) == [order_id]
    assert client.get_schema(order_id).references == (SchemaReference("m.Line", f"{subject}-line", 1),)
    assert client.parse_schema(order_schema).record_name() == "m.Order"


def test_latest_is_cached_for_its_ttl(sqlite_registry_url: str, subject: str) -> None:
    with SchemaRegistryClient({"url": sqlite_registry_url, "cache.latest.ttl.sec": 0.5}) as client:
        client.register_schema(subject, record("A", "a"))
        assert client.get_latest_version(subject).version == 1
        client.register_schema(subject, record("A"))
        assert client.get_latest_version(subject).version == 1  # still cached
        time.sleep(0.6)
        assert client.get_latest_version(subject).version == 2


def test_unknown_configuration_is_refused() -> None:
    with pytest.raises(ValueError, match="Unrecognized properties: colour"):
        SchemaRegistryClient({"url": "http://localhost:1", "colour": "blue"})
    with pytest.raises(ValueError, match="Missing required configuration property url"):
        SchemaRegistryClient({})


def test_unreachable_registry_names_the_url() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    conf = {"url": url, "max.retries": 2, "retries.wait.ms": 1, "retries.max.wait.ms": 5}
    with SchemaRegistryClient(conf) as client, pytest.raises(RegistryUnreachableError) as error:
        client.get_subjects()
    assert error.value.url == f"{url}/subjects"
    assert url in str(error.value)


class Scripted:
    """A real HTTP server on a free port answering from a script of (status, body); records each request."""

    def __init__(self, script: list[tuple[int, object]], tls: ssl.SSLContext | None = None) -> None:
        self.script = script
        self.requests: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, so that connection reuse shows

            def do_GET(self) -> None:
                outer.requests.append({**self.headers, "client-port": str(self.client_address[1])})
                status, body = outer.script.pop(0) if len(outer.script) > 1 else outer.script[0]
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted() -> Iterator[type[Scripted]]:
    servers: list[Scripted] = []

    def start(script: list[tuple[int, object]], tls: ssl.SSLContext | None = None) -> Scripted:
        servers.append(Scripted(script, tls))
        return servers[-1]

    yield start  # type: ignore[misc]
    for server in servers:
        server.close()


FAST_RETRIES = {"retries.wait.ms": 1, "retries.max.wait.ms": 5}


def test_retries_5xx_with_backoff_then_succeeds(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(503, {"error_code": 50301, "message": "busy"})] * 2 + [(200, ["s"])])
    with SchemaRegistryClient({"url": server.url, **FAST_RETRIES}) as client:
        assert client.get_subjects() == ["s"]
    assert len(server.requests) == 3


def test_gives_up_after_max_retries_with_the_last_error(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(500, {"error_code": 50001, "message": "store error"})])
    conf = {"url": server.url, "max.retries": 1, **FAST_RETRIES}
    with SchemaRegistryClient(conf) as client, pytest.raises(SchemaRegistryError) as error:
        client.get_subjects()
    assert (error.value.http_status_code, error.value.error_code) == (500, 50001)
    assert len(server.requests) == 2


def test_does_not_retry_client_errors(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(404, {"error_code": 40401, "message": "Subject 's' not found."})])
    with SchemaRegistryClient({"url": server.url, **FAST_RETRIES}) as client, pytest.raises(SubjectNotFoundError):
        client.get_versions("s")
    assert len(server.requests) == 1


def test_a_server_that_is_not_a_registry_is_named(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(404, {"detail": "Not Found"})])
    client = SchemaRegistryClient({"url": server.url, **FAST_RETRIES})
    with client, pytest.raises(SchemaRegistryError) as error:
        client.get_subjects()
    assert (error.value.http_status_code, error.value.error_code) == (404, -1)
    assert f"{server.url}/subjects answered HTTP 404 without a Schema Registry error body" in str(error.value)
    assert '{"detail": "Not Found"}' in str(error.value)


def test_fails_over_to_the_next_url(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(200, ["s"])])
    dead = f"http://127.0.0.1:{free_port()}"
    with SchemaRegistryClient({"url": f"{dead},{server.url}", "max.retries": 0}) as client:
        assert client.get_subjects() == ["s"]


def test_basic_auth_from_user_info_and_from_the_url(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(200, [])])
    with SchemaRegistryClient({"url": server.url, "basic.auth.user.info": "ann:s3cret"}) as client:
        client.get_subjects()
    with SchemaRegistryClient({"url": server.url.replace("http://", "http://bob:pw%40x@")}) as client:
        client.get_subjects()
    assert server.requests[0]["Authorization"] == "Basic YW5uOnMzY3JldA=="  # ann:s3cret
    assert server.requests[1]["Authorization"] == "Basic Ym9iOnB3QHg="  # bob:pw@x
    with pytest.raises(ValueError, match="form of"):
        SchemaRegistryClient({"url": server.url, "basic.auth.user.info": "no-colon"})


def test_bearer_tokens_static_and_custom(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(200, [])])
    static = {"bearer.auth.credentials.source": "STATIC_TOKEN", "bearer.auth.token": "tok",
              "bearer.auth.logical.cluster": "lsrc-1", "bearer.auth.identity.pool.id": "pool-1"}
    with SchemaRegistryClient({"url": server.url, **static}) as client:
        client.get_subjects()
    custom = {"bearer.auth.credentials.source": "CUSTOM",
              "bearer.auth.custom.provider.function": lambda conf: {"bearer.auth.token": conf["t"]},
              "bearer.auth.custom.provider.config": {"t": "fresh"}}
    with SchemaRegistryClient({"url": server.url, **custom}) as client:
        client.get_subjects()
    first, second = server.requests
    assert (first["Authorization"], first["target-sr-cluster"], first["Confluent-Identity-Pool-Id"]) == (
        "Bearer tok", "lsrc-1", "pool-1")
    assert second["Authorization"] == "Bearer fresh"


def test_connections_are_reused(scripted) -> None:  # type: ignore[no-untyped-def]
    server = scripted([(200, [])])
    with SchemaRegistryClient({"url": server.url}) as client:
        for _ in range(3):
            client.get_subjects()
    assert len({request["client-port"] for request in server.requests}) == 1


def test_tls_options_are_checked() -> None:
    with pytest.raises(ValueError, match=r"ssl\.certificate\.location is required"):
        SchemaRegistryClient({"url": "https://localhost:1", "ssl.key.location": "/tmp/key.pem"})
    with pytest.raises(FileNotFoundError):
        SchemaRegistryClient({"url": "https://localhost:1", "ssl.ca.location": "/nonexistent/ca.pem"})
    SchemaRegistryClient({"url": "https://localhost:1", "ssl.ca.location": False}).close()


def _self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (its own CA) and its key, made with openssl."""
    cert, key = folder / f"{name}.pem", folder / f"{name}.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={name}",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_tls_with_a_private_ca_and_a_client_certificate(scripted, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    server_cert, server_key = _self_signed(tmp_path, "registry")
    client_cert, client_key = _self_signed(tmp_path, "producer")
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(server_cert, server_key)
    tls.verify_mode = ssl.CERT_REQUIRED  # mutual TLS: the server checks the client's certificate too
    tls.load_verify_locations(client_cert)
    server = scripted([(200, ["s"])], tls)
    conf = {"url": server.url, "ssl.ca.location": str(server_cert), "ssl.certificate.location": str(client_cert),
            "ssl.key.location": str(client_key), "max.retries": 0}
    with SchemaRegistryClient(conf) as client:
        assert client.get_subjects() == ["s"]
    untrusted = {"url": server.url, "ssl.certificate.location": str(client_cert),
                 "ssl.key.location": str(client_key), "max.retries": 0}
    with SchemaRegistryClient(untrusted) as client, pytest.raises(RegistryUnreachableError) as error:
        client.get_subjects()
    assert server.url in str(error.value) and "CERTIFICATE_VERIFY_FAILED" in str(error.value)


def test_a_transport_of_the_callers_replaces_the_network(in_process_app: Any, subject: str) -> None:
    with SchemaRegistryClient({"url": IN_PROCESS_URL}, transport=InProcessTransport(in_process_app)) as client:
        schema_id = client.register_schema(subject, record("A", "a"))
        assert client.get_latest_version(subject).schema_id == schema_id
        with pytest.raises(SubjectNotFoundError):
            client.get_versions(f"{subject}-missing")


@pytest.mark.parametrize("key", ["proxy", "ssl.ca.location"])
def test_connection_settings_are_refused_with_a_transport(key: str) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with pytest.raises(ValueError, match=f"{key}: not applicable with a transport"):
        SchemaRegistryClient({"url": IN_PROCESS_URL, key: "x"}, transport=transport)
