"""`schemata contracts`, `schemata impact` and `schemata catalog`: who produces and consumes what, which
consumers a change would break, and the whole catalogue (also as AsyncAPI)."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from schemata.cli.commands.browse import connected
from schemata.cli.errors import CliError, ExitCode
from schemata.cli.manifest import TYPE_BY_EXTENSION
from schemata.compat import schema_types

if TYPE_CHECKING:
    from schemata.registry.client import ContractsClient, SchemaRegistryClient


def _contracts(client: SchemaRegistryClient) -> ContractsClient:
    from schemata.registry.client import ContractsClient

    return ContractsClient(client)


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group("contracts", short_help="List, show and delete services' event contracts.")
def contracts() -> None:
    """The services' producer and consumer contracts registered in the registry (`schemata register`
    publishes a manifest's)."""


@contracts.command("list")
@click.option("--subject", help="Only the producers and consumers of SUBJECT.")
@click.option("--json", "as_json", is_flag=True, help="Print the registry's JSON.")
@connected
def list_contracts(client: SchemaRegistryClient, subject: str | None, as_json: bool) -> None:
    """List the services that have contracts, or a subject's producers and consumers."""
    api = _contracts(client)
    if subject is None:
        services = api.services()
        click.echo(json.dumps(services) if as_json else "\n".join(services))
        return
    found = api.of_subject(subject)
    if as_json:
        _echo_json(found)
        return
    for role, key in (("produces", "producers"), ("consumes", "consumers")):
        for entry in found[key]:
            since = f" from version {entry['fromVersion']}" if entry.get("fromVersion") else ""
            click.echo(f"{entry['service']} {role} {subject}{since}")


@contracts.command("show")
@click.argument("service")
@connected
def show(client: SchemaRegistryClient, service: str) -> None:
    """Print a service's contracts (JSON)."""
    _echo_json(_contracts(client).get_service(service))


@contracts.command("delete")
@click.argument("service")
@connected
def delete(client: SchemaRegistryClient, service: str) -> None:
    """Delete every contract of SERVICE (its consumers then no longer protect their subjects)."""
    removed = _contracts(client).delete_service(service)
    click.echo(f"deleted contracts of {service}: {len(removed['produces'])} produced, {len(removed['consumes'])} "
               "consumed")


@click.command("impact", short_help="Which consumers would a schema change break, and why.")
@click.argument("subject")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--type", "schema_type", type=click.Choice(schema_types(), case_sensitive=False),
              help="Schema type of FILE. [default: from its extension]")
@click.option("--json", "as_json", is_flag=True, help="Print the registry's JSON.")
@connected
def impact(client: SchemaRegistryClient, subject: str, file: str, schema_type: str | None, as_json: bool) -> None:
    """Hold the schema in FILE against every consumer registered for SUBJECT: which would break, and why.

    Exit codes: 0 no registered consumer breaks, 1 some would, 2 an unreadable file, 3 no registry.
    """
    from schemata.registry.client import Schema

    chosen = (schema_type or TYPE_BY_EXTENSION.get(PurePosixPath(file).suffix.lower()) or "").upper()
    if not chosen:
        raise click.UsageError(f"cannot tell the schema type of {file} from its extension; give --type")
    try:
        text = Path(file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"{file}: cannot be read: {error}") from None
    answer = _contracts(client).impact(subject, Schema(text, chosen))
    if as_json:
        _echo_json(answer)
    elif not answer["findings"]:
        click.echo(f"no registered consumer of {subject} would break ({answer['enforcement']})")
    else:
        consumers = ", ".join(answer["consumers"])
        click.echo(click.style(f"BREAKS {consumers} ({subject}, enforcement {answer['enforcement']})", fg="red"))
        for finding in answer["findings"]:
            click.echo(f"  {finding['consumer']}: {finding['rule']} at {finding['path'] or '/'}")
            click.echo(f"    {finding['message']}")
            if finding.get("hint"):
                click.echo(f"    hint: {finding['hint']}")
    click.get_current_context().exit(ExitCode.BROKEN if answer["findings"] else ExitCode.OK)


@click.command("catalog", short_help="The catalogue of topics, schemas, producers and consumers.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "asyncapi"]), default="text",
              show_default=True, help="asyncapi: an AsyncAPI 3.0 document (JSON).")
@click.option("--output", type=click.Path(dir_okay=False), help="Write to this file instead of printing.")
@connected
def catalog(client: SchemaRegistryClient, output_format: str, output: str | None) -> None:
    """List the topics, the subjects that carry their events, and who produces and consumes them."""
    api = _contracts(client)
    if output_format == "asyncapi":
        text = json.dumps(api.asyncapi(), indent=2, ensure_ascii=False)
    elif output_format == "json":
        text = json.dumps(api.catalog(), indent=2, ensure_ascii=False)
    else:
        text = "\n".join(_catalog_lines(api.catalog()))
    if output is None:
        click.echo(text)
        return
    try:
        Path(output).write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise CliError(f"{output}: cannot write the catalogue: {error}") from None


def _catalog_lines(catalog: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for topic in catalog["topics"]:
        lines.append(topic["topic"])
        for subject in topic["subjects"]:
            lines.append(f"  {subject['subject']} v{subject['version']} ({subject['schemaType']}, id {subject['id']})")
        if topic["producers"]:
            lines.append(f"  produced by {', '.join(topic['producers'])}")
        if topic["consumers"]:
            lines.append(f"  consumed by {', '.join(sorted({c['service'] for c in topic['consumers']}))}")
    return lines
