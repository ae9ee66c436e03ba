"""Reading a registry's whole state through the REST API, so any Confluent-compatible registry can be exported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from schemata.cli.backup.document import Backup, ServiceContracts, SubjectRecord, VersionRecord
from schemata.cli.backup.progress import Progress, silent
from schemata.registry.client import ContractsClient, SchemaRegistryClient, SchemaRegistryError, SubjectNotFoundError
from schemata.registry.domain import DEFAULT_CONTEXT, GLOBAL_CONTEXT_KEY

T = TypeVar("T")

#: Audit entries read per request while exporting.
AUDIT_PAGE = 5000

#: "This subject has no config (mode) of its own": 40408 (40409); servers before 7.x answer 40401.
NO_SUBJECT_CONFIG = frozenset({40401, 40408})
NO_SUBJECT_MODE = frozenset({40401, 40409})
#: The registry has no such endpoint (Confluent's answers 404 with a body, other vendors' a bare 404): an
#: older registry has no /contexts, only schemata's have lint policies and contract enforcement.
UNSUPPORTED = frozenset({-1, 404})
#: "This subject has no lint policy of its own", or the registry has no lint policies.
NO_LINT_POLICY = UNSUPPORTED | {40408}


def export_registry(client: SchemaRegistryClient, *, progress: Progress = silent) -> Backup:
    """Every subject (soft-deleted ones too) with all its versions and settings, the settings of each context
    and of each subject without versions, and the global ones."""
    names = sorted(client.get_subjects(deleted=True))
    enforcement = _unless(UNSUPPORTED, ContractsClient(client).get_enforcement)
    settings = _Settings(client, enforcement, _unless(UNSUPPORTED, client.get_setting_scopes))
    with progress(names, "Exporting") as subjects:
        records = tuple(_subject(client, name, settings) for name in subjects)
    return Backup(
        client.url, client.get_config_fields(), client.get_global_mode(), records + settings.other_scopes(names),
        _contracts(client), _audit(client), _unless(NO_LINT_POLICY, client.get_lint_policy), enforcement,
    )


class _Settings:
    """Reads a subject's (or a context's) own settings. `scopes`: a schemata registry's list of the subjects
    with settings of their own (None from others, which cannot list them: only the subjects with versions,
    the contexts and `__GLOBAL` are read there, and a subject's contract enforcement is kept where it differs
    from the global `enforcement`, since the registry answers the one in force)."""

    def __init__(self, client: SchemaRegistryClient, enforcement: str | None,
                 scopes: dict[str, list[str]] | None) -> None:
        self.client, self.enforcement, self.scopes = client, enforcement, scopes

    def of(self, name: str, versions: tuple[VersionRecord, ...] = ()) -> SubjectRecord:
        client = self.client
        return SubjectRecord(
            name, versions, _unless(NO_SUBJECT_CONFIG, lambda: client.get_config_fields(name)),
            _unless(NO_SUBJECT_MODE, lambda: client.get_mode(name)),
            _unless(NO_LINT_POLICY, lambda: client.get_lint_policy(name)), self._enforcement(name),
        )

    def _enforcement(self, name: str) -> str | None:
        if self.enforcement is None or (self.scopes is not None and name not in self.scopes["enforcement"]):
            return None
        own = ContractsClient(self.client).get_enforcement(name)
        return None if self.scopes is None and own == self.enforcement else own

    def other_scopes(self, subjects: list[str]) -> tuple[SubjectRecord, ...]:
        """The settings of every context (`:.ctx:`), of Confluent's `__GLOBAL` context, and of each subject
        without versions that has any."""
        contexts = _unless(UNSUPPORTED, self.client.get_contexts) or []
        names = {f":{context}:" for context in contexts if context != DEFAULT_CONTEXT} | {GLOBAL_CONTEXT_KEY}
        names |= {name for listed in (self.scopes or {}).values() for name in listed}
        found = (self.of(name) for name in sorted(names - set(subjects)))
        return tuple(scope for scope in found if (scope.config, scope.mode, scope.lint, scope.enforcement)
                     != (None, None, None, None))


def _contracts(client: SchemaRegistryClient) -> tuple[ServiceContracts, ...]:
    """Every service's contracts; none from a registry without Schemata's contract endpoints."""
    api = ContractsClient(client)
    try:
        services = api.services()
    except SchemaRegistryError as error:
        if ContractsClient.unsupported(error):
            return ()
        raise
    found = []
    for service in services:
        contract = api.get_service(service)
        produces, consumes = ([{k: v for k, v in e.items() if k != "service"} for e in contract[key]]
                              for key in ("produces", "consumes"))
        found.append(ServiceContracts(service, tuple(produces), tuple(consumes)))
    return tuple(found)


def _audit(client: SchemaRegistryClient) -> tuple[dict[str, Any], ...]:
    """The registry's audit log, page by page; none from a registry without one (Confluent's answers 404)."""
    entries: list[dict[str, Any]] = []
    while True:
        try:
            page = client.get_audit_log(after=entries[-1]["id"] if entries else None, limit=AUDIT_PAGE)
        except SchemaRegistryError as error:
            if error.http_status_code == 404 and not entries:
                return ()
            raise
        entries.extend(page)
        if len(page) < AUDIT_PAGE:
            return tuple(entries)


def _subject(client: SchemaRegistryClient, name: str, settings: _Settings) -> SubjectRecord:
    numbers = sorted(client.get_versions(name, deleted=True))
    try:
        live = set(client.get_versions(name))
    except SubjectNotFoundError:  # every version is soft-deleted
        live = set()
    return settings.of(name, tuple(_version(client, name, number, deleted=number not in live) for number in numbers))


def _version(client: SchemaRegistryClient, name: str, number: int, *, deleted: bool) -> VersionRecord:
    registered = client.get_version(name, number, deleted=True)
    return VersionRecord(number, registered.schema_id, registered.schema, deleted)


def _unless(absent: frozenset[int], fetch: Callable[[], T]) -> T | None:
    """`fetch()`, or None when the registry answers one of the `absent` error codes."""
    try:
        return fetch()
    except SchemaRegistryError as error:
        if error.error_code in absent:
            return None
        raise
