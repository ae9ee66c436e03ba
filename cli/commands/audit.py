"""`schemata audit`: read the registry's audit log of writes."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from schemata.cli.commands.browse import connected

if TYPE_CHECKING:
    from schemata.registry.client import SchemaRegistryClient


@click.command(short_help="Show who changed what in the registry.")
@click.option("--subject", help="Only writes to SUBJECT.")
@click.option("--principal", help="Only writes by this user or token principal.")
@click.option("--since", metavar="TIME", help="Only writes at or after TIME (ISO 8601, UTC unless it says).")
@click.option("--until", metavar="TIME", help="Only writes before TIME.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=1000, show_default=True, help="At most N entries.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line instead of a table.")
@connected
def audit(
    client: SchemaRegistryClient,
    subject: str | None,
    principal: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """Every write the registry recorded (register, delete, config, mode, import), oldest first, with who made
    it, when, and its HTTP status. Reading it needs the global admin role when authentication is on."""
    with client:
        entries = client.get_audit_log(subject=subject, principal=principal, since=since, until=until, limit=limit)
    for entry in entries:
        if as_json:
            click.echo(json.dumps(entry, sort_keys=True))
        else:
            who, method = entry["principal"], entry["method"]
            click.echo(f"{entry['time']}  {who:<20} {entry['status']}  {method:<6} {entry['path']}")
