"""Running the registry with uvicorn (what `schemata serve` calls)."""

from __future__ import annotations

import os
import ssl
from dataclasses import fields
from typing import Any

import uvicorn

from schemata.registry.logs import logging_config
from schemata.registry.security import Security
from schemata.registry.settings import Settings
from schemata.registry.slow_clients import HeaderTimeoutProtocol


def serve(**overrides: Any) -> None:
    """Serve the registry until interrupted. Settings given as None come from `SCHEMATA_*` or the defaults.

    With several workers each process opens its own pool on the shared database; they coordinate through
    the database alone (the write lock and the change counter), exactly as separate nodes do.
    """
    settings = Settings.from_env(**overrides)
    Security.from_settings(settings)  # a wrong credentials, keys or access file stops here, before the port opens
    # Workers are separate processes that build the app from the environment: hand the settings on.
    for field in fields(settings):
        os.environ[f"SCHEMATA_{field.name.upper()}"] = str(getattr(settings, field.name))
    uvicorn.run(
        "schemata.registry.api.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_config=logging_config(settings.log_format),
        access_log=False,
        server_header=False,
        http=HeaderTimeoutProtocol,
        timeout_keep_alive=max(1, round(settings.idle_timeout_seconds)),
        **tls_options(settings),
    )


def tls_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's TLS arguments for the settings: none without a certificate; with a client CA, client
    certificates are required (mutual TLS)."""
    if not settings.tls_cert and not (settings.tls_key or settings.tls_client_ca):
        return {}
    if not (settings.tls_cert and settings.tls_key):
        raise ValueError("TLS needs both a certificate (--tls-cert) and its key (--tls-key)")
    options: dict[str, Any] = {"ssl_certfile": settings.tls_cert, "ssl_keyfile": settings.tls_key}
    if settings.tls_client_ca:
        options.update(ssl_ca_certs=settings.tls_client_ca, ssl_cert_reqs=ssl.CERT_REQUIRED)
    return options
