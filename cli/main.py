"""The `schemata` entry point: one click group, the commands added from `schemata.cli.commands`."""

from __future__ import annotations

import click

from schemata.cli.commands.audit import audit
from schemata.cli.commands.backup import export_command, import_command
from schemata.cli.commands.browse import config_command, delete, get, subjects, versions
from schemata.cli.commands.check import check
from schemata.cli.commands.compare import compare
from schemata.cli.commands.contracts import catalog, contracts, impact
from schemata.cli.commands.lint import lint
from schemata.cli.commands.register import register
from schemata.cli.commands.serve import serve
from schemata.cli.commands.users import users
from schemata.cli.errors import CliError
from schemata.compat.errors import CheckLimitError

EXIT_CODES = """\b
Exit codes (every command):
  0  success: every contract holds, the schemas are compatible
  1  a contract is broken, a schema is incompatible, a lint error
  2  bad usage, or an unreadable manifest, schema or git ref
  3  the registry could not be reached
"""


class _Commands(click.Group):
    """Lists commands in the order they were added (the order of a workflow), not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


@click.group(
    cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES,
)
@click.version_option(package_name="schemata", message="%(prog)s %(version)s")
def cli() -> None:
    """Schemata: a schema registry, and your services' event contracts checked before they ship.

    A service declares the topics it produces and consumes, with their schemas, in a manifest
    (schemata.yaml). `schemata check` tells in CI whether a change breaks a contract, against the live
    registry or against a git ref; `schemata register` publishes the produced schemas after merge.
    """


for command in (
    check, lint, register, compare, impact, contracts, catalog, subjects, versions, get, config_command, delete,
    export_command, import_command, audit, serve, users,
):
    cli.add_command(command)


def main() -> None:
    """Run the command line (the `schemata` console script). A check stopped at a limit exits 2."""
    try:
        cli(prog_name="schemata")
    except CheckLimitError as error:
        CliError(str(error)).show()
        raise SystemExit(CliError.exit_code) from None


if __name__ == "__main__":
    main()
