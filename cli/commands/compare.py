"""`schemata compat OLD NEW`: compare two schema files ad hoc and explain every problem."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from schemata.cli import settings
from schemata.cli.checking import Report, check_contract, decide_contract, proposed
from schemata.cli.contracts import LoadedContract, parse_file, read_required
from schemata.cli.manifest import TYPE_BY_EXTENSION, Contract, Role, SubjectStrategy
from schemata.cli.render import write_report
from schemata.cli.sources import WorkingTree
from schemata.compat import Level, OldVersion, Previous, schema_types


@click.command("compat", short_help="Compare two schema files and explain.")
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option(
    "--level", type=click.Choice([level.value for level in Level], case_sensitive=False), default="BACKWARD",
    show_default=True, help="Compatibility level to check NEW against OLD at.",
)
@click.option(
    "--type", "schema_type", type=click.Choice(schema_types(), case_sensitive=False),
    help="Schema type of both files. [default: from NEW's extension: .avsc, .proto, .json]",
)
@settings.FORMAT.option()
@settings.OUTPUT.option()
@click.pass_context
def compare(
    ctx: click.Context, old: str, new: str, level: str, schema_type: str | None, format: str, output: str | None
) -> None:
    """Compare two schema files: may NEW follow OLD? Explains every problem.

    BACKWARD: NEW reads data written with OLD. FORWARD: OLD reads data written with NEW. FULL: both.

    Exit codes: 0 compatible, 1 incompatible, 2 a file is missing or not a valid schema.
    """
    chosen = (schema_type or _type_from_extension(new)).upper()
    source = WorkingTree(Path.cwd(), confined=False)  # paths given on the command line, by the user
    old_text, new_text = (read_required(source, path, "the command line") for path in (old, new))
    old_schema = parse_file(chosen, old_text, (), source.describe(old))
    new_schema = parse_file(chosen, new_text, (), source.describe(new))
    contract = Contract(Role.PRODUCES, 0, None, new, chosen, new, SubjectStrategy.TOPIC, ())
    loaded = LoadedContract(contract, new_text, new_schema, source.describe(new))
    previous = LoadedContract(contract, old_text, old_schema, source.describe(old))
    version = Previous(OldVersion(source.describe(old)), proposed(previous).fingerprint, old_schema)
    decision = decide_contract(loaded, [version], Level.parse(level), None)
    result = check_contract(loaded, decision, source.describe(new), name="compat")
    report = Report(f"{source.describe(old)} at {level.upper()}", (result,))
    write_report(report, format, output)
    ctx.exit(report.exit_code)


def _type_from_extension(path: str) -> str:
    schema_type = TYPE_BY_EXTENSION.get(PurePosixPath(path).suffix.lower())
    if schema_type is None:
        raise click.UsageError(f"cannot tell the schema type of {path} from its extension; give --type")
    return schema_type
