"""Contract resolution: a manifest entry's schema read, its references resolved, parsed, and its subject named."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Protocol

from schemata.cli.errors import CliError
from schemata.cli.manifest import TYPE_BY_EXTENSION, Contract, Manifest, Reference
from schemata.cli.sources import Source
from schemata.compat import Dependency, ParsedSchema, SchemaParseError, UnknownSchemaTypeError, parse_schema


class ReferenceResolver(Protocol):
    """Resolves references to registered subjects (the registry, online)."""

    def dependencies(self, references: Sequence[Reference]) -> list[Dependency]:
        """The referenced schemas and theirs, depth first, as `parse_schema` wants them."""


@dataclass(frozen=True, slots=True)
class LoadedContract:
    """A contract with its schema parsed, its subject named, and the referenced schemas it was parsed with."""

    contract: Contract
    text: str
    parsed: ParsedSchema
    subject: str
    dependencies: tuple[Dependency, ...] = ()


def read_required(source: Source, relpath: str, named_by: str) -> str:
    """The text of a schema file; a CliError naming the file and who named it when `source` lacks it."""
    text = source.read(relpath)
    if text is None:
        raise CliError(f"{source.describe(relpath)}: no such file (named by {named_by})")
    return text


def parse_file(schema_type: str, text: str, dependencies: Sequence[Dependency], described: str) -> ParsedSchema:
    """`text` parsed as `schema_type`; a CliError naming the file, the place and the reason if it is invalid."""
    try:
        return parse_schema(schema_type, text, dependencies)
    except SchemaParseError as exc:
        where = f" at {exc.location}" if exc.location else ""
        raise CliError(f"{described}: invalid {schema_type} schema{where}: {exc.reason}") from None
    except UnknownSchemaTypeError as exc:
        raise CliError(f"{described}: {exc}") from None


def load_contract(
    contract: Contract, source: Source, origin: str, resolver: ReferenceResolver | None
) -> LoadedContract:
    """`contract` read from `source` and parsed; its schema file must exist."""
    text = read_required(source, contract.schema, f"{origin} {contract.key}.schema")
    return _load(contract, text, source, origin, resolver)


def load_previous(contract: Contract, source: Source, origin: str) -> LoadedContract | None:
    """`contract` as it was in a past state (offline, no registry); None if its file did not exist then."""
    text = source.read(contract.schema)
    return None if text is None else _load(contract, text, source, origin, None)


def _load(
    contract: Contract, text: str, source: Source, origin: str, resolver: ReferenceResolver | None
) -> LoadedContract:
    dependencies = _dependencies(contract, source, origin, resolver)
    parsed = parse_file(contract.schema_type, text, dependencies, source.describe(contract.schema))
    subject = contract.subject or contract.strategy.subject(contract.topic, parsed.record_name())
    if subject is None:
        raise CliError(
            f"{origin}: {contract.key}: the {contract.strategy} strategy cannot name a subject for "
            f"{contract.schema} (it needs a topic and a record name); give `subject:`"
        )
    return LoadedContract(contract, text, parsed, subject, tuple(dependencies))


def _dependencies(
    contract: Contract, source: Source, origin: str, resolver: ReferenceResolver | None
) -> list[Dependency]:
    """Registry references first (depth first, as the registry resolves them), then local files in order."""
    remote = [ref for ref in contract.references if ref.schema is None]
    dependencies: list[Dependency] = []
    if remote:
        if resolver is None:
            raise CliError(
                f"{origin}: {contract.key}: reference {remote[0].name!r} needs the registry; "
                "give it a local `schema:` file to check offline"
            )
        dependencies.extend(resolver.dependencies(remote))
    for index, ref in enumerate(contract.references):
        if ref.schema is not None:
            text = read_required(source, ref.schema, f"{origin} {contract.key}.references[{index}].schema")
            schema_type = TYPE_BY_EXTENSION.get(PurePosixPath(ref.schema).suffix.lower(), contract.schema_type)
            dependencies.append(Dependency(ref.name, schema_type, text))
    return dependencies


def load_contracts(manifest: Manifest, source: Source, resolver: ReferenceResolver | None) -> list[LoadedContract]:
    """Every contract of `manifest`, read from `source` and parsed (all must exist and parse)."""
    return [load_contract(contract, source, manifest.origin, resolver) for contract in manifest.contracts]
