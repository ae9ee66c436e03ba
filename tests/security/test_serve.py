"""`schemata serve` with TLS (a private CA, and client certificates for mutual TLS), its refusal of unusable
security settings, and `schemata users add` / `schemata audit` against a live registry."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from schemata.cli.main import cli
from schemata.registry.client import RegistryUnreachableError, Schema, SchemaRegistryClient
from schemata.registry.security.passwords import PasswordFile
from tests.client.test_rest import _self_signed
from tests.conftest import LiveServer, free_port
from tests.security.conftest import PASSWORDS, Secured

SCHEMATA = [sys.executable, "-c", "from schemata.cli.main import main; main()"]


def start_serve(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([*SCHEMATA, "serve", *args], stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture
def tls_registry(tmp_path: Path) -> Iterator[tuple[str, dict[str, Path]]]:
    """`schemata serve` over HTTPS, requiring client certificates that chain to the `producer` CA."""
    server_cert, server_key = _self_signed(tmp_path, "registry")
    client_cert, client_key = _self_signed(tmp_path, "producer")
    port = free_port()
    process = start_serve(
        ["--port", str(port), "--database-url", f"sqlite:///{tmp_path / 'tls.db'}", "--tls-cert", str(server_cert),
         "--tls-key", str(server_key), "--tls-client-ca", str(client_cert)],
        tmp_path / "serve.log",
    )
    url = f"https://127.0.0.1:{port}"
    context = ssl.create_default_context(cafile=server_cert)
    context.load_cert_chain(client_cert, client_key)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/", verify=context, timeout=1).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield url, {"ca": server_cert, "cert": client_cert, "key": client_key}
    finally:
        process.terminate()
        process.wait(10)


def test_serve_speaks_tls_and_requires_a_client_certificate(tls_registry: tuple[str, dict[str, Path]]) -> None:
    url, files = tls_registry
    conf = {"url": url, "ssl.ca.location": str(files["ca"]), "ssl.certificate.location": str(files["cert"]),
            "ssl.key.location": str(files["key"]), "max.retries": 0}
    with SchemaRegistryClient(conf) as client:
        schema_id = client.register_schema("tls-value", Schema('"string"', "AVRO"))
        assert client.get_schema(schema_id).schema_str == '"string"'
    no_certificate = {"url": url, "ssl.ca.location": str(files["ca"]), "max.retries": 0}
    with SchemaRegistryClient(no_certificate) as client, pytest.raises(RegistryUnreachableError):
        client.get_subjects()  # the handshake is refused
    with pytest.raises(httpx.TransportError):
        httpx.get(url.replace("https://", "http://") + "/subjects", timeout=5)  # no plain HTTP on that port


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--auth-users-file", "{users}"], "authentication is on but SCHEMATA_AUTH_ACCESS_FILE is not set"),
        (["--auth-users-file", "{tmp}/missing", "--auth-access-file", "{access}"], "cannot read the credentials file"),
        (["--auth-jwt-keys-file", "{access}", "--auth-access-file", "{access}", "--auth-jwt-audience", "a"],
         "not a JWKS, a JWK or a PEM public key"),
        (["--auth-jwt-keys-file", "{jwks}", "--auth-access-file", "{access}"], "bearer tokens need an audience"),
        (["--auth-users-file", "{users}", "--auth-access-file", "{users}"], "expected a mapping with a `grants` list"),
        (["--tls-cert", "{users}"], "TLS needs both a certificate (--tls-cert) and its key (--tls-key)"),
    ],
    ids=["no-access-file", "missing-users", "bad-keys", "no-audience", "bad-access", "no-tls-key"],
)
def test_serve_refuses_unusable_security_settings(
    secured: Secured, tmp_path: Path, args: list[str], message: str
) -> None:
    env = secured.server_env
    files = {"users": env["SCHEMATA_AUTH_USERS_FILE"], "access": env["SCHEMATA_AUTH_ACCESS_FILE"],
             "jwks": env["SCHEMATA_AUTH_JWT_KEYS_FILE"], "tmp": str(tmp_path)}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATA_")}
    result = subprocess.run(
        [*SCHEMATA, "serve", "--port", str(free_port()), "--database-url", f"sqlite:///{tmp_path / 'x.db'}",
         *(arg.format(**files) for arg in args)],
        capture_output=True, text=True, timeout=60, env=clean,
    )
    assert result.returncode == 2, result.stderr
    assert message in result.stderr


def test_health_and_metrics_can_be_protected(secured: Secured, tmp_path: Path) -> None:
    env = {**secured.server_env, "SCHEMATA_AUTH_OPEN_HEALTH": "false"}
    server = LiveServer(f"sqlite:///{tmp_path / 'closed.db'}", tmp_path / "server.log", extra_env=env)
    try:
        for path in ("/health", "/health/ready", "/metrics"):
            assert httpx.get(server.url + path).status_code == 401
            assert httpx.get(server.url + path, auth=("ria", PASSWORDS["ria"])).status_code == 200  # any caller
    finally:
        server.stop()


def test_users_add_writes_argon2_hashes_only(tmp_path: Path) -> None:
    users = tmp_path / "users"
    runner = CliRunner()
    added = runner.invoke(cli, ["users", "add", "ann", "--auth-users-file", str(users), "--password-stdin"],
                          input="first-pw\n")
    assert added.exit_code == 0, added.output
    assert f"added ann in {users}" in added.output
    changed = runner.invoke(cli, ["users", "add", "ann", "--auth-users-file", str(users)],
                            input="second-pw\nsecond-pw\n")
    assert changed.exit_code == 0 and "changed the password of ann" in changed.output
    text = users.read_text()
    assert text.startswith("ann:$argon2id$") and "first-pw" not in text and "second-pw" not in text
    assert text.count("\n") == 1
    assert users.stat().st_mode & 0o777 == 0o600
    loaded = PasswordFile.load(users)
    assert loaded.verify("ann", "second-pw") and not loaded.verify("ann", "first-pw")
    bad = runner.invoke(cli, ["users", "add", "a:b", "--auth-users-file", str(users), "--password-stdin"], input="x\n")
    assert bad.exit_code == 2 and "invalid user name 'a:b'" in bad.output


def test_audit_command_filters_the_log(secured: Secured, subject: str) -> None:
    admin_url = secured.url.replace("http://", f"http://ann:{PASSWORDS['ann']}@")
    with SchemaRegistryClient({"url": admin_url}) as client:
        client.register_schema(subject, Schema('"string"', "AVRO"))
        client.set_compatibility(subject, "NONE")
    result = CliRunner().invoke(cli, ["audit", "--registry", admin_url, "--subject", subject])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2
    assert "ann" in lines[0] and "200  POST" in lines[0] and f"/subjects/{subject}/versions" in lines[0]
    assert "200  PUT" in lines[1] and f"/config/{subject}" in lines[1]
    denied = CliRunner().invoke(cli, ["audit", "--registry", secured.url.replace("http://", "http://rae:rae-pw@")])
    assert denied.exit_code == 2 and "needs the global admin role" in denied.output
