"""`schemata compat OLD NEW`: two files compared ad hoc, in each format."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import REPO, SAMPLES, schemata

EXTENSIONS = {"avro": "avsc", "json": "json", "protobuf": "proto"}


def path(fmt: str, event: str, version: int) -> str:
    return str((SAMPLES / fmt / event / f"v{version}.{EXTENSIONS[fmt]}").relative_to(REPO))


@pytest.mark.parametrize(
    ("fmt", "rules"),
    [
        ("avro", {"TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"}),
        ("json", {"TYPE_CHANGED", "REQUIRED_ATTRIBUTE_ADDED", "REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL"}),
        ("protobuf", {"FIELD_SCALAR_KIND_CHANGED"}),
    ],
)
def test_compatible_and_breaking_pairs(fmt: str, rules: set[str]) -> None:
    run = schemata("compat", path(fmt, "order_placed", 1), path(fmt, "order_placed", 2), cwd=REPO)
    assert run.code == 0, run.output
    assert f"PASS compat ({path(fmt, 'order_placed', 2)}, {fmt.upper()}): compatible with" in run.out

    run = schemata("compat", path(fmt, "order_placed", 2), path(fmt, "order_placed", 3), "--format", "json", cwd=REPO)
    assert run.code == 1, run.output
    (contract,) = json.loads(run.out)["contracts"]
    assert {finding["rule"] for finding in contract["findings"]} == rules
    assert all(finding["line"] > 1 for finding in contract["findings"])


def test_level_decides_the_direction() -> None:
    # inventory v2 widens int to long: readable backward, not forward.
    old, new = path("avro", "inventory_reserved", 1), path("avro", "inventory_reserved", 2)
    assert schemata("compat", old, new, cwd=REPO).code == 0
    run = schemata("compat", old, new, "--level", "forward", cwd=REPO)
    assert run.code == 1
    assert "TYPE_MISMATCH at /fields/3/type (against " in run.out and ", FORWARD)" in run.out
    assert schemata("compat", old, new, "--level", "NONE", cwd=REPO).code == 0


def test_type_option_for_files_without_a_known_extension(tmp_path) -> None:
    (tmp_path / "old.txt").write_text((SAMPLES / "avro/order_placed/v1.avsc").read_text())
    (tmp_path / "new.txt").write_text((SAMPLES / "avro/order_placed/v3.avsc").read_text())
    run = schemata("compat", "old.txt", "new.txt", cwd=tmp_path)
    assert run.code == 2 and "cannot tell the schema type of new.txt from its extension; give --type" in run.err
    assert schemata("compat", "old.txt", "new.txt", "--type", "avro", cwd=tmp_path).code == 1


def test_missing_and_invalid_files_exit_2(tmp_path) -> None:
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage M { string a = ; }\n')
    run = schemata("compat", "nope.avsc", "other.avsc", cwd=tmp_path)
    assert run.code == 2 and "nope.avsc: no such file (named by the command line)" in run.err
    (tmp_path / "good.proto").write_text('syntax = "proto3";\nmessage M { string a = 1; }\n')
    run = schemata("compat", "good.proto", "bad.proto", cwd=tmp_path)
    assert run.code == 2 and "bad.proto: invalid PROTOBUF schema" in run.err
