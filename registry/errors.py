"""The registry's error tree. Every domain error carries its Confluent `error_code`; the HTTP status is
the code's first three digits (40401 -> 404), except the historical bare 409. One handler renders them all.
"""

from __future__ import annotations


class RegistryError(Exception):
    """Base of every error the service raises; rendered as `{"error_code": ..., "message": ...}`."""

    error_code: int = 50001

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)

    def details(self) -> dict[str, object]:
        """What the error body carries besides `error_code` and `message` (nothing, except where said)."""
        return {}

    @property
    def http_status(self) -> int:
        code = self.error_code
        return code if code < 1000 else int(str(code)[:3])


class SubjectNotFound(RegistryError):
    error_code = 40401

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' not found.")


class VersionNotFound(RegistryError):
    error_code = 40402

    def __init__(self, version: object) -> None:
        super().__init__(f"Version {version} not found.")


class SchemaNotFound(RegistryError):
    error_code = 40403

    def __init__(self, schema_id: int | str | None = None) -> None:
        super().__init__(f"Schema {schema_id} not found" if schema_id is not None else "Schema not found")


class SubjectSoftDeleted(RegistryError):
    error_code = 40404

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' was soft deleted.Set permanent=true to delete permanently")


class SubjectNotSoftDeleted(RegistryError):
    error_code = 40405

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' was not deleted first before being permanently deleted")


class VersionSoftDeleted(RegistryError):
    error_code = 40406

    def __init__(self, subject: str, version: int) -> None:
        super().__init__(
            f"Subject '{subject}' Version {version} was soft deleted.Set permanent=true to delete permanently"
        )


class VersionNotSoftDeleted(RegistryError):
    error_code = 40407

    def __init__(self, subject: str, version: int) -> None:
        super().__init__(
            f"Subject '{subject}' Version {version} was not deleted first before being permanently deleted"
        )


class SubjectConfigNotFound(RegistryError):
    error_code = 40408

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' does not have subject-level compatibility configured")


class SubjectModeNotFound(RegistryError):
    error_code = 40409

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' does not have subject-level mode configured")


class IncompatibleSchema(RegistryError):
    """HTTP 409. `error_code` stays the historical 409, which every client accepts (8.x sends 40901)."""

    error_code = 409

    def __init__(self, subject: str, messages: list[str], decision: dict[str, object] | None = None) -> None:
        self.messages = messages
        self.decision = decision
        details = ", ".join(messages)
        super().__init__(
            f'Schema being registered is incompatible with an earlier schema for subject "{subject}", '
            f"details: [{details}]"
        )

    def details(self) -> dict[str, object]:
        """The decision with its structured findings, under a key of ours that Confluent's clients ignore."""
        return {} if self.decision is None else {"schemata": self.decision}


class ConsumerBreak(RegistryError):
    """HTTP 409: a registered consumer's reader cannot read a schema. Besides Confluent's `messages` strings
    it carries the findings as JSON (each naming the consumer), under a key of ours that Confluent's clients
    ignore."""

    error_code = 409

    def __init__(self, message: str, messages: list[str], findings: list[dict[str, object]]) -> None:
        self.messages = messages
        self.findings = findings
        super().__init__(f"{message}, details: [{', '.join(messages)}]")

    def details(self) -> dict[str, object]:
        return {"schemata": {"compatible": False, "findings": self.findings}}


class BreaksConsumers(ConsumerBreak):
    """A new version that registered consumers cannot read (refused as an incompatible registration)."""

    def __init__(self, subject: str, consumers: list[str], messages: list[str], findings: list[dict[str, object]]):
        super().__init__(
            f"Schema being registered is incompatible with the reader schema of registered consumer(s) "
            f"{', '.join(consumers)} of subject \"{subject}\"",
            messages,
            findings,
        )


class ConsumerContractBroken(ConsumerBreak):
    """A consumer contract whose reader cannot read a live version it may meet."""


class ContractsNotFound(RegistryError):
    """A service with no registered contracts (our own code, in Confluent's 404xx family)."""

    error_code = 40470

    def __init__(self, service: str) -> None:
        super().__init__(f"Service '{service}' has no contracts.")


class InvalidContract(RegistryError):
    """A contract request of the wrong shape (our own code, in Confluent's 422xx family)."""

    error_code = 42270


class InvalidSchema(RegistryError):
    error_code = 42201


class InvalidVersion(RegistryError):
    error_code = 42202

    def __init__(self, version: str) -> None:
        super().__init__(
            f"The specified version '{version}' is not a valid version id. "
            'Allowed values are between [1, 2^31-1] and the string "latest"'
        )


class InvalidCompatibilityLevel(RegistryError):
    error_code = 42203

    def __init__(self, detail: str = "") -> None:
        super().__init__(
            "Invalid compatibility level. Valid values are none, backward, forward, full, "
            "backward_transitive, forward_transitive, and full_transitive" + (f". {detail}" if detail else "")
        )


class InvalidMode(RegistryError):
    error_code = 42204

    def __init__(self) -> None:
        super().__init__("Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD.")


class OperationNotPermitted(RegistryError):
    error_code = 42205


class ReferenceExists(RegistryError):
    error_code = 42206

    def __init__(self, what: str) -> None:
        super().__init__(f"One or more references exist to the schema {what}.")


class InvalidRuleSet(RegistryError):
    error_code = 42210

    def __init__(self, detail: str) -> None:
        super().__init__(f"Invalid rule set: {detail}")


class ContextNotEmpty(RegistryError):
    """DELETE /contexts/{context} of a context that has subjects (Confluent's 42211)."""

    error_code = 42211

    def __init__(self, context: str) -> None:
        super().__init__(f"Context '{context}' is not empty: delete its subjects permanently first.")


class IdMismatch(RegistryError):
    error_code = 42207


class InvalidSubject(RegistryError):
    error_code = 42208

    def __init__(self, subject: str, reason: str = "") -> None:
        super().__init__(f"The specified subject '{subject}' is not a valid." + (f" {reason}" if reason else ""))


class SchemaTooLarge(RegistryError):
    error_code = 42209

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"Register operation failed because schema is too large ({size} bytes; the limit is {limit})")


class StoreError(RegistryError):
    error_code = 50001


class StoreTimeout(RegistryError):
    error_code = 50002


class InvalidRequest(RegistryError):
    """A request body or parameter of the wrong shape (HTTP 422, as Confluent answers unprocessable bodies)."""

    error_code = 422


class UnreadableParameter(RegistryError):
    """A number in a path or query parameter that does not read as one: 404, as Jersey answers a parameter it
    cannot convert (JAX-RS), with the body Confluent's REST layer gives that."""

    error_code = 404

    def __init__(self) -> None:
        super().__init__("HTTP 404 Not Found")


class MalformedRequest(RegistryError):
    """A body that is not JSON at all (HTTP 400)."""

    error_code = 400


#: The key of our own members in Confluent's bodies (register answers, errors): clients ignore unknown keys.
LINT_KEY = "schemataLint"


class LintPolicyNotFound(RegistryError):
    error_code = 40408

    def __init__(self, subject: str) -> None:
        super().__init__(f"Subject '{subject}' does not have a lint policy")


class InvalidLintPolicy(RegistryError):
    error_code = 42251

    def __init__(self, detail: str) -> None:
        super().__init__(f"Invalid lint policy: {detail}")


class LintRefused(RegistryError):
    """HTTP 422: the schema has findings of severity error under the subject's lint policy."""

    error_code = 42250

    def __init__(self, subject: str, findings: list[dict[str, object]]) -> None:
        self.findings = findings
        rules = ", ".join(sorted({str(f["rule"]) for f in findings}))
        super().__init__(
            f"Schema refused by the lint policy of subject '{subject}': {len(findings)} error(s) ({rules})"
        )

    def details(self) -> dict[str, object]:
        return {LINT_KEY: {"errors": self.findings}}
