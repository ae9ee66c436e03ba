"""The UI's service (UiPagesService), called directly on a registry of the test's own: the search, the pages
and their counts, what a row shows, a subject's view, the audit log's order and pages."""

from __future__ import annotations

import json

import pytest

from schemata.registry.domain import ContractRole, Mode, SchemaRequest
from schemata.registry.errors import InvalidRequest, InvalidSubject, SubjectNotFound, VersionNotFound
from schemata.registry.security.access import SubjectPatterns
from schemata.registry.service import Registry
from schemata.registry.service.event_contracts import ContractEntry
from schemata.registry.service.ui_pages import MAX_PAGE_SIZE, UiPagesService


def record(name: str, *fields: str) -> str:
    return json.dumps({
        "type": "record", "name": name,
        "fields": [{"name": f, "type": "string", "default": ""} for f in fields],
    })


def register(registry: Registry, subject: str, schema: str, **options: object) -> int:
    return registry.registration.register(subject, SchemaRequest(schema, **options), normalize=False).version  # type: ignore[arg-type]


@pytest.fixture
def ui(registry_service: Registry) -> UiPagesService:
    return UiPagesService(registry_service.ctx, registry_service.contracts)


def test_search_finds_a_part_of_a_name_in_any_ascii_case_and_takes_wildcards_literally(
    registry_service: Registry, ui: UiPagesService
) -> None:
    for subject in ("Orders-value", "b2b_orders", "b2bXorders", "payments", "100%-orders"):
        register(registry_service, subject, record("R"))
    assert [r.subject for r in ui.subjects(contains="orders").rows] == [
        "100%-orders", "Orders-value", "b2bXorders", "b2b_orders",
    ]
    assert [r.subject for r in ui.subjects(contains="ORDERS-").rows] == ["Orders-value"]
    assert [r.subject for r in ui.subjects(contains="b2b_").rows] == ["b2b_orders"]  # `_` is no wildcard
    assert [r.subject for r in ui.subjects(contains="%").rows] == ["100%-orders"]  # nor `%`
    assert ui.subjects(contains="  payments ").total == 1  # the search text is trimmed
    assert ui.subjects(contains="\x00").rows == []


def test_pages_count_every_match_and_hold_the_page_only(registry_service: Registry, ui: UiPagesService) -> None:
    names = [f"s-{index:02}" for index in range(7)]
    for name in names:
        register(registry_service, name, record("R"))
    registry_service.deletion.delete_subject("s-03", permanent=False)  # no live version: not listed
    first = ui.subjects(limit=4)
    assert [r.subject for r in first.rows] == ["s-00", "s-01", "s-02", "s-04"]
    assert (first.total, first.previous_offset, first.next_offset) == (6, None, 4)
    second = ui.subjects(offset=4, limit=4)
    assert [r.subject for r in second.rows] == ["s-05", "s-06"]
    assert (second.previous_offset, second.next_offset) == (0, None)


@pytest.mark.parametrize(("offset", "limit"), [(0, 0), (0, MAX_PAGE_SIZE + 1), (-1, 10)])
def test_a_page_out_of_bounds_is_refused(ui: UiPagesService, offset: int, limit: int) -> None:
    with pytest.raises(InvalidRequest):
        ui.subjects(offset=offset, limit=limit)


def test_a_reader_with_some_grants_lists_and_counts_only_those(registry_service: Registry, ui: UiPagesService) -> None:
    for subject in ("team-a-orders", "team-a-payments", "team-b-orders", "other"):
        register(registry_service, subject, record("R"))
    readable = SubjectPatterns(["team-a-*", "oth?r"])
    found = ui.subjects(contains="orders", readable=readable)
    assert ([r.subject for r in found.rows], found.total) == (["team-a-orders"], 1)
    everything = ui.subjects(readable=readable, limit=2)
    assert ([r.subject for r in everything.rows], everything.total) == (["other", "team-a-orders"], 3)
    assert ui.subjects(readable=SubjectPatterns([])).total == 0


def test_a_row_shows_the_type_latest_version_versions_level_and_services(
    registry_service: Registry, ui: UiPagesService
) -> None:
    register(registry_service, "orders", record("Order", "id"))
    register(registry_service, "orders", record("Order", "id", "note"))
    register(registry_service, "orders", record("Order", "id", "note", "more"))
    registry_service.deletion.delete_version("orders", 1, permanent=False)
    register(registry_service, "shapes", json.dumps({"type": "object"}), schema_type="JSON")
    registry_service.settings.set_config("shapes", {"compatibility": "FULL"})
    registry_service.contracts.put("shop", [ContractEntry("orders", ContractRole.PRODUCES, "orders")])
    registry_service.contracts.put("billing", [
        ContractEntry("orders", ContractRole.CONSUMES, "orders", "AVRO", record("Order", "id")),
    ])
    orders, shapes = ui.subjects().rows
    assert (orders.schema_type, orders.latest, orders.versions, orders.deleted_versions, orders.level) == (
        "AVRO", 3, 2, 1, "BACKWARD",
    )
    assert (orders.producers, orders.consumers) == (("shop",), ("billing",))
    assert (shapes.schema_type, shapes.level, shapes.producers) == ("JSON", "FULL", ())


def test_a_subject_view_holds_its_versions_settings_services_and_referrers(
    registry_service: Registry, ui: UiPagesService
) -> None:
    register(registry_service, "money", record("Money", "currency"))
    register(registry_service, "money", record("Money", "currency", "units"))
    registry_service.deletion.delete_version("money", 1, permanent=False)
    registry_service.settings.set_config("money", {"compatibility": "FULL_TRANSITIVE"})
    registry_service.settings.set_mode("money", Mode.READONLY, force=False)
    price = json.dumps({"type": "record", "name": "Price", "fields": [{"name": "amount", "type": "Money"}]})
    registry_service.registration.register(
        "prices", SchemaRequest(price, references=(("Money", "money", 2),)), normalize=False
    )
    view = ui.subject("money")
    assert [(v.version, v.deleted) for v in view.versions] == [(1, True), (2, False)]
    assert view.live_versions == [2]
    assert (view.shown.version, view.shown.deleted) == (2, False)
    assert view.config["compatibilityLevel"] == "FULL_TRANSITIVE"
    assert view.own_config == {"compatibilityLevel": "FULL_TRANSITIVE"}
    assert view.mode is Mode.READONLY
    assert [(target, r.subject, r.version) for target, r in view.referenced_by] == [(2, "prices", 1)]
    assert ui.subject("money", 1).shown.deleted  # a soft-deleted version can be looked at
    assert [(r.name, r.subject, r.version) for r in ui.subject("prices").shown.record.references] == [
        ("Money", "money", 2),
    ]


def test_a_subject_whose_versions_are_all_deleted_shows_its_newest(
    registry_service: Registry, ui: UiPagesService
) -> None:
    register(registry_service, "gone", record("Gone", "a"))
    register(registry_service, "gone", record("Gone", "a", "b"))
    registry_service.deletion.delete_subject("gone", permanent=False)
    view = ui.subject("gone")
    assert (view.shown.version, view.shown.deleted, view.live_versions) == (2, True, [])
    assert view.config["compatibilityLevel"] == "BACKWARD"  # the default, never stored
    assert view.own_config == {}


def test_a_version_view_parses_metadata_and_the_rule_set(registry_service: Registry, ui: UiPagesService) -> None:
    metadata = json.dumps({"properties": {"owner": "team-a"}})
    rules = json.dumps({"domainRules": [{"name": "positive", "kind": "CONDITION", "type": "CEL", "mode": "WRITE",
                                         "expr": "message.amount > 0"}]})
    register(registry_service, "paid", record("Paid", "amount"), metadata=metadata, rule_set=rules)
    shown = ui.subject("paid").shown
    assert shown.metadata == {"properties": {"owner": "team-a"}}
    assert shown.rule_set is not None and shown.rule_set["domainRules"][0]["name"] == "positive"


def test_unknown_subjects_and_versions_and_bad_names_are_refused(
    registry_service: Registry, ui: UiPagesService
) -> None:
    register(registry_service, "here", record("Here"))
    with pytest.raises(SubjectNotFound):
        ui.subject("not-here")
    with pytest.raises(VersionNotFound):
        ui.subject("here", 5)
    with pytest.raises(InvalidSubject):
        ui.subject("bad\x01name")


def test_the_audit_log_reads_newest_first_by_pages_and_by_subject(
    registry_service: Registry, ui: UiPagesService
) -> None:
    for index in range(5):
        registry_service.audit.record("ann", "POST", f"/subjects/s{index % 2}/versions", f"s{index % 2}", 200 + index)
    newest = ui.audit(limit=2)
    assert [e.status for e in newest.entries] == [204, 203]
    assert newest.older is not None
    assert [e.status for e in ui.audit(before=newest.older, limit=2).entries] == [202, 201]
    last = ui.audit(before=ui.audit(limit=4).older, limit=2)
    assert ([e.status for e in last.entries], last.older) == ([200], None)
    assert [e.status for e in ui.audit(subject="s1").entries] == [203, 201]
    with pytest.raises(InvalidRequest):
        ui.audit(limit=0)
