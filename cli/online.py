"""The registry as the command line sees it: `schemata.registry.client` underneath, its errors mapped to exit codes.

Checks fetch the subject's level and live versions and run `compat` locally, so the report carries structured
findings; the registry's own check would only return sentences.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from schemata.cli.checking import Baseline
from schemata.cli.contracts import LoadedContract
from schemata.cli.errors import CliError, RegistryUnreachable
from schemata.cli.manifest import Manifest, Reference, load_manifest
from schemata.compat import Dependency, Level
from schemata.registry.client import (
    ContractsClient,
    RegistryUnreachableError,
    Schema,
    SchemaParseError,
    SchemaReference,
    SchemaRegistryClient,
    SchemaRegistryError,
    SubjectNotFoundError,
    VersionNotFoundError,
)

#: A command line should say "unreachable" in seconds, not after the library's patient defaults.
CLIENT_CONF = {"max.retries": 2, "retries.wait.ms": 200, "timeout": 30}


@contextmanager
def registry_errors() -> Iterator[None]:
    """Map the client's errors to exit codes: unreachable or failing server 3, a refused request 2."""
    try:
        yield
    except RegistryUnreachableError as error:
        raise RegistryUnreachable(str(error)) from None
    except SchemaParseError as error:
        raise CliError(f"the registry holds a schema that does not parse: {error}") from None
    except SchemaRegistryError as error:
        if error.http_status_code >= 500:
            raise RegistryUnreachable(f"the registry failed: {error}") from None
        raise CliError(str(error)) from None


def registry_url(registry: str | None, manifest: Manifest | None) -> str:
    """The registry to use: --registry (or SCHEMATA_REGISTRY_URL), else the manifest's `registry:`."""
    url = registry or (manifest.registry if manifest else None)
    if not url:
        where = f"`registry:` in {manifest.origin}" if manifest else "`registry:` in the manifest"
        raise CliError(f"no registry given: use --registry URL, set SCHEMATA_REGISTRY_URL, or {where}")
    return url


def manifest_registry_url(registry: str | None, config: str) -> str:
    """`registry_url` for commands that do not need the manifest: it is read only when --registry is absent."""
    if registry:
        return registry
    path = Path(config)
    return registry_url(None, load_manifest(path) if path.exists() else None)


class Registry:
    """A connected registry: the client, plus what checks need from it (references, baselines)."""

    def __init__(self, url: str) -> None:
        try:
            self.client = SchemaRegistryClient({"url": url, **CLIENT_CONF})
        except ValueError as error:
            raise CliError(f"registry URL {url!r}: {error}") from None
        self.url = url

    def dependencies(self, references: Sequence[Reference]) -> list[Dependency]:
        """The referenced subjects' schemas, and theirs, depth first."""
        refs = [SchemaReference(ref.name, ref.subject, ref.version) for ref in references]
        with registry_errors():
            try:
                return self.client.resolve_dependencies(Schema("", references=refs))
            except (SubjectNotFoundError, VersionNotFoundError) as error:
                raise CliError(
                    f"a reference cannot be resolved: {error.error_message} Register the referenced schema first "
                    "(list it earlier in the manifest), or give the reference a local `schema:` file."
                ) from None

    def baseline(self, loaded: LoadedContract) -> Baseline | None:
        """The subject's level and its live versions, oldest first; None if the subject does not exist."""
        with registry_errors():
            try:
                numbers = self.client.get_versions(loaded.subject)
            except SubjectNotFoundError:
                return None
            level = Level.parse(self.client.get_compatibility(loaded.subject))
            versions = [self.client.get_version(loaded.subject, number) for number in sorted(numbers)]
            previous = tuple((f"version {v.version}", self.client.parse_schema(v.schema)) for v in versions)
        return Baseline(level, None, previous)

    @property
    def contracts(self) -> ContractsClient:
        """Schemata's own contract and catalogue endpoints."""
        return ContractsClient(self.client)

    def impact(self, loaded: LoadedContract) -> dict[str, Any] | None:
        """What the subject's registered consumers say of `loaded`'s schema (Schemata's impact endpoint); None
        from a registry that has no such endpoint (another vendor's)."""
        with registry_errors():
            try:
                return self.contracts.impact(loaded.subject, self.to_schema(loaded))
            except SchemaRegistryError as error:
                if ContractsClient.unsupported(error):
                    return None
                raise

    def to_schema(self, loaded: LoadedContract) -> Schema:
        """The client's `Schema` for a contract, references as the manifest declares them."""
        refs = [SchemaReference(ref.name, ref.subject, ref.version) for ref in loaded.contract.references]
        return Schema(loaded.text, loaded.contract.schema_type, refs)
