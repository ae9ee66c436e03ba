"""`schemata lint`: are these good event schemas? Governance rules (envelope, naming, documentation,
evolution hygiene, data hazards) on schema files or on the manifest's produced schemas."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from schemata.cli import settings
from schemata.cli.checking import Report
from schemata.cli.contracts import load_contracts, parse_file
from schemata.cli.errors import CliError
from schemata.cli.linting import LintResult, lint_contract, lint_file
from schemata.cli.manifest import TYPE_BY_EXTENSION, Role, load_manifest
from schemata.cli.render import write_report
from schemata.cli.sources import WorkingTree
from schemata.compat.lint import CATALOGUE, LintConfig


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@settings.CONFIG.option()
@settings.FORMAT.option()
@settings.OUTPUT.option()
@click.option("--list-rules", is_flag=True, help="List every lint rule (id, default severity, formats) and exit.")
@click.pass_context
def lint(
    ctx: click.Context, files: tuple[str, ...], config: str, format: str, output: str | None, list_rules: bool
) -> None:
    """Lint event schemas: FILES (.avsc, .json, .proto), or else every schema the manifest produces.

    The rules and their severities come from the manifest's `lint:` section (enable, disable, severity,
    names, documentation_threshold), or the defaults when there is no manifest. `schemata lint --list-rules`
    lists them.

    Exit codes: 0 no error-severity finding; 1 at least one; 2 bad usage, an unreadable manifest or
    schema, or a bad `lint:` section.
    """
    if list_rules:
        click.echo(_rule_list())
        return
    manifest_path = Path(config)
    explicit = ctx.get_parameter_source("config") is not click.core.ParameterSource.DEFAULT
    if files:
        manifest = load_manifest(manifest_path) if explicit or manifest_path.exists() else None
        lint_config = manifest.lint if manifest else LintConfig()
        results = tuple(_lint_path(Path(name), lint_config) for name in files)
    else:
        manifest = load_manifest(manifest_path)
        source = WorkingTree(manifest_path.parent)
        results = tuple(
            lint_contract(loaded, manifest.lint, source.describe(loaded.contract.schema))
            for loaded in load_contracts(manifest, source, None)
            if loaded.contract.role is Role.PRODUCES
        )
    report = Report("lint rules", (), results)
    write_report(report, format, output)
    ctx.exit(report.exit_code)


def _lint_path(path: Path, config: LintConfig) -> LintResult:
    schema_type = TYPE_BY_EXTENSION.get(PurePosixPath(path.name).suffix.lower())
    if schema_type is None:
        raise CliError(f"{path}: cannot tell the schema type from its extension (use .avsc, .json or .proto)")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot be read: {exc}") from None
    parsed = parse_file(schema_type, text, (), str(path))
    return lint_file(parsed, text, config, file=str(path), name=parsed.record_name() or path.name)


def _rule_list() -> str:
    lines = []
    for rule in CATALOGUE:
        state = "on" if rule.default else "off"
        lines.append(f"{rule.id}  [{rule.severity}, {state} by default; {', '.join(sorted(rule.formats))}]")
        lines.append(f"    {rule.purpose}")
    return "\n".join(lines)
