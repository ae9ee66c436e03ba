"""Writing a backup into a registry through IMPORT mode, so every version keeps its id and number.

The plan, in order:
1. register every version with its id and version number, references first (`ordering`); a soft-deleted
   version is deleted right after it is registered, so re-registering the same schema later in the same
   subject makes a new version instead of answering the live one. A deleted version that something in the
   backup references is deleted at the end instead (referrers first): the registry refuses to delete a
   version while live versions reference it;
2. the global config, then the subjects' and contexts' configs (after registering: `normalize` must not rewrite
   schemas, nor `defaultMetadata` or `overrideRuleSet` change them), every field as the source answered it;
3. the lint policies and contract enforcement, global then per subject, then the services' contracts (their
   readers are checked against the versions just imported);
4. the subjects' modes, then the global mode last: it leaves IMPORT only when everything is in.
The target is switched to IMPORT first; if a step fails, its global mode goes back to what it was.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, Protocol

from schemata.cli.backup.document import Backup, ServiceContracts, VersionRecord
from schemata.cli.backup.ordering import registration_order
from schemata.cli.backup.progress import Progress, silent
from schemata.registry.client import (
    ClientError,
    ContractsClient,
    Schema,
    SchemaRegistryClient,
    SchemaRegistryError,
)

#: The target already holds something else under this id or version.
CONFLICT_CODES = frozenset({42205, 42207})


class ImportRefused(Exception):
    """The target registry refused a step of the import; `conflict`: because it holds conflicting data."""

    def __init__(self, what: str, reason: str, *, conflict: bool) -> None:
        hint = " (the target already holds conflicting data: import into an empty registry)" if conflict else ""
        super().__init__(f"the target registry refused {what}: {reason}{hint}")


class Step(Protocol):
    """One write to the target registry."""

    @property
    def what(self) -> str: ...

    def apply(self, client: SchemaRegistryClient) -> None: ...


@dataclass(frozen=True, slots=True)
class _ImportedSchema(Schema):
    """A schema sent with the id and version to import it under.

    The client's `register_schema` has no parameters for them; its request body is `to_dict()`.
    """

    schema_id: int = field(default=0, kw_only=True)
    version: int = field(default=0, kw_only=True)

    def to_dict(self) -> dict[str, Any]:
        return {**Schema.to_dict(self), "id": self.schema_id, "version": self.version}


@dataclass(frozen=True, slots=True)
class Register:
    subject: str
    record: VersionRecord

    @property
    def what(self) -> str:
        return f"subject {self.subject!r} version {self.record.version} (id {self.record.schema_id})"

    def apply(self, client: SchemaRegistryClient) -> None:
        schema = self.record.schema
        imported = _ImportedSchema(schema.schema_str, schema.schema_type, schema.references, schema.metadata,
                                   schema.rule_set, schema_id=self.record.schema_id, version=self.record.version)
        answer = client.register_schema_full_response(self.subject, imported)
        # Given a schema that is live in the subject already, a registry answers that version and writes nothing.
        if answer.schema_id != self.record.schema_id or answer.version not in (None, self.record.version):
            raise ImportRefused(
                self.what, f"it holds this schema as version {answer.version} with id {answer.schema_id}",
                conflict=True,
            )


@dataclass(frozen=True, slots=True)
class SoftDelete:
    subject: str
    version: int

    @property
    def what(self) -> str:
        return f"deleting subject {self.subject!r} version {self.version}"

    def apply(self, client: SchemaRegistryClient) -> None:
        client.delete_version(self.subject, self.version)


@dataclass(frozen=True, slots=True)
class SetConfig:
    subject: str | None
    config: dict[str, Any]

    @property
    def what(self) -> str:
        return "the global config" if self.subject is None else f"the config of subject {self.subject!r}"

    def apply(self, client: SchemaRegistryClient) -> None:
        client.set_config_fields(self.subject, self.config)


@dataclass(frozen=True, slots=True)
class SetLintPolicy:
    subject: str | None
    policy: dict[str, Any]

    @property
    def what(self) -> str:
        return "the global lint policy" if self.subject is None else f"the lint policy of subject {self.subject!r}"

    def apply(self, client: SchemaRegistryClient) -> None:
        client.set_lint_policy(self.subject, self.policy)


@dataclass(frozen=True, slots=True)
class SetEnforcement:
    subject: str | None
    enforcement: str

    @property
    def what(self) -> str:
        where = "global" if self.subject is None else f"subject {self.subject!r}'s"
        return f"the {where} contract enforcement"

    def apply(self, client: SchemaRegistryClient) -> None:
        ContractsClient(client).set_enforcement(self.subject, self.enforcement)


@dataclass(frozen=True, slots=True)
class PutContracts:
    contracts: ServiceContracts

    @property
    def what(self) -> str:
        return f"the contracts of service {self.contracts.service!r}"

    def apply(self, client: SchemaRegistryClient) -> None:
        ContractsClient(client).put_service(self.contracts.service, self.contracts.produces, self.contracts.consumes)


@dataclass(frozen=True, slots=True)
class SetMode:
    subject: str | None
    mode: str

    @property
    def what(self) -> str:
        return "the global mode" if self.subject is None else f"the mode of subject {self.subject!r}"

    def apply(self, client: SchemaRegistryClient) -> None:
        if self.subject is None:
            client.update_global_mode(self.mode, force=True)
        else:
            client.update_mode(self.subject, self.mode, force=True)


def plan(backup: Backup) -> list[Step]:
    """The writes that reproduce `backup` in a registry in IMPORT mode, in order."""
    referenced = {(ref.subject, ref.version) for subject in backup.subjects for record in subject.versions
                  for ref in record.schema.references}
    steps: list[Step] = []
    deferred: list[Step] = []
    for subject, record in registration_order(backup):
        steps.append(Register(subject, record))
        if record.deleted:
            delete = SoftDelete(subject, record.version)
            if (subject, record.version) in referenced:
                deferred.insert(0, delete)
            else:
                steps.append(delete)
    steps += deferred
    steps.append(SetConfig(None, backup.config))
    steps += [SetConfig(s.name, s.config) for s in backup.subjects if s.config]  # PUT takes no empty config
    if backup.lint is not None:
        steps.append(SetLintPolicy(None, backup.lint))
    steps += [SetLintPolicy(s.name, s.lint) for s in backup.subjects if s.lint is not None]
    if backup.enforcement is not None:
        steps.append(SetEnforcement(None, backup.enforcement))
    steps += [SetEnforcement(s.name, s.enforcement) for s in backup.subjects if s.enforcement is not None]
    steps += [PutContracts(contracts) for contracts in backup.contracts]
    steps += [SetMode(s.name, s.mode) for s in backup.subjects if s.mode is not None]
    steps.append(SetMode(None, backup.mode))
    return steps


def restore(backup: Backup, client: SchemaRegistryClient, *, progress: Progress = silent) -> None:
    """Write `backup` into the registry of `client`; ImportRefused names the step the registry refused."""
    steps = plan(backup)
    original = client.get_global_mode()
    client.update_global_mode("IMPORT", force=True)
    try:
        with progress(steps, "Importing") as bar:
            for step in bar:
                _apply(step, client)
    except BaseException:
        with suppress(ClientError):  # the first error is the one to report
            client.update_global_mode(original, force=True)
        raise


def _apply(step: Step, client: SchemaRegistryClient) -> None:
    try:
        step.apply(client)
    except SchemaRegistryError as error:
        if error.http_status_code >= 500:
            raise
        conflict = error.error_code in CONFLICT_CODES
        raise ImportRefused(step.what, f"{error.error_message} (error {error.error_code})", conflict=conflict) from None
