"""The client's exceptions. The tree is drawn in `schemata.registry.client`'s docstring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from schemata.compat import Decision


class ClientError(Exception):
    """Base of every error `schemata.registry.client` raises on purpose."""


class SchemaRegistryError(ClientError):
    """The registry answered with an error.

    The attribute names are confluent-kafka's, so code that reads them keeps working. `details` holds what
    a Schemata registry adds under its own key (structured findings), None from other registries.
    """

    details: dict[str, Any] | None = None

    def __init__(self, http_status_code: int, error_code: int, error_message: str) -> None:
        self.http_status_code = http_status_code
        self.error_code = error_code
        self.error_message = error_message
        super().__init__(f"{error_message} (HTTP status code {http_status_code}, SR code {error_code})")


class SubjectNotFoundError(SchemaRegistryError):
    """40401: no such subject."""


class VersionNotFoundError(SchemaRegistryError):
    """40402: no such version of the subject."""


class SchemaNotFoundError(SchemaRegistryError):
    """40403: no such schema (by id, or no version of the subject has the schema looked up)."""


class InvalidSchemaError(SchemaRegistryError):
    """42201: the registry could not parse the schema."""


class IncompatibleSchemaError(SchemaRegistryError):
    """409 / 40901: the schema breaks the subject's compatibility level.

    `messages` holds the registry's findings (one sentence each), fetched with a verbose check, and
    `decision` the registry's decision with its structured findings (None from registries other than Schemata).
    """

    def __init__(
        self,
        http_status_code: int,
        error_code: int,
        error_message: str,
        messages: Sequence[str] = (),
        decision: Decision | None = None,
    ) -> None:
        super().__init__(http_status_code, error_code, error_message)
        self.messages = list(messages)
        self.decision = decision


class RegistryUnreachableError(ClientError):
    """No registry URL answered: connection refused, DNS failure, TLS failure or timeout, after retries."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"Schema registry at {url} is unreachable: {reason}")


class RegistryTimeoutError(RegistryUnreachableError):
    """The registry did not answer within `timeout` seconds, after retries."""


class SchemaParseError(ClientError):
    """A schema given to the client, or fetched by it, is not a valid schema of its type."""

    def __init__(self, schema_type: str, reason: str) -> None:
        self.schema_type = schema_type
        self.reason = reason
        super().__init__(f"Invalid {schema_type} schema: {reason}")


class SerializationError(ClientError):
    """A record could not be turned into bytes, or bytes into a record."""


class UnknownMagicByteError(SerializationError):
    """The message does not start with the Confluent framing byte 0x00."""


class UnknownSchemaIdError(SerializationError):
    """The schema id in a message is not known to the registry."""

    def __init__(self, schema_id: int, url: str) -> None:
        self.schema_id = schema_id
        super().__init__(f"No schema with id {schema_id} in the registry at {url}")


class RecordValidationError(SerializationError):
    """A record does not match its schema. `path` says where (a JSON path, `$` for the record itself)."""

    def __init__(self, path: str, reason: str, schema_id: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.schema_id = schema_id
        which = f"schema {schema_id}" if schema_id is not None else "the schema"
        super().__init__(f"Record does not match {which} at {path}: {reason}")


class RuleError(SerializationError):
    """A data-contract rule of the schema failed, or cannot run. Says which rule, where and on what.

    `rule` is the rule's name, `subject` and `version` the schema version whose rule set holds it (version None
    when the registry could not say), `field` the field's full name for a field rule, `reason` what went wrong.
    """

    def __init__(
        self, rule: str, reason: str, *, subject: str | None = None, version: int | None = None,
        field: str | None = None, kind: str | None = None, rule_type: str | None = None, mode: str | None = None,
    ) -> None:
        self.rule = rule
        self.reason = reason
        self.subject = subject
        self.version = version
        self.field = field
        self.kind = kind
        self.rule_type = rule_type
        self.mode = mode
        what = " ".join(part for part in (rule_type, kind) if part)
        where = f" of subject {subject!r}" if subject else ""
        if subject and version is not None:
            where += f" version {version}"
        on_field = f" on field {field}" if field else ""
        during = f" during {mode}" if mode else ""
        super().__init__(f"Rule {rule!r} ({what}){where} failed{on_field}{during}: {reason}")
