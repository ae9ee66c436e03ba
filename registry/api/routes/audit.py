"""/audit: the audit log of writes, filtered (ours; Confluent has no such endpoint). Global admins only."""

from __future__ import annotations

from fastapi import APIRouter

from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import RegistryDep
from schemata.registry.service.audit import entry_json

router = APIRouter()


@router.get("/audit")
def audit_log(
    reg: RegistryDep,
    subject: str | None = None,
    principal: str | None = None,
    since: str | None = None,
    until: str | None = None,
    after: int | None = None,
    limit: int = 1000,
) -> RegistryResponse:
    """Writes matching every filter given, oldest first; `after` an entry's id pages on."""
    found = reg.audit.entries(subject=subject, principal=principal, since=since, until=until, after=after, limit=limit)
    return RegistryResponse([entry_json(entry) for entry in found])
