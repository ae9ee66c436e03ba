"""/lint/config: the lint policy of the registry and of each subject (our own endpoints: Confluent's /config
stays exactly Confluent's)."""

from __future__ import annotations

from fastapi import APIRouter

from schemata.registry.api.requests import JsonBody, SubjectParam
from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep

router = APIRouter()


@router.get("/lint/config")
def get_global_policy(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(reg.lint.get(None))


@router.put("/lint/config")
def put_global_policy(reg: RegistryDep, body: JsonBody) -> RegistryResponse:
    return RegistryResponse(reg.lint.put(None, body))


@router.delete("/lint/config")
def delete_global_policy(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(reg.lint.delete(None))


@router.get("/lint/config/{subject}")
def get_subject_policy(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse(reg.lint.get(subject))


@router.put("/lint/config/{subject}")
def put_subject_policy(reg: RegistryDep, subject: SubjectParam, body: JsonBody) -> RegistryResponse:
    return RegistryResponse(reg.lint.put(subject, body))


@router.delete("/lint/config/{subject}")
def delete_subject_policy(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse(reg.lint.delete(subject))
