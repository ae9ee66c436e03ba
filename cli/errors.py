"""Exit codes and the errors that map to them; every command ends through one of these.

    CliError (exit 2: bad usage, an unreadable manifest or schema, a git ref that is not there)
    └── RegistryUnreachable (exit 3)
"""

from __future__ import annotations

from enum import IntEnum

import click


class ExitCode(IntEnum):
    """The documented exit codes of every `schemata` command."""

    OK = 0
    BROKEN = 1
    USAGE = 2
    UNREACHABLE = 3


class CliError(click.ClickException):
    """A problem with what the user gave us: printed as `Error: <message>`, exit 2."""

    exit_code = ExitCode.USAGE


class RegistryUnreachable(CliError):
    """The registry did not answer (connection refused, DNS, timeout): exit 3."""

    exit_code = ExitCode.UNREACHABLE
