"""`schemata users add`: write a user of HTTP Basic to the registry's credentials file."""

from __future__ import annotations

import sys

import click

from schemata.cli import settings
from schemata.cli.errors import CliError


@click.group(short_help="Manage the registry's HTTP Basic users.")
def users() -> None:
    """Manage the users of the credentials file that `schemata serve --auth-users-file` reads."""


@users.command("add")
@click.argument("name")
@settings.AUTH_USERS_FILE.option()
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
def add(name: str, auth_users_file: str | None, password_stdin: bool) -> None:
    """Add user NAME (or change its password); the password is stored as an Argon2id hash, never in clear.

    The file is created with mode 0600 if needed. A running registry reads it at start-up: restart it.
    What NAME may do is granted in the access file (--auth-access-file of `schemata serve`).
    """
    try:
        from schemata.registry.security.passwords import add_user
    except ImportError as exc:
        raise CliError(f"the registry server is not installed ({exc}); `pip install 'schemata[server]'`") from None
    if not auth_users_file:
        raise click.UsageError("give the credentials file: --auth-users-file FILE or SCHEMATA_AUTH_USERS_FILE")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True)
    try:
        new = add_user(auth_users_file, name, password)
    except ValueError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot write {auth_users_file}: {error.strerror or error}") from None
    click.echo(f"{'added' if new else 'changed the password of'} {name} in {auth_users_file}")
