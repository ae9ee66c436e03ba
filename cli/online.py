"""The registry as the command line sees it: `schemata.registry.client` underneath, its errors mapped to exit codes.

A produced schema is decided by the registry itself: its verbose compatibility answer carries the decision
registration would take (level, policy, reserved names, de-duplication) with structured findings. A consumed
schema, which no registry endpoint checks, is decided locally on the subject's live versions, its policy and
reserved names; so is a produced one when the registry sends no decision (a registry other than Schemata).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from schemata.cli.checking import decide_contract
from schemata.cli.contracts import LoadedContract
from schemata.cli.errors import CliError, RegistryUnreachable
from schemata.cli.manifest import Manifest, Reference, Role, load_manifest
from schemata.compat import Decision, Dependency, Level, OldVersion, ParsedSchema, Previous, with_reserved_names
from schemata.registry.client import (
    ContractsClient,
    RegisteredSchema,
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

    def decision(self, loaded: LoadedContract) -> Decision | None:
        """The decision on `loaded`: the registry's own for a produced schema, else taken locally; None if the
        subject does not exist. A produced schema that the registry refuses without a decision (an invalid
        schema, or another vendor's verdict) while the local decision passes it is a CliError: the registry's
        word stands, as registering would meet it."""
        with registry_errors():
            if loaded.contract.role is not Role.PRODUCES:
                return self._local_decision(loaded)
            answer = self.client.check_compatibility(loaded.subject, self.to_schema(loaded))
            if answer.decision is not None:
                return answer.decision
            local = self._local_decision(loaded)
            if not answer.is_compatible and (local is None or local.compatible):
                said = "; ".join(answer.messages) or "is_compatible: false"
                raise CliError(f"{loaded.contract.key} ({loaded.subject}): the registry refuses the schema: {said}")
            return local

    def _local_decision(self, loaded: LoadedContract) -> Decision | None:
        """`loaded` decided here on the subject's live versions, with its level, policy and reserved names, the
        latter checked when the validateFields in force for the subject (its own, else the global) is true."""
        try:
            numbers = self.client.get_versions(loaded.subject)
        except SubjectNotFoundError:
            return None
        level = Level.parse(self.client.get_compatibility(loaded.subject))
        config = self.client.get_config(loaded.subject, default_to_global=True)
        versions = [self.client.get_version(loaded.subject, number) for number in sorted(numbers)]
        previous = [Previous(OldVersion.numbered(v.version or 0), None, partial(self._parse, v)) for v in versions]
        # As registration would, the schema takes the latest version's metadata (and reserved names).
        metadata = _metadata_text(versions[-1]) if versions else None
        validating = config.validate_fields is True  # unset is off, as the registry takes it
        return decide_contract(loaded, previous, level, config.compatibility_policy, metadata, validating)

    def _parse(self, version: RegisteredSchema) -> ParsedSchema:
        return with_reserved_names(self.client.parse_schema(version.schema), _metadata_text(version))

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


def _metadata_text(version: RegisteredSchema) -> str | None:
    metadata = version.schema.metadata
    return None if metadata is None else json.dumps(metadata, sort_keys=True)
