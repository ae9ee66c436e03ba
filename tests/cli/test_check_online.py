"""`schemata register` and `schemata check` against a live registry (SQLite), as a CI pipeline runs them."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.cli.helpers import Service, free_url, sample


def producer(service: Service, topic: str, schema: str, extension: str = "avsc") -> None:
    """A manifest producing `topic` with `schema` as schemas/event.<extension>."""
    service.manifest(f"produces:\n  - topic: {topic}\n    schema: schemas/event.{extension}\n")
    service.write(f"schemas/event.{extension}", schema)


def register(url: str, subject: str, *schemas: str) -> None:
    """Register Avro `schemas` in order over the REST API (test setup; the CLI is what is under test)."""
    for schema in schemas:
        httpx.post(f"{url}/subjects/{subject}/versions", json={"schema": schema}).raise_for_status()


def record(*fields: str) -> str:
    """An Avro record `R` with the given field declarations (JSON objects)."""
    return '{"type": "record", "name": "R", "fields": [' + ", ".join(fields) + "]}"


def test_register_v1_then_check_v2_passes_and_v3_fails(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    url = ["--registry", sqlite_registry_url]
    producer(service, topic, sample("avro", "order_placed", 1))
    run = service.run("register", *url)
    assert run.code == 0, run.output
    assert run.out == (
        f"registered  {topic}-value version 1 (id {_id(run.out)})\ncontracts   service: 1 produced, 0 consumed\n"
    )
    again = service.run("register", *url)
    assert again.code == 0 and again.out.startswith(f"unchanged   {topic}-value version 1")

    service.write("schemas/event.avsc", sample("avro", "order_placed", 2))
    run = service.run("check", *url)
    assert run.code == 0, run.output
    assert f"PASS produces {topic}-value (schemas/event.avsc, AVRO): compatible with version 1 (BACKWARD)" in run.out

    service.write("schemas/event.avsc", sample("avro", "order_placed", 3))
    run = service.run("check", *url)
    assert run.code == 1, run.output
    assert "TYPE_MISMATCH at /fields/3/type (against version 1, BACKWARD)" in run.out
    assert "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/7 (against version 1, BACKWARD)" in run.out

    refused = service.run("register", *url)
    assert refused.code == 1
    assert f"refused     {topic}-value: incompatible" in refused.err and "TYPE_MISMATCH" in refused.err
    assert service.run("versions", topic + "-value", *url).out == "1\n"


def test_transitive_level_checks_every_live_version(service: Service, sqlite_registry_url: str, topic: str) -> None:
    # v3 can read v2's data but not v1's: only a check against every version catches it.
    url = ["--registry", sqlite_registry_url]
    subject = f"{topic}-value"
    v1, v2 = record('{"name": "x", "type": "int"}'), record()
    assert service.run("config", subject, "--set", "backward_transitive", *url).out == "BACKWARD_TRANSITIVE\n"
    register(sqlite_registry_url, subject, v1, v2)
    producer(service, topic, record('{"name": "x", "type": "string", "default": ""}'))

    run = service.run("check", *url)
    assert run.code == 1, run.output
    assert "TYPE_MISMATCH at /fields/0/type (against version 1, BACKWARD)" in run.out
    assert "1 problem(s) against version 1, version 2 (BACKWARD_TRANSITIVE)" in run.out

    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"compatibility": "BACKWARD"}).raise_for_status()
    run = service.run("check", *url)
    assert run.code == 0, run.output
    assert "compatible with version 2 (BACKWARD)" in run.out

    # Soft-deleting version 1 resets the chain: transitive checks see live versions only.
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"compatibility": "BACKWARD_TRANSITIVE"})
    assert service.run("delete", subject, "--version", "1", *url).out == "1\n"
    run = service.run("check", *url)
    assert run.code == 0, run.output
    assert "compatible with version 2 (BACKWARD_TRANSITIVE)" in run.out


def test_consumer_reader_must_read_every_live_version(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    url = ["--registry", sqlite_registry_url]
    register(sqlite_registry_url, f"{topic}-value", *(sample("avro", "payment_processed", v) for v in (1, 2)))
    # A consumer still decoding with v1 cannot read v2's new REFUNDED status.
    service.manifest(f"consumes:\n  - topic: {topic}\n    schema: schemas/reader.avsc\n")
    service.write("schemas/reader.avsc", sample("avro", "payment_processed", 1))
    run = service.run("check", *url, "--format", "json")
    assert run.code == 1, run.output
    (contract,) = json.loads(run.out)["contracts"]
    assert contract["role"] == "consumes" and contract["against"] == ["version 1", "version 2"]
    assert [(f["rule"], f["against"]) for f in contract["findings"]] == [("MISSING_ENUM_SYMBOLS", ["version 2"])]

    service.write("schemas/reader.avsc", sample("avro", "payment_processed", 2))
    assert service.run("check", *url).code == 0


def test_subject_that_does_not_exist_yet_passes(service: Service, sqlite_registry_url: str, topic: str) -> None:
    producer(service, topic, sample("avro", "order_placed", 3))
    run = service.run("check", "--registry", sqlite_registry_url)
    assert run.code == 0, run.output
    assert "new: no previous version to check against" in run.out


@pytest.mark.parametrize(
    ("fmt", "extension", "rules"),
    [
        ("json", "json", ["REQUIRED_ATTRIBUTE_ADDED", "TYPE_CHANGED"]),
        ("protobuf", "proto", ["FIELD_SCALAR_KIND_CHANGED"]),
    ],
)
def test_json_schema_and_protobuf_contracts(
    service: Service, sqlite_registry_url: str, topic: str, fmt: str, extension: str, rules: list[str]
) -> None:
    url = ["--registry", sqlite_registry_url]
    producer(service, topic, sample(fmt, "order_placed", 1), extension)
    assert service.run("register", *url).code == 0
    service.write(f"schemas/event.{extension}", sample(fmt, "order_placed", 2))
    run = service.run("check", *url)
    assert run.code == 0, run.output
    service.write(f"schemas/event.{extension}", sample(fmt, "order_placed", 3))
    run = service.run("check", *url, "--format", "json")
    assert run.code == 1, run.output
    (contract,) = json.loads(run.out)["contracts"]
    assert contract["schemaType"] == fmt.upper()
    assert set(rules) <= {f["rule"] for f in contract["findings"]}


def test_record_name_strategy_and_references(service: Service, sqlite_registry_url: str, topic: str) -> None:
    url = ["--registry", sqlite_registry_url]
    namespace = topic.replace("-", "_")
    address = {"type": "record", "name": "Address", "namespace": namespace, "fields": [{"name": "c", "type": "int"}]}
    order = {"type": "record", "name": "Order", "namespace": namespace, "fields": [{"name": "to", "type": "Address"}]}
    service.manifest(
        f"produces:\n"
        f"  - topic: {topic}\n    schema: schemas/address.avsc\n    subject_strategy: record\n"
        f"  - topic: {topic}\n    schema: schemas/order.avsc\n"
        f"    references: [{{name: {namespace}.Address, subject: {namespace}.Address, version: latest}}]\n"
    )
    service.write("schemas/address.avsc", json.dumps(address))
    service.write("schemas/order.avsc", json.dumps(order))
    run = service.run("check", *url)
    assert run.code == 2
    assert f"Subject '{namespace}.Address' not found. Register the referenced schema first" in run.err

    run = service.run("register", *url)
    assert run.code == 0, run.output
    assert f"registered  {namespace}.Address version 1" in run.out
    assert f"registered  {topic}-value version 1" in run.out
    registered = json.loads(service.run("get", f"{topic}-value", *url, "--json").out)
    assert registered["references"] == [
        {"name": f"{namespace}.Address", "subject": f"{namespace}.Address", "version": 1}
    ]
    assert service.run("check", *url).code == 0


def test_registry_from_manifest_env_and_option(service: Service, sqlite_registry_url: str, topic: str) -> None:
    producer(service, topic, sample("avro", "order_placed", 1))
    service.manifest(
        f"registry: {sqlite_registry_url}\nproduces:\n  - topic: {topic}\n    schema: schemas/event.avsc\n"
    )
    assert service.run("check").code == 0
    down = free_url()
    assert service.run("check", env={"SCHEMATA_REGISTRY_URL": down}).code == 3
    assert service.run("check", "--registry", sqlite_registry_url, env={"SCHEMATA_REGISTRY_URL": down}).code == 0


def test_unreachable_registry_exits_3(service: Service) -> None:
    producer(service, "orders", sample("avro", "order_placed", 1))
    down = free_url()
    for args in (["check"], ["subjects"]):
        run = service.run(*args, "--registry", down)
        assert run.code == 3, (args, run.output)
        assert f"Schema registry at {down}" in run.err and "is unreachable" in run.err


class _FailingRegistry(BaseHTTPRequestHandler):
    """A registry whose store is down: every request answers 500 with Confluent's error body."""

    def do_GET(self) -> None:
        body = json.dumps({"error_code": 50001, "message": "Error in the backend data store"}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_registry_failing_with_5xx_exits_3(service: Service) -> None:
    producer(service, "orders", sample("avro", "order_placed", 1))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingRegistry)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        run = service.run("check", "--registry", f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
    assert run.code == 3, run.output
    assert "the registry failed: Error in the backend data store" in run.err


def _id(out: str) -> int:
    return int(out.split("(id ", 1)[1].split(")", 1)[0])


def test_schema_identical_to_a_live_version_passes_as_registration_would(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    # Under NONE, v2 changed x's type; a transitive level set afterwards would fail v1 against v2, but
    # registering v1 again is a no-op that the registry answers with version 1 without checking.
    subject = f"{topic}-value"
    v1, v2 = record('{"name": "x", "type": "int"}'), record('{"name": "x", "type": "string"}')
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"compatibility": "NONE"}).raise_for_status()
    register(sqlite_registry_url, subject, v1, v2)
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"compatibility": "FULL_TRANSITIVE"}).raise_for_status()
    producer(service, topic, v1)
    run = service.run("check", "--registry", sqlite_registry_url)
    assert run.code == 0, run.output
    assert "identical to version 1" in run.out


def test_everyday_commands(service: Service, sqlite_registry_url: str, topic: str) -> None:
    env = {"SCHEMATA_REGISTRY_URL": sqlite_registry_url}
    subject = f"{topic}-value"
    x, y = '{"name": "x", "type": "int"}', '{"name": "y", "type": ["null", "int"], "default": null}'
    v1 = record(x)
    register(sqlite_registry_url, subject, v1, record(x, y))

    assert service.run("subjects", "--prefix", topic, env=env).out == f"{subject}\n"
    assert json.loads(service.run("get", subject, "1", env=env).out) == json.loads(v1)
    assert json.loads(service.run("get", subject, env=env).out)["fields"][1]["name"] == "y"
    assert service.run("config", subject, env=env).out == "BACKWARD\n"
    assert service.run("config", subject, "--set", "full", env=env).out == "FULL\n"
    assert service.run("config", subject, "--delete", env=env).out == "BACKWARD\n"

    assert service.run("delete", subject, env=env).out == "1\n2\n"
    missing = service.run("versions", subject, env=env)
    assert missing.code == 2 and f"Subject '{subject}' not found." in missing.err
    assert service.run("subjects", "--prefix", topic, "--deleted", env=env).out == f"{subject}\n"
    assert service.run("delete", subject, "--permanent", env=env).out == "1\n2\n"
    assert service.run("subjects", "--prefix", topic, "--deleted", env=env).out == ""


RESERVING = {"properties": {"confluent:reserved": "legacy"}}
NAME, LEGACY = '{"name": "name", "type": "string"}', '{"name": "legacy", "type": "string", "default": ""}'


def _validate_fields(url: str, subject: str | None, on: bool | None) -> None:
    path = "/config" if subject is None else f"/config/{subject}"
    httpx.put(f"{url}{path}", json={"validateFields": on}).raise_for_status()


def test_a_consumed_schema_is_checked_for_reserved_names_with_the_validate_fields_in_force(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    # A reader is decided locally (no registry endpoint checks one): the subject's validateFields, else the
    # global one, says whether its fields may take the names the latest version's metadata reserves.
    subject = f"{topic}-value"
    url = sqlite_registry_url
    httpx.post(f"{url}/subjects/{subject}/versions", json={"schema": record(NAME), "metadata": RESERVING}
               ).raise_for_status()
    service.manifest(f"consumes:\n  - topic: {topic}\n    schema: schemas/reader.avsc\n")
    service.write("schemas/reader.avsc", record(NAME, LEGACY))
    assert service.run("check", "--registry", url).code == 0  # unset is off
    try:
        _validate_fields(url, None, True)
        run = service.run("check", "--registry", url)
        assert run.code == 1, run.output
        assert "FIELD_CONFLICTS_WITH_RESERVED_FIELD at legacy (against version 1)" in run.out, run.out
        _validate_fields(url, subject, False)  # the subject's own beats the global one
        assert service.run("check", "--registry", url).code == 0
    finally:
        _validate_fields(url, None, None)
    _validate_fields(url, subject, True)
    assert service.run("check", "--registry", url).code == 1


class _OtherVendor(BaseHTTPRequestHandler):
    """A registry that is not Schemata: ours behind a proxy that drops the `schemata` decision from answers."""

    upstream = ""

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        answer = httpx.request(
            self.command, self.upstream + self.path, content=self.rfile.read(length) if length else None,
            headers={"Content-Type": self.headers.get("Content-Type") or "application/json"},
        )
        data = answer.json()
        if isinstance(data, dict):
            data.pop("schemata", None)
        body = json.dumps(data).encode()
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/vnd.schemaregistry.v1+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _forward

    def log_message(self, *args: object) -> None:
        pass


@pytest.mark.parametrize("vendor", ["schemata", "other"])
def test_a_produced_schema_is_refused_for_a_reserved_name_at_level_none_by_any_registry(
    service: Service, sqlite_registry_url: str, topic: str, vendor: str
) -> None:
    # With validateFields the reserved names are checked at every level, NONE included; from a registry that
    # sends no decision the command decides itself, with the subject's validateFields.
    subject = f"{topic}-value"
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"compatibility": "NONE", "validateFields": True}
              ).raise_for_status()
    httpx.post(f"{sqlite_registry_url}/subjects/{subject}/versions",
               json={"schema": record(NAME), "metadata": RESERVING}).raise_for_status()
    producer(service, topic, record(NAME, LEGACY))
    handler = type("Proxy", (_OtherVendor,), {"upstream": sqlite_registry_url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    url = sqlite_registry_url if vendor == "schemata" else f"http://127.0.0.1:{server.server_address[1]}"
    try:
        run = service.run("check", "--registry", url)
        _validate_fields(sqlite_registry_url, subject, False)
        unvalidated = service.run("check", "--registry", url)
    finally:
        server.shutdown()
        server.server_close()
    assert run.code == 1, run.output
    assert "FIELD_CONFLICTS_WITH_RESERVED_FIELD at legacy (against version 1)" in run.out, run.out
    assert unvalidated.code == 0 and "not checked: the subject's level is NONE" in unvalidated.out, unvalidated.output


def test_a_produced_schema_the_registry_refuses_as_invalid_is_not_passed(
    service: Service, sqlite_registry_url: str, topic: str
) -> None:
    # With validateFields on, an option nothing declares makes the schema invalid (42201 at registration):
    # the registry's verbose answer then carries no decision, and the command must not pass the schema.
    subject = f"{topic}-value"
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"validateFields": True}).raise_for_status()
    v1 = 'syntax = "proto3";\nmessage A { int32 x = 1; }\n'
    httpx.post(f"{sqlite_registry_url}/subjects/{subject}/versions",
               json={"schema": v1, "schemaType": "PROTOBUF"}).raise_for_status()
    producer(service, topic, 'syntax = "proto3";\nmessage A { int32 x = 1 [(some_ref) = "x"]; }\n', "proto")
    run = service.run("check", "--registry", sqlite_registry_url)
    assert run.code == 2, run.output
    assert f"produces[0] ({subject}): the registry refuses the schema: Invalid schema: validateFields is on" in run.err
    assert "option (some_ref)" in run.err, run.err
    httpx.put(f"{sqlite_registry_url}/config/{subject}", json={"validateFields": False}).raise_for_status()
    assert service.run("check", "--registry", sqlite_registry_url).code == 0
