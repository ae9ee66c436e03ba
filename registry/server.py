"""Running the registry with uvicorn (what `schemata serve` calls)."""

from __future__ import annotations

import os

import uvicorn

from schemata.registry.logs import logging_config
from schemata.registry.settings import Settings
from schemata.registry.slow_clients import HeaderTimeoutProtocol


def serve(
    *,
    host: str | None = None,
    port: int | None = None,
    database_url: str | None = None,
    workers: int | None = None,
    log_format: str | None = None,
) -> None:
    """Serve the registry until interrupted. Arguments left None come from `SCHEMATA_*` or the defaults.

    With several workers each process opens its own pool on the shared database; they coordinate through
    the database alone (the write lock and the change counter), exactly as separate nodes do.
    """
    settings = Settings.from_env(
        host=host, port=port, database_url=database_url, workers=workers, log_format=log_format
    )
    # Workers are separate processes that build the app from the environment: hand the settings on.
    os.environ["SCHEMATA_DATABASE_URL"] = settings.database_url
    os.environ["SCHEMATA_LOG_FORMAT"] = settings.log_format
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
    )
