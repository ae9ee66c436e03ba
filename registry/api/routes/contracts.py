"""/contracts: services' producer and consumer contracts, their enforcement, and "what would this break".

Our own endpoints, under a prefix no Confluent path uses. Bodies:
PUT /contracts/services/{service}
    {"produces": [{"subject": "orders-value", "topic"?: "orders"}],
     "consumes": [{"subject": "payments-value", "schema": "...", "schemaType"?: "AVRO", "references"?: [...],
                   "fromVersion"?: 3, "topic"?: "payments"}]}
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from schemata.registry.api.requests import JsonBody, SchemaBody, SubjectParam, references_field
from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep
from schemata.registry.domain import ContractRecord, ContractRole, Enforcement
from schemata.registry.errors import InvalidContract
from schemata.registry.service.event_contracts import ConsumerCheck, ContractEntry, parse_enforcement

router = APIRouter(prefix="/contracts")


def contract_json(record: ContractRecord) -> dict[str, Any]:
    """One contract as our endpoints and the catalogue show it."""
    body: dict[str, Any] = {"service": record.service, "subject": record.subject, "topic": record.topic}
    if record.role is ContractRole.CONSUMES:
        body["schemaType"] = record.schema_type
        body["schema"] = record.schema
        if record.references:
            body["references"] = [r.as_dict() for r in record.references]
        if record.from_version is not None:
            body["fromVersion"] = record.from_version
    return body


def _service_json(service: str, records: list[ContractRecord]) -> dict[str, Any]:
    return {
        "service": service,
        "produces": [contract_json(r) for r in records if r.role is ContractRole.PRODUCES],
        "consumes": [contract_json(r) for r in records if r.role is ContractRole.CONSUMES],
    }


def _entries(body: dict[str, Any]) -> list[ContractEntry]:
    """The declarations of a PUT body, checked for shape (the service checks their meaning)."""
    unknown = set(body) - {"produces", "consumes", "service"}
    if unknown:
        raise InvalidContract(f"Unknown contract field(s): {', '.join(sorted(unknown))}; use produces and consumes")
    entries: list[ContractEntry] = []
    for key, role in (("produces", ContractRole.PRODUCES), ("consumes", ContractRole.CONSUMES)):
        items = body.get(key) or []
        if not isinstance(items, list):
            raise InvalidContract(f"'{key}' must be a list of contracts")
        for index, item in enumerate(items):
            entries.append(_entry(item, role, f"{key}[{index}]"))
    return entries


def _entry(item: object, role: ContractRole, where: str) -> ContractEntry:
    if not isinstance(item, dict):
        raise InvalidContract(f"{where} must be an object")
    subject, topic = item.get("subject"), item.get("topic")
    if not isinstance(subject, str) or not subject:
        raise InvalidContract(f"{where} needs a 'subject'")
    if topic is not None and (not isinstance(topic, str) or not topic):
        raise InvalidContract(f"{where}.topic must be a non-empty string")
    if role is ContractRole.PRODUCES:
        return ContractEntry(subject, role, topic)
    schema, schema_type, from_version = item.get("schema"), item.get("schemaType") or "AVRO", item.get("fromVersion")
    if not isinstance(schema, str) or not schema.strip():
        raise InvalidContract(f"{where} needs its reader 'schema' (a string)")
    if not isinstance(schema_type, str):
        raise InvalidContract(f"{where}.schemaType must be a string")
    if from_version is not None and (
        isinstance(from_version, bool) or not isinstance(from_version, int) or not 1 <= from_version < 2**31
    ):
        raise InvalidContract(f"{where}.fromVersion must be a version number")
    references = references_field(item.get("references"))
    return ContractEntry(subject, role, topic, schema_type.upper(), schema, references, from_version)


def check_json(check: ConsumerCheck) -> dict[str, Any]:
    """What the registered consumers say of a schema: the enforcement and each consumer's findings."""
    return {
        "enforcement": check.enforcement.value,
        "breaksConsumers": bool(check.findings),
        "consumers": sorted({f.service for f in check.findings}),
        "findings": [f.as_dict() for f in check.findings],
    }


@router.get("/services")
def list_services(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(reg.contracts.services())


@router.get("/services/{service}")
def get_service(reg: RegistryDep, service: str) -> RegistryResponse:
    return RegistryResponse(_service_json(service, reg.contracts.get(service)))


@router.put("/services/{service}")
def put_service(reg: RegistryDep, service: str, body: JsonBody) -> RegistryResponse:
    return RegistryResponse(_service_json(service, reg.contracts.put(service, _entries(body))))


@router.delete("/services/{service}")
def delete_service(reg: RegistryDep, service: str) -> RegistryResponse:
    return RegistryResponse(_service_json(service, reg.contracts.delete(service)))


@router.get("/subjects/{subject}")
def subject_contracts(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    records = reg.contracts.of_subject(subject)
    return RegistryResponse({
        "subject": subject,
        "producers": [contract_json(r) for r in records if r.role is ContractRole.PRODUCES],
        "consumers": [contract_json(r) for r in records if r.role is ContractRole.CONSUMES],
    })


@router.post("/subjects/{subject}/impact")
def impact(reg: RegistryDep, subject: SubjectParam, body: SchemaBody) -> RegistryResponse:
    """Which registered consumers a schema would break, and why (whatever the enforcement)."""
    return RegistryResponse(check_json(reg.contracts.impact(subject, body)))


@router.get("/enforcement")
def get_global_enforcement(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse({"enforcement": reg.contracts.get_enforcement(None).value})


@router.put("/enforcement")
def put_global_enforcement(reg: RegistryDep, body: JsonBody) -> RegistryResponse:
    return _put_enforcement(reg, None, body)


@router.delete("/enforcement")
def delete_global_enforcement(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse({"enforcement": reg.contracts.delete_enforcement(None).value})


@router.get("/enforcement/{subject}")
def get_subject_enforcement(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse({"enforcement": reg.contracts.get_enforcement(subject).value})


@router.put("/enforcement/{subject}")
def put_subject_enforcement(reg: RegistryDep, subject: SubjectParam, body: JsonBody) -> RegistryResponse:
    return _put_enforcement(reg, subject, body)


@router.delete("/enforcement/{subject}")
def delete_subject_enforcement(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse({"enforcement": reg.contracts.delete_enforcement(subject).value})


def _put_enforcement(reg: RegistryDep, subject: str | None, body: dict[str, Any]) -> RegistryResponse:
    mode: Enforcement = parse_enforcement(body.get("enforcement"))
    reg.contracts.set_enforcement(subject, mode)
    return RegistryResponse({"enforcement": mode.value})
