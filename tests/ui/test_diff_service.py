"""The comparison service, called directly on a store of its own: every level decided by the one decision (the
transitive ones over the live versions between the two), defaults, a proposal as the API decides it, and the
contract map read once per database generation."""

from __future__ import annotations

import json
import time

import pytest

from schemata.compat import Level, check_compatibility, parse_schema
from schemata.registry.domain import ContractRole, SchemaRequest
from schemata.registry.errors import InvalidSchema, SubjectNotFound, VersionNotFound
from schemata.registry.service import Registry
from schemata.registry.service.event_contracts import ContractEntry
from schemata.registry.service.ui_compare import COMPARED_LEVELS, TRANSITIVE_AT_ONCE, ComparisonService, ContractMap


def _record(*fields: tuple[str, str]) -> str:
    return json.dumps({"type": "record", "name": "R", "fields": [{"name": n, "type": t} for n, t in fields]})


V1 = _record(("a", "long"))
V2 = _record(("a", "long"), ("b", "string"))  # breaks v1 backward: b has no default
V3 = _record(("a", "int"), ("b", "string"))  # breaks v2 (and v1) backward: int cannot read long


@pytest.fixture
def service(registry_service: Registry) -> ComparisonService:
    registry_service.settings.set_config("s", {"compatibility": "NONE"})
    for text in (V1, V2, V3):
        registry_service.registration.register("s", SchemaRequest(text), normalize=False)
    return ComparisonService(registry_service.ctx, registry_service.compatibility, registry_service.catalog)


def _rules(service: ComparisonService, old: int, new: int, level: Level) -> list[tuple[str, str, int | None]]:
    decided = next(d for d in service.compare("s", old, new).decisions if d.level is level)
    assert decided.decision is not None
    return [(f.rule, f.path, f.against.number if f.against else None) for f in decided.decision.findings]


def test_every_level_is_the_decisions_verdict_on_the_pair(service: ComparisonService) -> None:
    comparison = service.compare("s", 1, 3)
    assert [d.level for d in comparison.decisions] == list(COMPARED_LEVELS)
    assert comparison.level is Level.NONE
    assert (comparison.old.version, comparison.new.version) == (1, 3)
    v1, v2, v3 = (parse_schema("AVRO", t) for t in (V1, V2, V3))
    for level in (Level.BACKWARD, Level.FORWARD, Level.FULL):
        expected = [(f.rule, f.path, 1) for f in check_compatibility(level, v3, [v1])]
        assert _rules(service, 1, 3, level) == expected, level
    # The transitive levels: version 1 and every live version up to version 3, newest first.
    transitive = check_compatibility(Level.BACKWARD_TRANSITIVE, v3, [v1, v2])
    assert _rules(service, 1, 3, Level.BACKWARD_TRANSITIVE) == [(f.rule, f.path, f.against.number if f.against
                                                                 else None) for f in transitive]
    decided = next(d for d in comparison.decisions if d.level is Level.BACKWARD_TRANSITIVE)
    assert decided.decision is not None and [v.number for v in decided.decision.checked] == [1, 2]


def test_defaults_and_deleted_versions(service: ComparisonService, registry_service: Registry) -> None:
    comparison = service.compare("s", None, None)
    assert (comparison.old.version, comparison.new.version) == (2, 3)
    registry_service.deletion.delete_version("s", 2, permanent=False)
    comparison = service.compare("s", None, None)
    assert (comparison.old.version, comparison.new.version) == (1, 3)
    # A soft-deleted version can still be compared; the transitive levels skip it between the two.
    assert service.compare("s", 2, 3).old.deleted
    decided = next(d for d in service.compare("s", 1, 3).decisions if d.level is Level.FULL_TRANSITIVE)
    assert decided.decision is not None and [v.number for v in decided.decision.checked] == [1]
    with pytest.raises(VersionNotFound):
        service.compare("s", 9, 3)
    with pytest.raises(SubjectNotFound):
        service.compare("nothing", None, None)


def test_a_proposal_is_decided_as_the_compatibility_endpoint_decides_it(
    service: ComparisonService, registry_service: Registry
) -> None:
    registry_service.settings.set_config("s", {"compatibility": "BACKWARD"})
    proposal = SchemaRequest(_record(("b", "string")))  # reads v3's data: drops a, keeps b
    checked = service.check("s", proposal)
    assert checked.latest is not None and checked.latest.version == 3 and checked.level is Level.BACKWARD
    api = registry_service.compatibility.check("s", None, proposal, normalize=False, verbose=False)
    assert checked.result.is_compatible == api.is_compatible
    assert checked.result.decision == api.decision
    breaking = service.check("s", SchemaRequest(_record(("a", "string"), ("b", "string"))))
    assert not breaking.result.is_compatible
    assert breaking.result.decision and [f.rule for f in breaking.result.decision.findings] == ["TYPE_MISMATCH"]
    with pytest.raises(InvalidSchema) as invalid:
        service.check("s", SchemaRequest('{"type": "record"'))
    assert invalid.value.error_code == 42201


def test_the_contract_map_is_read_once_per_generation(service: ComparisonService, registry_service: Registry) -> None:
    empty, current = service.contract_map()
    assert current and empty.topics == () and empty.without_contracts == 1
    registry_service.contracts.put("reader", [ContractEntry("s", ContractRole.CONSUMES, schema=V3, from_version=3)])
    # After a write the map kept answers at once (not current) while a thread reads the new one.
    stale, current = service.contract_map()
    assert stale is empty and not current
    first = _current_map(service)
    assert [(t.topic, [c.service for c in t.consumers]) for t in first.topics] == [("s", ["reader"])]
    assert service.contract_map() == (first, True)  # no write since: the same map, from memory
    registry_service.contracts.put("writer", [ContractEntry("other-value", ContractRole.PRODUCES)])
    second = _current_map(service)
    assert second is not first
    assert [t.topic for t in second.topics] == ["other", "s"]


def _current_map(service: ComparisonService) -> ContractMap:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found, current = service.contract_map()
        if current:
            return found
        time.sleep(0.02)
    raise AssertionError("the map was not brought up to date")


def test_a_long_history_waits_to_be_asked_for_the_transitive_levels(registry_service: Registry) -> None:
    registry_service.settings.set_config("long", {"compatibility": "NONE"})
    count = TRANSITIVE_AT_ONCE + 2
    for n in range(1, count + 1):
        registry_service.registration.register("long", SchemaRequest(_record(*[(f"f{i}", "int") for i in range(n)])),
                                               normalize=False)
    service = ComparisonService(registry_service.ctx, registry_service.compatibility, registry_service.catalog)
    quick = {d.level: d for d in service.compare("long", 1, count).decisions}
    assert quick[Level.BACKWARD].decision is not None and not quick[Level.BACKWARD].deferred
    assert quick[Level.FULL_TRANSITIVE].decision is None
    assert quick[Level.FULL_TRANSITIVE].deferred == count - 1
    asked = {d.level: d for d in service.compare("long", 1, count, every_version=True).decisions}
    decided = asked[Level.FULL_TRANSITIVE].decision
    assert decided is not None and [v.number for v in decided.checked] == list(range(1, count))
    # A short history is decided at once.
    short = {d.level: d for d in service.compare("long", count - 2, count).decisions}
    assert short[Level.BACKWARD_TRANSITIVE].decision is not None
