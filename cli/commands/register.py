"""`schemata register`: publish the manifest's produced schemas (after merge). Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from schemata.cli import settings
from schemata.cli.checking import check_contract
from schemata.cli.contracts import LoadedContract, load_contract, read_required
from schemata.cli.errors import ExitCode
from schemata.cli.manifest import Role, load_manifest
from schemata.cli.render.text import contract_lines
from schemata.cli.sources import WorkingTree

if TYPE_CHECKING:
    from schemata.cli.online import Registry
    from schemata.registry.client import IncompatibleSchemaError


@click.command(short_help="Register the produced schemas (idempotent).")
@settings.CONFIG.option()
@settings.REGISTRY.option()
@click.option("--normalize", is_flag=True, help="Let the registry normalise the schemas before comparing them.")
@click.pass_context
def register(ctx: click.Context, config: str, registry: str | None, normalize: bool) -> None:
    """Register the manifest's produced schemas, each under its subject.

    A schema already registered under its subject is left as it is, so running this after every merge is
    safe. Contracts are registered in manifest order: list a referenced schema before the ones using it.

    Exit codes: 0 all registered or unchanged; 1 the registry refused a schema as incompatible (the others
    are still registered); 2 an unreadable manifest or schema; 3 the registry could not be reached.
    """
    from schemata.cli.online import Registry, registry_url

    manifest_path = Path(config)
    manifest = load_manifest(manifest_path)
    online = Registry(registry_url(registry, manifest))
    source = WorkingTree(manifest_path.parent)
    produced = [contract for contract in manifest.contracts if contract.role is Role.PRODUCES]
    for contract in produced:  # every file must exist before anything is registered
        read_required(source, contract.schema, f"{manifest.origin} {contract.key}.schema")
    # One at a time, so a contract can reference a subject registered just before it.
    outcomes = [
        _register(online, source, load_contract(contract, source, manifest.origin, online), normalize)
        for contract in produced
    ]
    ctx.exit(max(outcomes, default=ExitCode.OK))


def _register(online: Registry, source: WorkingTree, loaded: LoadedContract, normalize: bool) -> ExitCode:
    """Register one contract's schema, or say it is there already; BROKEN if the registry refuses it."""
    from schemata.cli.online import registry_errors
    from schemata.registry.client import IncompatibleSchemaError, SchemaNotFoundError, SubjectNotFoundError

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
            _explain_refusal(source, loaded, error)
            return ExitCode.BROKEN
    click.echo(f"registered  {loaded.subject} version {done.version} (id {done.schema_id})")
    return ExitCode.OK


def _explain_refusal(source: WorkingTree, loaded: LoadedContract, error: IncompatibleSchemaError) -> None:
    """Say why the registry refused a schema: the findings of its decision, else its words."""
    click.echo(click.style(f"refused     {loaded.subject}: incompatible", fg="red", bold=True), err=True)
    result = check_contract(loaded, error.decision, source.describe(loaded.contract.schema))
    lines = contract_lines(result)[1:] if result.problems else [f"  {message}" for message in error.messages]
    click.echo("\n".join(lines), err=True)
