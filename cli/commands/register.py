"""`schemata register`: publish the manifest's produced schemas and its service's contracts (after merge).
Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from schemata.cli import settings
from schemata.cli.checking import check_contract
from schemata.cli.contracts import LoadedContract, load_contract, read_required
from schemata.cli.errors import ExitCode
from schemata.cli.manifest import Role, load_manifest, service_name
from schemata.cli.render.text import contract_lines
from schemata.cli.service_contracts import consumer_findings, contract_body
from schemata.cli.sources import WorkingTree
from schemata.compat import Finding

if TYPE_CHECKING:
    from schemata.cli.online import Registry
    from schemata.registry.client import IncompatibleSchemaError


@click.command(short_help="Register the produced schemas and the contracts (idempotent).")
@settings.CONFIG.option()
@settings.REGISTRY.option()
@click.option("--normalize", is_flag=True, help="Let the registry normalise the schemas before comparing them.")
@click.option(
    "--no-contracts", is_flag=True,
    help="Register the produced schemas only; do not publish the service's producer and consumer contracts.",
)
@click.pass_context
def register(ctx: click.Context, config: str, registry: str | None, normalize: bool, no_contracts: bool) -> None:
    """Register the manifest's produced schemas, each under its subject, then publish the service's contracts.

    A schema already registered under its subject is left as it is, so running this after every merge is
    safe. Contracts are registered in manifest order: list a referenced schema before the ones using it.
    Then the service (`service:` in the manifest, else its folder's name) is recorded as the producer of
    those subjects and as a consumer, with its reader schema, of every `consumes` entry: the registry then
    refuses a producer's change that this reader could not read, and refuses the reader if it cannot read a
    version it may meet.

    Exit codes: 0 all registered or unchanged; 1 the registry refused a schema as incompatible, or refused the
    contracts (the produced schemas are still registered); 2 an unreadable manifest or schema; 3 the registry
    could not be reached.
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
    loaded: list[LoadedContract] = []
    outcomes = []
    for contract in produced:
        loaded.append(load_contract(contract, source, manifest.origin, online))
        outcomes.append(_register(online, source, loaded[-1], normalize))
    if not no_contracts and max(outcomes, default=ExitCode.OK) is ExitCode.OK:
        consumed = [c for c in manifest.contracts if c.role is Role.CONSUMES]
        loaded += [load_contract(contract, source, manifest.origin, online) for contract in consumed]
        outcomes.append(_publish(online, service_name(manifest, manifest_path), loaded))
    ctx.exit(max(outcomes, default=ExitCode.OK))


def _publish(online: Registry, service: str, loaded: list[LoadedContract]) -> ExitCode:
    """Make the loaded contracts the service's whole contract in the registry; BROKEN if a reader is refused."""
    from schemata.cli.online import registry_errors
    from schemata.registry.client import IncompatibleSchemaError

    body = contract_body(loaded)
    with registry_errors():
        try:
            online.contracts.put_service(service, body["produces"], body["consumes"])
        except IncompatibleSchemaError as error:
            click.echo(click.style(f"refused     contracts of {service}", fg="red", bold=True), err=True)
            for finding in (error.details or {}).get("findings", []):
                click.echo(f"  {finding['subject']} version {finding.get('oldVersion')}: {finding['rule']} at "
                           f"{finding['path'] or '/'}: {finding['message']}", err=True)
                if finding.get("hint"):
                    click.echo(f"    hint: {finding['hint']}", err=True)
            return ExitCode.BROKEN
    counts = f"{len(body['produces'])} produced, {len(body['consumes'])} consumed"
    click.echo(f"contracts   {service}: {counts}")
    return ExitCode.OK


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
    """Say why the registry refused a schema: the registered consumers that could not read it, else the
    findings of its decision, else its words."""
    click.echo(click.style(f"refused     {loaded.subject}: incompatible", fg="red", bold=True), err=True)
    consumers = list(consumer_findings(error.details))
    if consumers:
        lines = [line for consumer, finding in consumers for line in _consumer_lines(consumer, finding)]
    else:
        result = check_contract(loaded, error.decision, source.describe(loaded.contract.schema))
        lines = contract_lines(result)[1:] if result.problems else [f"  {message}" for message in error.messages]
    click.echo("\n".join(lines), err=True)


def _consumer_lines(consumer: str, finding: Finding) -> list[str]:
    lines = [f"  consumer {consumer}: {finding.rule} at {finding.path or '/'}", f"    {finding.message}"]
    return [*lines, f"    hint: {finding.hint}"] if finding.hint else lines
