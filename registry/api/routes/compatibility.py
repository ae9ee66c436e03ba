"""/compatibility: check a schema against one version, or as registration would."""

from __future__ import annotations

from fastapi import APIRouter

from schemata.registry.api.requests import SchemaBody, SubjectParam
from schemata.registry.api.responses import RegistryResponse
from schemata.registry.api.routes.contracts import check_json
from schemata.registry.api.routes.deps import RegistryDep, VersionParam
from schemata.registry.service import CompatibilityResult

router = APIRouter()


def _result_json(result: CompatibilityResult, verbose: bool) -> dict[str, object]:
    body: dict[str, object] = {"is_compatible": result.is_compatible}
    if verbose:
        body["messages"] = result.messages
        schemata: dict[str, object] = result.decision.as_dict() if result.decision is not None else {}
        if result.consumers is not None and result.consumers.findings:
            schemata["consumers"] = check_json(result.consumers)
        if schemata:  # ours, next to Confluent's messages: the decision and the consumers' findings as objects
            body["schemata"] = schemata
    return body


@router.post("/compatibility/subjects/{subject}/versions/{version}")
def check_version(
    reg: RegistryDep,
    subject: SubjectParam,
    version: VersionParam,
    body: SchemaBody,
    normalize: bool = False,
    verbose: bool = False,
) -> RegistryResponse:
    result = reg.compatibility.check(subject, version, body, normalize=normalize, verbose=verbose)
    return RegistryResponse(_result_json(result, verbose))


@router.post("/compatibility/subjects/{subject}/versions")
def check_all(
    reg: RegistryDep, subject: SubjectParam, body: SchemaBody, normalize: bool = False, verbose: bool = False
) -> RegistryResponse:
    result = reg.compatibility.check(subject, None, body, normalize=normalize, verbose=verbose)
    return RegistryResponse(_result_json(result, verbose))
