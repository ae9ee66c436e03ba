"""/config and /mode, global and per subject.

GET answers `compatibilityLevel`; PUT takes and echoes `compatibility`. The asymmetry is Confluent's and
clients depend on it, so it stays.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from schemata.registry.api.requests import JsonBody, SubjectParam
from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep
from schemata.registry.domain import ConfigRecord
from schemata.registry.errors import InvalidRequest
from schemata.registry.service.settings_service import parse_level, parse_mode, parse_policy

router = APIRouter()


def _config_json(config: ConfigRecord) -> dict[str, Any]:
    body: dict[str, Any] = {"compatibilityLevel": config.compatibility}
    if config.policy:
        body["compatibilityPolicy"] = config.policy
    if config.normalize is not None:
        body["normalize"] = config.normalize
    return body


def _config_update(body: dict[str, Any]) -> tuple[ConfigRecord, dict[str, Any]]:
    """The update a PUT body asks for, and the echo Confluent answers with."""
    level = parse_level(body["compatibility"]) if body.get("compatibility") is not None else None
    policy = parse_policy(body["compatibilityPolicy"]) if body.get("compatibilityPolicy") is not None else None
    normalize = body.get("normalize")
    if normalize is not None and not isinstance(normalize, bool):
        raise InvalidRequest("'normalize' must be true or false")
    if level is None and policy is None and normalize is None:
        parse_level(None)
    echo: dict[str, Any] = {}
    if level:
        echo["compatibility"] = level
    if policy:
        echo["compatibilityPolicy"] = policy
    if normalize is not None:
        echo["normalize"] = normalize
    return ConfigRecord(level, policy, normalize), echo


@router.get("/config")
def get_global_config(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(_config_json(reg.settings.get_config(None)))


@router.put("/config")
def put_global_config(reg: RegistryDep, body: JsonBody) -> RegistryResponse:
    update, echo = _config_update(body)
    reg.settings.set_config(None, update)
    return RegistryResponse(echo)


@router.delete("/config")
def delete_global_config(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(_config_json(reg.settings.delete_config(None)))


@router.get("/config/{subject}")
def get_subject_config(reg: RegistryDep, subject: SubjectParam, defaultToGlobal: bool = False) -> RegistryResponse:
    return RegistryResponse(_config_json(reg.settings.get_config(subject, default_to_global=defaultToGlobal)))


@router.put("/config/{subject}")
def put_subject_config(reg: RegistryDep, subject: SubjectParam, body: JsonBody) -> RegistryResponse:
    update, echo = _config_update(body)
    reg.settings.set_config(subject, update)
    return RegistryResponse(echo)


@router.delete("/config/{subject}")
def delete_subject_config(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse(_config_json(reg.settings.delete_config(subject)))


@router.get("/mode")
def get_global_mode(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.get_mode(None).value})


@router.put("/mode")
def put_global_mode(reg: RegistryDep, body: JsonBody, force: bool = False) -> RegistryResponse:
    mode = reg.settings.set_mode(None, parse_mode(body.get("mode")), force=force)
    return RegistryResponse({"mode": mode.value})


@router.delete("/mode")
def delete_global_mode(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.delete_mode(None).value})


@router.get("/mode/{subject}")
def get_subject_mode(reg: RegistryDep, subject: SubjectParam, defaultToGlobal: bool = False) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.get_mode(subject, default_to_global=defaultToGlobal).value})


@router.put("/mode/{subject}")
def put_subject_mode(reg: RegistryDep, subject: SubjectParam, body: JsonBody, force: bool = False) -> RegistryResponse:
    mode = reg.settings.set_mode(subject, parse_mode(body.get("mode")), force=force)
    return RegistryResponse({"mode": mode.value})


@router.delete("/mode/{subject}")
def delete_subject_mode(reg: RegistryDep, subject: SubjectParam) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.delete_mode(subject).value})
