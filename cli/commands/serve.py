"""`schemata serve`: run the registry (needs the `server` extra)."""

from __future__ import annotations

from typing import Any

import click

from schemata.cli import settings
from schemata.cli.errors import CliError

_OPTIONS = (
    settings.HOST, settings.PORT, settings.DATABASE_URL, settings.WORKERS, settings.LOG_FORMAT,
    settings.AUTH_USERS_FILE, settings.AUTH_JWT_KEYS_FILE, settings.AUTH_JWT_AUDIENCE, settings.AUTH_JWT_ISSUER,
    settings.AUTH_ACCESS_FILE, settings.TLS_CERT, settings.TLS_KEY, settings.TLS_CLIENT_CA,
)


def _with_options(func: Any) -> Any:
    for setting in reversed(_OPTIONS):
        func = setting.option()(func)
    return func


@click.command(short_help="Run the schema registry.")
@_with_options
def serve(**options: Any) -> None:
    """Run the schema registry: a drop-in Confluent Schema Registry (REST API v1).

    \b
    Authentication is off unless --auth-users-file or --auth-jwt-keys-file is given; then every request
    needs credentials and a grant in --auth-access-file (see the README's Security section).
    """
    try:
        from schemata.registry.security import SecurityConfigError
        from schemata.registry.server import serve as run
    except ImportError as exc:
        raise CliError(f"the registry server is not installed ({exc}); `pip install 'schemata[server]'`") from None
    try:
        run(**options)
    except (SecurityConfigError, ValueError) as error:
        raise CliError(str(error)) from None
