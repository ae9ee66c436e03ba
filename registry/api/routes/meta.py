"""Root, contexts and server metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from fastapi import APIRouter, Response

from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.deps import ReadableDep, RegistryDep
from schemata.registry.service.queries import page

router = APIRouter()


def _installed(name: str) -> bool:
    try:
        package_version(name)
    except PackageNotFoundError:
        return False
    return True


VERSION = package_version("schemata") if _installed("schemata") else "0.0.0"
#: The cluster id Confluent tools read from /v1/metadata/id; every node of one registry reports the same.
CLUSTER_ID = "schemata"


@router.get("/")
@router.post("/")
def root() -> RegistryResponse:
    return RegistryResponse({})


@router.get("/contexts")
def contexts(reg: RegistryDep, readable: ReadableDep, offset: int = 0, limit: int = -1) -> RegistryResponse:
    return RegistryResponse(page(reg.queries.contexts(readable), offset, limit))


@router.get("/v1/metadata/id")
def metadata_id() -> RegistryResponse:
    return RegistryResponse(
        {"scope": {"path": [], "clusters": {"schema-registry-cluster": CLUSTER_ID}}, "id": CLUSTER_ID}
    )


@router.get("/v1/metadata/deployment")
def metadata_deployment() -> RegistryResponse:
    """Confluent 8's deployment attributes: a self-managed registry answers `opensource`."""
    return RegistryResponse({"attributes": ["opensource"]})


@router.get("/v1/metadata/version")
def metadata_version() -> RegistryResponse:
    return RegistryResponse({"version": VERSION, "commitId": "schemata"})


@router.delete("/contexts/{context}", status_code=204)
def delete_context(reg: RegistryDep, context: str) -> Response:
    """Confluent's DELETE /contexts/{context}: an empty context only; no content."""
    reg.deletion.delete_context(context)
    return Response(status_code=204)
