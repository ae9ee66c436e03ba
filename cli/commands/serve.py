"""`schemata serve`: run the registry (needs the `server` extra)."""

from __future__ import annotations

import click

from schemata.cli import settings
from schemata.cli.errors import CliError


@click.command(short_help="Run the schema registry.")
@settings.HOST.option()
@settings.PORT.option()
@settings.DATABASE_URL.option()
@settings.WORKERS.option()
@settings.LOG_FORMAT.option()
def serve(host: str, port: int, database_url: str, workers: int, log_format: str) -> None:
    """Run the schema registry: a drop-in Confluent Schema Registry (REST API v1)."""
    try:
        from schemata.registry.server import serve as run
    except ImportError as exc:
        raise CliError(f"the registry server is not installed ({exc}); `pip install 'schemata[server]'`") from None
    run(host=host, port=port, database_url=database_url, workers=workers, log_format=log_format)
