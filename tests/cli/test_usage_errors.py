"""Exit code 2: a broken or missing manifest, a missing or invalid schema, bad usage; each message names the file."""

from __future__ import annotations

import pytest

from tests.cli.helpers import Service, sample

ORDERS = "produces:\n  - topic: orders\n    schema: schemas/order_placed.avsc\n"


def test_missing_manifest(service: Service) -> None:
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert "Error: schemata.yaml: no such manifest (give its path with --config)" in run.err


def test_manifest_that_is_not_yaml(service: Service) -> None:
    service.write("contracts.yaml", "produces:\n  - topic: [orders\n")
    run = service.run("check", "--config", "contracts.yaml", "--against", "main")
    assert run.code == 2
    assert "Error: contracts.yaml: not valid YAML:" in run.err
    assert "line 2" in run.err


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("- just a list\n", "schemata.yaml: expected a mapping, got list"),
        ("produces: []\n", "schemata.yaml: declares no contracts"),
        ("produce:\n  - topic: orders\n", "schemata.yaml: unknown key 'produce'; expected one of"),
        ("produces:\n  - topic: orders\n", "schemata.yaml: produces[0]: missing `schema:`"),
        ("produces:\n  - schema: a.avsc\n", "schemata.yaml: produces[0]: needs a `topic:` or a `subject:`"),
        ("produces:\n  - {topic: o, schema: a.xsd}\n", "produces[0]: cannot tell the schema type of 'a.xsd'"),
        ("produces:\n  - {topic: o, schema: a.avsc, type: XML}\n", "produces[0].type: unknown schema type 'XML'"),
        ("compatibility: SIDEWAYS\n" + ORDERS, "schemata.yaml: compatibility: unknown level 'SIDEWAYS'"),
        (
            "produces:\n  - {topic: o, schema: a.avsc, references: [{name: X, subject: s, version: 0}]}\n",
            "produces[0].references[0].version: must be a version number or `latest`, not 0",
        ),
        (
            "consumes:\n  - {topic: o, schema: a.avsc, subject_strategy: by_name}\n",
            "consumes[0].subject_strategy: unknown strategy 'by_name'",
        ),
    ],
)
def test_manifest_errors_name_the_file_and_the_key(service: Service, manifest: str, message: str) -> None:
    service.manifest(manifest)
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert message in run.err


def test_missing_schema_file_is_named(service: Service) -> None:
    service.manifest(ORDERS)
    run = service.run("check", "--registry", "http://127.0.0.1:9")
    assert run.code == 2
    assert "Error: schemas/order_placed.avsc: no such file (named by schemata.yaml produces[0].schema)" in run.err


def test_schema_path_that_is_a_folder_is_named(service: Service) -> None:
    service.manifest(ORDERS)
    (service.root / "schemas" / "order_placed.avsc").mkdir(parents=True)
    run = service.run("check", "--registry", "http://127.0.0.1:9")
    assert run.code == 2
    assert "Error: schemas/order_placed.avsc: is a folder, not a schema file" in run.err


def test_invalid_schema_names_the_file_and_the_reason(service: Service) -> None:
    service.init_git()
    service.manifest(ORDERS)
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    service.commit("v1")
    service.write("schemas/order_placed.avsc", '{"type": "record", "name": "OrderPlaced", "fields": [{"name": "x"}]}')
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert "Error: schemas/order_placed.avsc: invalid AVRO schema" in run.err


def test_unreadable_schema_at_the_ref_names_the_ref(service: Service) -> None:
    service.init_git()
    service.manifest(ORDERS)
    service.write("schemas/order_placed.avsc", "{not json")
    service.commit("broken v1")
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert "schemas/order_placed.avsc at main: invalid AVRO schema" in run.err


def test_registry_and_against_together_is_bad_usage(service: Service) -> None:
    service.manifest(ORDERS)
    run = service.run("check", "--registry", "http://127.0.0.1:9", "--against", "main")
    assert run.code == 2
    assert "give --registry or --against, not both" in run.err


def test_online_check_without_a_registry(service: Service) -> None:
    service.manifest(ORDERS)
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    run = service.run("check")
    assert run.code == 2
    assert "no registry given: use --registry URL, set SCHEMATA_REGISTRY_URL, or `registry:` in schemata.yaml" in (
        run.err
    )


def test_unknown_format_is_bad_usage(service: Service) -> None:
    run = service.run("check", "--format", "html")
    assert run.code == 2
    assert "'html' is not one of" in run.err
