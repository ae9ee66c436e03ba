"""Export a registry that uses every feature, restore it into empty registries, and compare what clients see."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from schemata.cli.commands.backup import export_command, import_command
from tests.backup.conftest import StartRegistry
from tests.backup.helpers import (
    IDS,
    MONEY,
    MONEY_REF,
    PLANNED,
    SERVICES,
    SUBJECTS,
    Registry,
    decisions,
    run,
    schemata,
    snapshot,
)
from tests.conftest import LiveServer, create_pg_database, drop_pg_database


@pytest.fixture(scope="module")
def exported(source_registry: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source registry's export file."""
    file = tmp_path_factory.mktemp("export") / "registry.json"
    result = run(export_command, str(file), "--registry", source_registry)
    assert result.exit_code == 0, result.output
    assert f"exported 13 versions of {len(SUBJECTS)} subjects from {source_registry}" in result.stdout
    return file


def test_two_exports_of_a_registry_are_byte_identical(source_registry: str, exported: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.json"
    assert run(export_command, str(again), "--registry", source_registry).exit_code == 0
    assert again.read_bytes() == exported.read_bytes()


def test_restore_into_an_empty_registry_reproduces_it(
    source_registry: str, exported: Path, empty_registry: StartRegistry, tmp_path: Path
) -> None:
    target = empty_registry()
    result = run(import_command, str(exported), "--registry", target.url)
    assert result.exit_code == 0, result.output
    assert "Importing" in result.stderr
    restored = tmp_path / "restored.json"
    assert run(export_command, str(restored), "--registry", target.url).exit_code == 0
    # The same state; each registry's audit log holds the writes made to it (the target's: the import's).
    source_text, restored_text = exported.read_text().replace(source_registry, target.url), restored.read_text()
    source_audit, restored_audit = json.loads(source_text).pop("audit"), json.loads(restored_text).pop("audit")
    assert _without_audit(restored_text) == _without_audit(source_text)
    assert {e["method"] for e in source_audit} >= {"POST", "PUT", "DELETE"}
    assert {(e["method"], e["path"]) for e in restored_audit} >= {("PUT", "/mode?force=true")}
    assert snapshot(target.url) == snapshot(source_registry)
    assert decisions(target.url) == decisions(source_registry)
    # Importing again is refused at the first version the target cannot take, and changes nothing a client
    # sees (the soft-deleted versions before it are imported over, then soft-deleted again).
    again = run(import_command, str(exported), "--registry", target.url)
    assert again.exit_code == 1
    assert "refused subject 'customers-value' version 1 (id 6): it holds this schema as version 2 with id 6 " \
        "(the target already holds conflicting data" in again.stderr
    assert snapshot(target.url) == snapshot(source_registry)  # back in its own global mode too
    # The target goes on from the highest imported id, as the source would.
    with Registry(target.url) as registry:
        assert registry.register("fresh-value", '"string"') == max(IDS) + 1
        # Ids per context came back as they were: `.staging` numbers on from its own last id.
        staging = registry.call("GET", "/schemas/ids/2", subject=":.staging:orders-value")
        assert isinstance(staging, dict) and staging["references"] == MONEY_REF
        assert registry.register(":.staging:fresh", '"string"') == 3


def _without_audit(text: str) -> dict[str, object]:
    document = json.loads(text)
    del document["audit"]
    return document


def test_the_source_is_what_populate_built(source_registry: str) -> None:
    """Guards the comparisons above against a source that lost what it should show (both sides empty)."""
    state = snapshot(source_registry)
    assert state["/subjects?deleted=true"] == (200, SUBJECTS)
    assert "legacy-value" not in state["/subjects"][1]
    assert state["/subjects/customers-value/versions?deleted=true"] == (200, [1, 2])
    assert state["/subjects/customers-value/versions"] == (200, [2])
    assert state["/subjects/orders-value/versions"] == (200, [1, 2])
    assert state["/subjects/money/versions/1/referencedby"] == (200, [2, 4])  # live referrers only
    assert state["/subjects/events-json/versions?deleted=true"] == (200, [2])
    assert state["/schemas/ids/3"][0] == state["/schemas/ids/8"][0] == 404
    assert state["/mode/payments-value"] == (200, {"mode": "READONLY"})
    assert state["/config/orders-value"] == (200, {"compatibilityLevel": "FULL_TRANSITIVE",
                                                   "compatibilityGroup": "major", "validateFields": True})
    # The global config answers what `__GLOBAL` sets and it does not (normalize), as Confluent's does.
    assert state["/config"] == (200, {"compatibilityLevel": "FULL", "compatibilityPolicy": "LENIENT",
                                      "validateFields": True, "validateRules": True, "normalize": True})
    events = state["/config/events-json"][1]
    assert set(events) == {"compatibilityLevel", "compatibilityPolicy", "validateFields", "normalize",
                           "defaultMetadata", "overrideMetadata", "defaultRuleSet", "overrideRuleSet"}
    assert state["/config/:.staging:"] == (200, {"compatibilityLevel": "NONE", "validateFields": True})
    assert state["/mode/:.staging:"] == (200, {"mode": "READWRITE"})
    assert state["/config/:.__GLOBAL:"] == (200, {"compatibilityLevel": "BACKWARD_TRANSITIVE", "normalize": True})
    assert state["/lint/config"][1]["enabled"] is True
    assert state["/lint/config/money"][1]["enabled"] is False
    assert state["/lint/config/orders-value"][1]["error_code"] == 40408
    assert state["/contracts/enforcement"] == (200, {"enforcement": "WARN"})
    assert state["/contracts/enforcement/orders-value"] == (200, {"enforcement": "OFF"})
    assert state[f"/config/{PLANNED}"] == (200, {"compatibilityLevel": "FORWARD_TRANSITIVE", "validateFields": True})
    assert state["/settings/scopes"] == (200, {
        "config": [":.__GLOBAL:", ":.staging:", "events-json", "legacy-value", "orders-value", PLANNED],
        "mode": [":.staging:", "events-json", "payments-value", PLANNED],
        "lint": ["money", PLANNED],
        "enforcement": ["money", "orders-value", PLANNED],
    })
    assert state["/contracts/services"] == (200, SERVICES)
    decided = decisions(source_registry)
    assert decided[":.staging:orders-value"][1]["is_compatible"] is True  # its context's NONE
    assert decided["orders-value"][1]["is_compatible"] is False
    billing = state["/contracts/services/billing"][1]
    assert billing["consumes"][0]["references"] == MONEY_REF and billing["consumes"][0]["fromVersion"] == 1


def _money_under_another_id(registry: Registry) -> None:
    registry.register("other", '"string"')  # takes id 1
    registry.register("money", MONEY)  # id 2: the source has it as id 1


def _money_as_another_version(registry: Registry) -> None:
    registry.call("PUT", "/mode", {"mode": "IMPORT"}, force="true")
    registry.register("money", MONEY, id=1, version=2)  # the source has it as version 1
    registry.call("PUT", "/mode", {"mode": "READWRITE"})


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (_money_under_another_id, "Schema already registered with id 2 instead of input id 1 (error 42207)"),
        # The registry answers the live version it has and writes nothing: only the answer tells.
        (_money_as_another_version, "it holds this schema as version 2 with id 1"),
    ],
    ids=["another-id", "another-version"],
)
def test_a_target_with_conflicting_data_is_refused(
    exported: Path, empty_registry: StartRegistry, setup: Callable[[Registry], None], reason: str
) -> None:
    target = empty_registry()
    with Registry(target.url) as registry:
        setup(registry)
    before = snapshot(target.url)
    result = run(import_command, str(exported), "--registry", target.url)
    assert result.exit_code == 1
    assert f"refused subject 'money' version 1 (id 1): {reason} (the target already holds conflicting data" \
        in result.stderr
    assert snapshot(target.url) == before  # nothing written, and the target back in its own global mode


def test_copy_from_registry_into_postgres_with_the_installed_cli(source_registry: str, tmp_path: Path) -> None:
    database_url, database = create_pg_database()
    target = LiveServer(database_url, tmp_path / "server.log")
    try:
        copied = schemata("import", "--from-registry", source_registry, env={"SCHEMATA_REGISTRY_URL": target.url})
        assert copied.returncode == 0, copied.stderr
        assert f"imported 13 versions of {len(SUBJECTS)} subjects from {source_registry}" in copied.stdout
        assert "Exporting" in copied.stderr and "Importing" in copied.stderr
        source_file, target_file = tmp_path / "source.json", tmp_path / "target.json"
        assert schemata("export", str(source_file), "--registry", source_registry).returncode == 0
        assert schemata("export", str(target_file), "--registry", target.url).returncode == 0
        expected = _without_audit(source_file.read_text().replace(source_registry, target.url))
        assert _without_audit(target_file.read_text()) == expected
        assert snapshot(target.url) == snapshot(source_registry)
        assert decisions(target.url) == decisions(source_registry)
    finally:
        target.stop()
        drop_pg_database(database)


def test_a_version_1_file_is_restored(empty_registry: StartRegistry, tmp_path: Path) -> None:
    """A file the previous format wrote (three config fields at most) restores as it did, and exports again in
    the current format."""
    file = tmp_path / "old.json"
    file.write_text(json.dumps({
        "format": "schemata-export", "version": 1, "exportedFrom": "http://old", "mode": "READWRITE",
        "config": {"compatibilityLevel": "FULL"},
        "subjects": [{"subject": "money", "config": {"compatibilityLevel": "NONE", "normalize": True},
                      "versions": [{"version": 1, "id": 4, "deleted": False, "schema": MONEY, "schemaType": "AVRO"}]}],
    }))
    target = empty_registry()
    result = run(import_command, str(file), "--registry", target.url)
    assert result.exit_code == 0, result.output
    assert "imported 1 versions of 1 subjects" in result.stdout
    with Registry(target.url) as registry:
        assert registry.call("GET", "/config/money") == {"compatibilityLevel": "NONE", "normalize": True}
        assert registry.call("GET", "/config") == {"compatibilityLevel": "FULL"}
        version = registry.call("GET", "/subjects/money/versions/1")
        assert isinstance(version, dict) and version["id"] == 4
    again = tmp_path / "again.json"
    assert run(export_command, str(again), "--registry", target.url).exit_code == 0
    document = json.loads(again.read_text())
    assert document["version"] == 2
    assert document["subjects"][0]["config"] == {"compatibilityLevel": "NONE", "normalize": True}
