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
    #: How long a request waits for the database lock or a connection before failing with 50002.
    db_timeout_seconds: float = 10.0
    #: Default compatibility level when none is configured.
    default_compatibility: str = "BACKWARD"

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
