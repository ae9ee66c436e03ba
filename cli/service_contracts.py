"""A service's event contracts as the registry keeps them: published from the manifest, and the registered
readers of other services held against the schemas this service produces.

`schemata register` publishes the manifest's `produces` as producer records and its `consumes` (with their
reader schemas) as consumer contracts; `schemata check` (online) adds, for each produced schema, the findings
of every other service's registered reader that could not read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from schemata.cli.checking import ContractResult, Problem
from schemata.cli.contracts import LoadedContract
from schemata.cli.manifest import Role
from schemata.compat import Finding

if TYPE_CHECKING:
    from schemata.cli.online import Registry

#: The direction of a finding that a registered consumer's reader reported.
CONSUMER = "CONSUMER"


def contract_body(loaded: Sequence[LoadedContract]) -> dict[str, list[dict[str, Any]]]:
    """The body of PUT /contracts/services/{service} for a manifest's loaded contracts."""
    body: dict[str, list[dict[str, Any]]] = {"produces": [], "consumes": []}
    for contract in loaded:
        entry: dict[str, Any] = {"subject": contract.subject}
        if contract.contract.topic:
            entry["topic"] = contract.contract.topic
        if contract.contract.role is Role.CONSUMES:
            entry["schema"] = contract.text
            entry["schemaType"] = contract.contract.schema_type
            if contract.contract.references:
                entry["references"] = [
                    {"name": r.name, "subject": r.subject, "version": r.version} for r in contract.contract.references
                ]
            if contract.contract.from_version is not None:
                entry["fromVersion"] = contract.contract.from_version
        body[contract.contract.role.value].append(entry)
    return body


def finding_of(data: Mapping[str, Any]) -> Finding:
    """A registry's structured finding as the engine's `Finding`, marked as a consumer's."""
    return Finding(
        str(data.get("rule", "")),
        str(data.get("path", "")),
        str(data.get("message", "")),
        str(data.get("hint", "")),
        direction=CONSUMER,
    )


def consumer_findings(details: Mapping[str, Any] | None) -> Iterator[tuple[str, Finding]]:
    """(consumer service, finding) for each consumer finding in a registry answer's `schemata` details."""
    for data in (details or {}).get("findings", []):
        if isinstance(data, dict) and data.get("consumer"):
            yield str(data["consumer"]), finding_of(data)


def with_consumers(result: ContractResult, loaded: LoadedContract, online: Registry, service: str) -> ContractResult:
    """`result` of a produced schema, with the problems that other services' registered readers find in it
    (under ENFORCE; under WARN a warning in the summary, as registration would accept it)."""
    if loaded.contract.role is not Role.PRODUCES:
        return result
    impact = online.impact(loaded)
    if impact is None or impact.get("enforcement") == "OFF":
        return result
    by_consumer: dict[str, list[Finding]] = {}
    for consumer, finding in consumer_findings(impact):
        if consumer != service:
            by_consumer.setdefault(consumer, []).append(finding)
    if not by_consumer:
        return result
    if impact.get("enforcement") == "WARN":  # registration would accept it, and report it
        names = ", ".join(sorted(by_consumer))
        return replace(result, note=f"{result.summary()}; warning: registered consumer(s) {names} could not read it "
                       "(the subject's contract enforcement is WARN)")
    # A consumer's finding has its path in the consumer's reader schema, not in this file: it is shown at the
    # file's first line.
    problems = [
        Problem(finding, (f"consumer {consumer}",), 1)
        for consumer, findings in sorted(by_consumer.items())
        for finding in findings
    ]
    labels = tuple(f"consumer {consumer}" for consumer in sorted(by_consumer))
    return replace(
        result,
        problems=tuple(sorted((*result.problems, *problems), key=lambda p: p.line)),
        against=(*result.against, *labels),
        note="",
    )
