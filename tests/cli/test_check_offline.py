"""`schemata check --against REF`: the manifest's schemas at a git ref are the previous versions."""

from __future__ import annotations

from pathlib import Path

from tests.cli.helpers import ORDER_SERVICE, Service, git, sample


def test_compatible_change_passes(repo: Service) -> None:
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 2))
    run = repo.run("check", "--against", "main")
    assert run.code == 0, run.output
    assert "PASS produces orders-value (schemas/order_placed.avsc, AVRO): compatible with main (BACKWARD)" in run.out
    assert "PASS consumes payments-value" in run.out
    assert "All contracts hold." in run.out


def test_breaking_change_fails_with_rules_and_hints(repo: Service) -> None:
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 3))
    run = repo.run("check", "--against", "main")
    assert run.code == 1, run.output
    assert "FAIL produces orders-value" in run.out
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in run.out
    assert "TYPE_MISMATCH" in run.out
    assert "Field 'shipping_address'" in run.out
    assert "hint:" in run.out
    assert "1 of 2 contract(s) broken." in run.out


def test_against_an_older_commit(repo: Service) -> None:
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 2))
    repo.commit("v2")
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 3))
    repo.commit("v3")
    assert repo.run("check", "--against", "HEAD~1").code == 1  # v3 against v2
    # At the v2 commit, v2 against v1 holds.
    git(repo.root, "checkout", "-q", "HEAD~1")
    assert repo.run("check", "--against", "HEAD~1").code == 0


def test_consumer_reader_must_read_the_previous_schema(repo: Service) -> None:
    repo.write("schemas/payment_processed.avsc", sample("avro", "payment_processed", 3))
    run = repo.run("check", "--against", "main")
    assert run.code == 1
    assert "FAIL consumes payments-value" in run.out
    assert "MISSING_ENUM_SYMBOLS" in run.out


def test_renamed_schema_file_is_matched_through_the_manifest_at_the_ref(repo: Service) -> None:
    (repo.root / "schemas/order_placed.avsc").unlink()
    repo.write("schemas/orders/v3.avsc", sample("avro", "order_placed", 3))
    repo.manifest(ORDER_SERVICE.replace("schemas/order_placed.avsc", "schemas/orders/v3.avsc"))
    run = repo.run("check", "--against", "main")
    assert run.code == 1
    assert "schemas/orders/v3.avsc" in run.out and "TYPE_MISMATCH" in run.out


def test_contract_new_since_the_ref_passes(repo: Service) -> None:
    repo.write("schemas/inventory.avsc", sample("avro", "inventory_reserved", 3))
    repo.manifest(ORDER_SERVICE + "  - topic: inventory\n    schema: schemas/inventory.avsc\n")
    run = repo.run("check", "--against", "main")
    assert run.code == 0, run.output
    assert "consumes inventory-value (schemas/inventory.avsc, AVRO): new: no previous version" in run.out


def test_level_comes_from_the_current_manifest(repo: Service) -> None:
    # inventory v2 widens quantity from int to long: v2 reads v1's data (BACKWARD holds), but v1 cannot
    # read v2's (FORWARD breaks).
    manifest = "compatibility: {}\nproduces:\n  - topic: inventory\n    schema: schemas/inventory.avsc\n"
    repo.manifest(manifest.format("BACKWARD"))
    repo.write("schemas/inventory.avsc", sample("avro", "inventory_reserved", 1))
    repo.commit("inventory v1")
    repo.write("schemas/inventory.avsc", sample("avro", "inventory_reserved", 2))
    assert repo.run("check", "--against", "HEAD").code == 0
    repo.manifest(manifest.format("FORWARD"))
    run = repo.run("check", "--against", "HEAD")
    assert run.code == 1
    assert "TYPE_MISMATCH at /fields/3/type (against HEAD, FORWARD)" in run.out


def test_manifest_in_a_subfolder_reports_paths_from_the_repository_root(repo: Service) -> None:
    sub = Service(repo.root / "services" / "orders")
    sub.manifest(ORDER_SERVICE)
    sub.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    sub.write("schemas/payment_processed.avsc", sample("avro", "payment_processed", 1))
    repo.commit("second service")
    sub.write("schemas/order_placed.avsc", sample("avro", "order_placed", 3))
    run = repo.run("check", "--config", "services/orders/schemata.yaml", "--against", "main")
    assert run.code == 1
    assert "services/orders/schemas/order_placed.avsc:" in run.out


def test_ref_that_does_not_exist(repo: Service) -> None:
    run = repo.run("check", "--against", "no-such-branch")
    assert run.code == 2
    assert "git ref 'no-such-branch' is not a commit in this repository" in run.err


def test_outside_git(service: Service) -> None:
    service.manifest(ORDER_SERVICE)
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    service.write("schemas/payment_processed.avsc", sample("avro", "payment_processed", 1))
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert "not inside a git repository" in run.err


def test_shallow_clone_says_the_ref_was_not_fetched_until_it_is(repo: Service, tmp_path: Path) -> None:
    git(repo.root, "checkout", "-q", "-b", "feature")
    repo.write("schemas/order_placed.avsc", sample("avro", "order_placed", 3))
    repo.commit("v3 on a branch")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "feature", repo.root.as_uri(), str(clone))
    ci = Service(clone)

    run = ci.run("check", "--against", "HEAD~1")
    assert run.code == 2
    assert "git ref 'HEAD~1' was not fetched: this is a shallow clone. Fetch it first (`git fetch --deepen=10`)" in (
        run.err
    )
    run = ci.run("check", "--against", "origin/main")
    assert run.code == 2
    assert "git fetch --depth=1 origin main:refs/remotes/origin/main" in run.err and "fetch-depth: 0" in run.err

    git(clone, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main")
    run = ci.run("check", "--against", "origin/main")
    assert run.code == 1, run.output
    assert "TYPE_MISMATCH" in run.out


ADDRESS = '{"type": "record", "name": "Address", "namespace": "shop", "fields": [%s]}'
ORDER = '{"type": "record", "name": "Order", "namespace": "shop", "fields": [{"name": "to", "type": "Address"}]}'
WITH_REFERENCE = """\
produces:
  - topic: orders
    schema: schemas/order.avsc
    references: [{name: shop.Address, subject: shop-address, version: 1%s}]
"""


def test_references_resolved_from_local_files(service: Service) -> None:
    service.init_git()
    service.manifest(WITH_REFERENCE % ", schema: schemas/address.avsc")
    service.write("schemas/order.avsc", ORDER)
    service.write("schemas/address.avsc", ADDRESS % '{"name": "city", "type": "string"}')
    service.commit("v1")
    # The order schema is unchanged, but the address it references gains a field without a default.
    zip_code = '{"name": "zip", "type": "string"}'
    service.write("schemas/address.avsc", ADDRESS % f'{{"name": "city", "type": "string"}}, {zip_code}')
    run = service.run("check", "--against", "main")
    assert run.code == 1, run.output
    assert "READER_FIELD_MISSING_DEFAULT_VALUE" in run.out and "zip" in run.out


def test_registry_reference_cannot_be_checked_offline(service: Service) -> None:
    service.init_git()
    service.manifest(WITH_REFERENCE % "")
    service.write("schemas/order.avsc", ORDER)
    service.commit("v1")
    run = service.run("check", "--against", "main")
    assert run.code == 2
    assert "produces[0]: reference 'shop.Address' needs the registry; give it a local `schema:` file" in run.err
