"""`schemata register`: publish the manifest's produced schemas (after merge). Idempotent."""

from __future__ import annotations

from pathlib import Path

import click

from cli import settings
from cli.contracts import LoadedContract, load_contracts
from cli.errors import ExitCode
from cli.manifest import Role, load_manifest
from cli.online import Registry, registry_errors, registry_url
from cli.sources import WorkingTree
from registry.client import IncompatibleSchemaError, SchemaNotFoundError, SubjectNotFoundError


@click.command()
@settings.CONFIG.option()
@settings.REGISTRY.option()
@click.option("--normalize", is_flag=True, help="Let the registry normalise the schemas before comparing them.")
@click.pass_context
def register(ctx: click.Context, config: str, registry: str | None, normalize: bool) -> None:
    """Register every produced schema of the manifest under its subject.

    \b
    A schema already registered under its subject is left as it is, so running this after every merge is
    safe. Contracts are registered in manifest order: list a referenced schema before the ones using it.
    Exit codes: 0 all registered or unchanged; 1 the registry refused a schema as incompatible (the others
    are still registered); 2 an unreadable manifest or schema; 3 the registry could not be reached.
    """
    manifest_path = Path(config)
    manifest = load_manifest(manifest_path)
    online = Registry(registry_url(registry, manifest))
    loaded = load_contracts(manifest, WorkingTree(manifest_path.parent), online)
    outcomes = [_register(online, c, normalize) for c in loaded if c.contract.role is Role.PRODUCES]
    ctx.exit(max(outcomes, default=ExitCode.OK))


def _register(online: Registry, loaded: LoadedContract, normalize: bool) -> ExitCode:
    """Register one contract's schema, or say it is there already; BROKEN if the registry refuses it."""
    schema = online.to_schema(loaded)
    with registry_errors():
        try:
            found = online.client.lookup_schema(loaded.subject, schema, normalize_schemas=normalize)
        except (SubjectNotFoundError, SchemaNotFoundError):
            pass
        else:
            click.echo(f"unchanged   {loaded.subject} version {found.version} (id {found.schema_id})")
            return ExitCode.OK
        try:
            done = online.client.register_schema_full_response(loaded.subject, schema, normalize_schemas=normalize)
        except IncompatibleSchemaError as error:
            click.echo(click.style(f"refused     {loaded.subject}: {error}", fg="red"), err=True)
            return ExitCode.BROKEN
    click.echo(f"registered  {loaded.subject} version {done.version} (id {done.schema_id})")
    return ExitCode.OK
