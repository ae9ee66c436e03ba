"""`schemata export` and `schemata import`: a registry's whole state to a file and back, or registry to registry."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from schemata.cli.commands.browse import connected
from schemata.cli.errors import CliError, ExitCode

if TYPE_CHECKING:
    from schemata.cli.backup import Backup
    from schemata.registry.client import SchemaRegistryClient

T = TypeVar("T")
#: The largest export file `schemata import` reads, in bytes.
MAX_EXPORT_BYTES = 512 * 1024 * 1024


class TargetRefused(click.ClickException):
    """The target registry refused the import (it holds conflicting data, most often): exit 1."""

    exit_code = ExitCode.BROKEN


@click.command("export", short_help="Write the whole registry to a file.")
@click.argument("file", type=click.Path(dir_okay=False))
@connected
def export_command(client: SchemaRegistryClient, file: str) -> None:
    """Write the registry's whole state to FILE: every subject, version, id, config and mode, deleted ones too.

    \b
    Every config field, each context's config and mode, and a schemata registry's lint policies and contract
    enforcement are kept. FILE is a JSON document (format `schemata-export`, version 2) that `schemata import`
    reads back (as it reads version 1); two exports of the same registry are byte-identical.
    Exit codes: 0 written; 2 FILE cannot be written; 3 the registry could not be reached.
    """
    from schemata.cli.backup import dumps, export_registry

    with client:
        backup = export_registry(client, progress=_bar)
    try:
        Path(file).write_text(dumps(backup), encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {file}: {error.strerror or error}") from None
    click.echo(f"exported {_summary(backup)} from {client.url} to {file}")


@click.command("import", short_help="Restore an export, or copy another registry.")
@click.argument("file", type=click.Path(dir_okay=False), required=False)
@click.option("--from-registry", metavar="URL", help="Copy this running registry instead of reading FILE.")
@connected
def import_command(client: SchemaRegistryClient, file: str | None, from_registry: str | None) -> None:
    """Import FILE (from `schemata export`), or copy the registry at --from-registry URL, with the same ids.

    \b
    The target registry is switched to IMPORT mode for the copy and ends in the source's global mode.
    Restoring into an empty registry reproduces the source exactly: subjects, versions, ids, soft deletes,
    references, configs (every field, per subject, per context and global), modes, lint policies,
    contract enforcement and the services' contracts.
    Exit codes: 0 imported; 1 the target refused a schema (it holds conflicting data); 2 bad usage, or FILE
    is unreadable or not an export; 3 a registry could not be reached.
    """
    from schemata.cli.backup import FormatError, ImportRefused, restore

    if (file is None) == (from_registry is None):
        raise click.UsageError("give FILE or --from-registry URL, one of them", click.get_current_context())
    source = file or str(from_registry)
    backup = _read(source) if file is not None else _fetch(source)
    try:
        with client:
            restore(backup, client, progress=_bar)
    except FormatError as error:
        raise CliError(f"{source}: {error}") from None
    except ImportRefused as error:
        raise TargetRefused(str(error)) from None
    click.echo(f"imported {_summary(backup)} from {source} into {client.url}")


def _read(file: str) -> Backup:
    """The backup in `file`; exit 2 naming the file if it cannot be read or is not an export."""
    from schemata.cli.backup import FormatError, loads

    try:
        size = Path(file).stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise CliError(f"{file} is {size} bytes; an export read by `schemata import` is at most {MAX_EXPORT_BYTES}")
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise CliError(f"cannot read {file}: {reason}") from None
    try:
        return loads(text)
    except FormatError as error:
        raise CliError(f"{file} is not a schemata export: {error}") from None


def _fetch(url: str) -> Backup:
    """The whole state of the registry at `url` (its errors map to exit codes like the target's)."""
    from schemata.cli.backup import export_registry
    from schemata.cli.online import Registry

    with Registry(url).client as source:
        return export_registry(source, progress=_bar)


def _bar(items: Sequence[T], label: str) -> AbstractContextManager[Iterable[T]]:
    return click.progressbar(items, label=label, file=sys.stderr)


def _summary(backup: Backup) -> str:
    return f"{backup.version_count} versions of {backup.subject_count} subjects"
