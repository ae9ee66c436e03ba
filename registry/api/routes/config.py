"""/config and /mode, global and per subject (the config fields' JSON is config_fields')."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from schemata.registry.api.paths import restore_slashes
from schemata.registry.api.requests import JsonBody
from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep
from schemata.registry.service.config_fields import config_changes, config_json
from schemata.registry.service.names import settings_scope
from schemata.registry.service.settings_service import parse_mode

router = APIRouter()


def config_scope(subject: str) -> str | None:
    """A `{subject}` of /config or /mode: `:.:` (the default context) is the global config and mode."""
    return settings_scope(restore_slashes(subject))


ScopeParam = Annotated[str | None, Depends(config_scope)]


@router.get("/config")
def get_global_config(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(config_json(reg.settings.get_config(None)))


@router.put("/config")
def put_global_config(reg: RegistryDep, body: JsonBody) -> RegistryResponse:
    changes, echo = config_changes(body)
    reg.settings.set_config(None, changes)
    return RegistryResponse(echo)


@router.delete("/config")
def delete_global_config(reg: RegistryDep) -> RegistryResponse:
    return RegistryResponse(config_json(reg.settings.delete_config(None)))


@router.get("/config/{subject}")
def get_subject_config(reg: RegistryDep, subject: ScopeParam, defaultToGlobal: bool = False) -> RegistryResponse:
    return RegistryResponse(config_json(reg.settings.get_config(subject, default_to_global=defaultToGlobal)))


@router.put("/config/{subject}")
def put_subject_config(reg: RegistryDep, subject: ScopeParam, body: JsonBody) -> RegistryResponse:
    changes, echo = config_changes(body)
    reg.settings.set_config(subject, changes)
    return RegistryResponse(echo)


@router.delete("/config/{subject}")
def delete_subject_config(reg: RegistryDep, subject: ScopeParam) -> RegistryResponse:
    return RegistryResponse(config_json(reg.settings.delete_config(subject)))


@router.get("/settings/scopes")
def setting_scopes(reg: RegistryDep) -> RegistryResponse:
    """Schemata's own: the subjects and contexts with a setting of their own, by kind (`config`, `mode`,
    `lint`, `enforcement`); Confluent's API cannot list a subject's config unless the subject has versions."""
    return RegistryResponse(reg.settings.scopes())


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
def get_subject_mode(reg: RegistryDep, subject: ScopeParam, defaultToGlobal: bool = False) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.get_mode(subject, default_to_global=defaultToGlobal).value})


@router.put("/mode/{subject}")
def put_subject_mode(reg: RegistryDep, subject: ScopeParam, body: JsonBody, force: bool = False) -> RegistryResponse:
    mode = reg.settings.set_mode(subject, parse_mode(body.get("mode")), force=force)
    return RegistryResponse({"mode": mode.value})


@router.delete("/mode/{subject}")
def delete_subject_mode(reg: RegistryDep, subject: ScopeParam) -> RegistryResponse:
    return RegistryResponse({"mode": reg.settings.delete_mode(subject).value})
