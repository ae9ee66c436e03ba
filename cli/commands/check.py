"""`schemata check`: do the manifest's contracts hold against the registry, or against a git ref?"""

from __future__ import annotations

from pathlib import Path

import click

from schemata.cli import settings
from schemata.cli.checking import ContractResult, History, Report, check_contract
from schemata.cli.contracts import LoadedContract, ReferenceResolver, load_contracts
from schemata.cli.linting import lint_contract
from schemata.cli.manifest import Manifest, Role, load_manifest, service_name
from schemata.cli.offline import GitBaselines
from schemata.cli.render import write_report
from schemata.cli.service_contracts import with_consumers
from schemata.cli.sources import WorkingTree
from schemata.compat import ParsedSchema


@click.command()
@settings.CONFIG.option()
@settings.REGISTRY.option()
@click.option(
    "--against", metavar="GIT_REF",
    help="Check offline: the manifest's schemas at this git ref (a branch, tag or commit) are the previous "
    "versions. No registry is needed.",
)
@settings.FORMAT.option()
@settings.OUTPUT.option()
@click.option("--no-lint", is_flag=True, help="Do not lint the produced schemas (see `schemata lint`).")
@click.pass_context
def check(
    ctx: click.Context, config: str, registry: str | None, against: str | None, format: str, output: str | None,
    no_lint: bool,
) -> None:
    """Check that every contract in the manifest holds.

    Online (the default; the registry comes from --registry, SCHEMATA_REGISTRY_URL or `registry:` in the
    manifest), each produced schema gets the registry's own decision, exactly as registering it would: the
    subject's level and compatibilityPolicy, its reserved names, and for the transitive levels every live
    version, not only the latest. A subject that does not exist yet passes. Each consumed (reader) schema
    must read every live version of its subject, under the subject's policy. A produced schema is also held
    against the reader schemas that other services registered as consumers of its subject.

    Offline (--against REF), the manifest and its schemas at REF are the previous versions, compared at the
    manifest's `compatibility` level. Works in a shallow CI checkout once REF is fetched.

    Each produced schema is also linted with the manifest's `lint:` rules (see `schemata lint`); a finding of
    severity error breaks the check (exit 1), unless --no-lint.

    Exit codes: 0 every contract holds; 1 a contract is broken; 2 bad usage, or an unreadable manifest,
    schema or git ref; 3 the registry could not be reached.
    """
    if against and registry and ctx.get_parameter_source("registry") is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("give --registry or --against, not both")
    manifest_path = Path(config)
    manifest = load_manifest(manifest_path)
    history, resolver, target = _baselines(manifest_path, manifest, registry, against)
    source = WorkingTree(manifest_path.parent)
    service = service_name(manifest, manifest_path)
    results, linted = [], []
    for loaded in load_contracts(manifest, source, resolver):
        file = source.describe(loaded.contract.schema)
        result = check_contract(loaded, history.decision(loaded), file)
        results.append(_with_consumers(result, loaded, history, service))
        if not no_lint and loaded.contract.role is Role.PRODUCES:
            linted.append(lint_contract(loaded, manifest.lint, file, _previous_schema(history, loaded)))
    # Only schemas with findings are listed: a clean lint adds nothing to the contracts' report.
    report = Report(target, tuple(results), tuple(result for result in linted if result.problems))
    write_report(report, format, output)
    ctx.exit(report.exit_code)


def _with_consumers(result: ContractResult, loaded: LoadedContract, history: History, service: str) -> ContractResult:
    """Online, a produced schema is also held against the registered readers of the other services."""
    from schemata.cli.online import Registry

    return with_consumers(result, loaded, history, service) if isinstance(history, Registry) else result
def _previous_schema(history: History, loaded: LoadedContract) -> ParsedSchema | None:
    """The version before `loaded`, for the lint rules about removals: offline, the schema at the git ref.
    (Online the registry's own lint policy sees the latest version when the schema is registered.)"""
    if isinstance(history, GitBaselines):
        previous = history.previous.get((loaded.contract.role, loaded.subject))
        return previous.schema if previous is not None else None
    return None


def _baselines(
    manifest_path: Path, manifest: Manifest, registry: str | None, against: str | None
) -> tuple[History, ReferenceResolver | None, str]:
    """Where decisions come from, what resolves references, and how the report names the target."""
    if against:
        return GitBaselines(manifest_path, manifest, against), None, f"git ref {against}"
    from schemata.cli.online import Registry, registry_url  # the client only when online: offline checks start faster

    online = Registry(registry_url(registry, manifest))
    return online, online, f"registry {online.url}"
