"""A live registry with authentication on (HTTP Basic users and bearer JWTs), and the callers of the tests.

Principals and their grants (the access file below):
- `ann` (Basic): admin on every subject and on the global settings.
- `wes` (Basic, and as a bearer token): write on `sec-*`, read on the global settings.
- `rae` (Basic): read on `sec-*` and on the global settings.
- `ria` (Basic): read on `sec-a-*` only (listings show her nothing else).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from schemata.registry.security.passwords import add_user
from tests.conftest import LiveServer

AUDIENCE = "schemata-test"
ISSUER = "https://issuer.test"
PASSWORDS = {"ann": "ann-pw", "wes": "wes-pw", "rae": "rae-pw", "ria": "ria-pw"}
ACCESS = {
    "grants": [
        {"principal": "ann", "role": "admin", "subjects": ["*"], "global": True},
        {"principal": "wes", "role": "write", "subjects": ["sec-*"]},
        {"principal": "wes", "role": "read", "global": True},
        {"principal": "rae", "role": "read", "subjects": ["sec-*"], "global": True},
        {"principal": "ria", "role": "read", "subjects": ["sec-a-*"]},
    ]
}


@dataclass
class Issuer:
    """Signs tokens with the key whose public half the registry was given (kid `k1`)."""

    key: rsa.RSAPrivateKey

    def token(self, subject: str, *, audience: str = AUDIENCE, expires_in: float = 600, **claims: object) -> str:
        payload = {"sub": subject, "aud": audience, "iss": ISSUER, "exp": int(time.time() + expires_in), **claims}
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": "k1"})


@dataclass
class Secured:
    url: str
    issuer: Issuer
    server: LiveServer
    #: The environment that turned security on (the files' paths).
    server_env: dict[str, str]

    def basic(self, name: str, password: str | None = None) -> httpx.BasicAuth:
        return httpx.BasicAuth(name, password if password is not None else PASSWORDS[name])

    def client(self, name: str | None = None) -> httpx.Client:
        auth = self.basic(name) if name else None
        return httpx.Client(base_url=self.url, auth=auth, timeout=30.0)


def write_security_files(folder: Path, key: rsa.RSAPrivateKey) -> dict[str, str]:
    """The credentials, keys and access files in `folder`; the environment that turns them on."""
    users, keys, access = folder / "users", folder / "jwks.json", folder / "access.yaml"
    for name, password in PASSWORDS.items():
        add_user(users, name, password)
    jwk = {**RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "k1", "use": "sig"}
    keys.write_text(json.dumps({"keys": [jwk]}))
    access.write_text(json.dumps(ACCESS))
    return {
        "SCHEMATA_AUTH_USERS_FILE": str(users),
        "SCHEMATA_AUTH_JWT_KEYS_FILE": str(keys),
        "SCHEMATA_AUTH_JWT_AUDIENCE": AUDIENCE,
        "SCHEMATA_AUTH_JWT_ISSUER": ISSUER,
        "SCHEMATA_AUTH_ACCESS_FILE": str(access),
    }


@pytest.fixture(scope="session")
def signing_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def secured(tmp_path_factory: pytest.TempPathFactory, signing_key: rsa.RSAPrivateKey) -> Iterator[Secured]:
    tmp = tmp_path_factory.mktemp("secured-registry")
    env = write_security_files(tmp, signing_key)
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log", extra_env=env)
    yield Secured(server.url, Issuer(signing_key), server, env)
    server.stop()


@pytest.fixture
def subject(request: pytest.FixtureRequest) -> str:
    """A subject unique to this test, inside the `sec-*` grants."""
    return f"sec-{request.node.name.split('[')[0][:30]}-{uuid.uuid4().hex[:8]}"
