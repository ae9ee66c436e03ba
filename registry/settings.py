"""Server settings, each declared once with its default; read from `SCHEMATA_*` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

DEFAULT_DATABASE_URL = "sqlite:///./schemata.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """How the registry runs. Every field can be set as `SCHEMATA_<FIELD>` in the environment."""

    host: str = "127.0.0.1"
    port: int = 8081
    database_url: str = DEFAULT_DATABASE_URL
    workers: int = 1
    log_format: str = "text"
    #: The largest schema text accepted at registration, in bytes (42209 above it).
    max_schema_bytes: int = 8 * 1024 * 1024
    #: The largest request body accepted, in bytes (413 above it, judged from Content-Length before reading).
    max_request_bytes: int = 20 * 1024 * 1024
    #: How long `schemata serve` waits for a connection's request headers before closing it.
    header_timeout_seconds: float = 10.0
    #: How long `schemata serve` keeps an idle kept-alive connection open.
    idle_timeout_seconds: float = 5.0
    #: How long a request may wait for the database in all (the write lock, connections, statements) before
    #: failing with 50002; on PostgreSQL also each statement's server-side timeout.
    db_timeout_seconds: float = 10.0
    #: The bytes a node's read caches may hold, split in five equal shares: rendered schemas by id, rendered
    #: subject versions, parsed stored schemas, parsed consumer readers, and the access check's subjects of
    #: each schema (a parsed entry is counted by the length of its texts; its parsed form takes more).
    cache_max_bytes: int = 64 * 1024 * 1024
    #: Default compatibility level when none is configured.
    default_compatibility: str = "BACKWARD"
    #: HTTP Basic: the credentials file that `schemata users add` writes (empty: no Basic authentication).
    auth_users_file: str = ""
    #: Bearer JWTs: the verification keys, a JWKS file or a PEM public key (empty: no bearer tokens).
    auth_jwt_keys_file: str = ""
    #: The `aud` a bearer token must carry (required with `auth_jwt_keys_file`).
    auth_jwt_audience: str = ""
    #: The `iss` a bearer token must carry (empty: any issuer whose key is configured).
    auth_jwt_issuer: str = ""
    #: The token claim that names the caller in grants and the audit log.
    auth_jwt_principal_claim: str = "sub"
    #: Who may do what once authentication is on (YAML or JSON grants); without a grant, everything is denied.
    auth_access_file: str = ""
    #: Whether /health, /health/ready and /metrics answer without credentials when authentication is on.
    auth_open_health: bool = True
    #: Record every write (who, when, what, outcome) in the database's audit log.
    audit_log: bool = True
    #: TLS for `schemata serve`: the server's certificate chain and key (PEM), and the CA that client
    #: certificates must chain to (mutual TLS: a client without one is refused during the handshake).
    tls_cert: str = ""
    tls_key: str = ""
    tls_client_ca: str = ""

    @property
    def auth_enabled(self) -> bool:
        """Whether requests must authenticate (Basic, bearer tokens, or both are configured)."""
        return bool(self.auth_users_file or self.auth_jwt_keys_file)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from the environment, then `overrides` (those that are not None) on top."""
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = os.environ.get(f"SCHEMATA_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _convert(raw, f.default)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _convert(raw: str, default: object) -> object:
    if isinstance(default, bool):
        return raw.lower() in ("1", "true", "yes")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw
