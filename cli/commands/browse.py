"""The everyday registry commands: `subjects`, `versions`, `get`, `config`, `delete`."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from schemata.cli import settings
from schemata.compat import Level
from schemata.compat.versions import LATEST, VersionRef, parse_version

if TYPE_CHECKING:
    from schemata.registry.client import SchemaRegistryClient


def connected(func: Callable[..., None]) -> Callable[..., None]:
    """Give a command --registry and --config, and call it with a client whose errors map to exit codes."""

    @settings.REGISTRY.option()
    @settings.CONFIG.option()
    @functools.wraps(func)
    def command(registry: str | None, config: str, **kwargs: Any) -> None:
        from schemata.cli.online import Registry, manifest_registry_url, registry_errors

        online = Registry(manifest_registry_url(registry, config))
        with registry_errors():
            func(online.client, **kwargs)

    return command


def _version(_ctx: click.Context, _param: click.Parameter, value: str | None) -> VersionRef | None:
    """A version given on the command line: a number from 1, or `latest` (also `-1`); None when not given."""
    if value is None:
        return None
    version = parse_version(value)
    if version is None:
        raise click.BadParameter(f"{value!r} is not a version: use a number from 1, or `latest`")
    return version


@click.command()
@click.option("--prefix", help="Only subjects that start with PREFIX.")
@click.option("--deleted", is_flag=True, help="Include soft-deleted subjects.")
@connected
def subjects(client: SchemaRegistryClient, prefix: str | None, deleted: bool) -> None:
    """List the registry's subjects."""
    for subject in client.get_subjects(prefix, deleted=deleted):
        click.echo(subject)


@click.command()
@click.argument("subject")
@click.option("--deleted", is_flag=True, help="Include soft-deleted versions.")
@connected
def versions(client: SchemaRegistryClient, subject: str, deleted: bool) -> None:
    """List the version numbers of SUBJECT."""
    for number in client.get_versions(subject, deleted=deleted):
        click.echo(number)


@click.command()
@click.argument("subject")
@click.argument("version", default=LATEST, callback=_version)
@click.option("--json", "as_json", is_flag=True, help="Print the whole record (id, version, type, references) as JSON.")
@connected
def get(client: SchemaRegistryClient, subject: str, version: VersionRef, as_json: bool) -> None:
    """Print a schema of SUBJECT: VERSION, or the latest.

    The schema text alone by default, so `schemata get orders-value > order.avsc` gives a file to edit.
    """
    registered = client.get_version(subject, version)
    schema = registered.schema
    if as_json:
        record = {
            "subject": registered.subject, "version": registered.version, "id": registered.schema_id,
            "schemaType": schema.schema_type, "schema": schema.schema_str,
            "references": [ref.to_dict() for ref in schema.references],
        }
        click.echo(json.dumps(record, indent=2))
    elif schema.schema_type == "PROTOBUF":
        click.echo(schema.schema_str)
    else:
        click.echo(json.dumps(json.loads(schema.schema_str), indent=2))


@click.command("config", short_help="Show or set a compatibility level.")
@click.argument("subject", required=False)
@click.option(
    "--set", "level", type=click.Choice([level.value for level in Level], case_sensitive=False),
    help="Set the compatibility level of SUBJECT (or the global level).",
)
@click.option("--delete", is_flag=True, help="Remove SUBJECT's own level, so the global one applies.")
@connected
def config_command(client: SchemaRegistryClient, subject: str | None, level: str | None, delete: bool) -> None:
    """Show or set the compatibility level of SUBJECT, or the global one."""
    if level is not None:
        client.set_compatibility(subject, level)
    elif delete:
        client.delete_config(subject)
    click.echo(client.get_compatibility(subject))


@click.command(short_help="Delete a subject, or one version of it.")
@click.argument("subject")
@click.option("--version", callback=_version, metavar="N", help="Delete only this version (a number, or `latest`).")
@click.option("--permanent", is_flag=True, help="Remove for good; only after a soft delete.")
@connected
def delete(
    client: SchemaRegistryClient, subject: str, version: VersionRef | None, permanent: bool
) -> None:
    """Delete SUBJECT, or one version of it; prints the versions deleted.

    A soft delete first; --permanent then removes them for good.
    """
    deleted = [client.delete_version(subject, version, permanent)] if version else client.delete_subject(
        subject, permanent
    )
    for number in deleted:
        click.echo(number)
