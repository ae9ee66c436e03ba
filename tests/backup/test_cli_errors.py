"""Exit codes of `export` and `import`: 2 for bad usage or a file that is not an export, 3 for no registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from schemata.cli.commands.backup import export_command, import_command
from tests.backup.helpers import run
from tests.conftest import free_port

MINIMAL = {"format": "schemata-export", "version": 1, "exportedFrom": "x", "config": {}, "mode": "READWRITE",
           "subjects": []}


@pytest.fixture
def nowhere() -> str:
    """A registry URL nothing listens on."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read {file}: No such file or directory"),
        (b"\xff\xfe", "cannot read {file}: 'utf-8' codec can't decode"),
        (b"not json", "{file} is not a schemata export: not JSON"),
        (json.dumps({**MINIMAL, "format": "other"}).encode(), '{file} is not a schemata export: `format` must be'),
        (json.dumps({**MINIMAL, "subjects": [{"subject": "a", "versions": [{"version": 1}]}]}).encode(),
         "{file} is not a schemata export: subject 'a' versions[0] has no `schema`"),
        (json.dumps({**MINIMAL, "subjects": [
            {"subject": "a", "versions": [{"version": 1, "id": 1, "schema": "s", "schemaType": "AVRO",
                                           "deleted": False, "references": [{"name": "n", "subject": "a",
                                                                             "version": 1}]}]}]}).encode(),
         "{file}: references form a cycle among 'a' version 1"),
    ],
)
def test_an_unreadable_or_invalid_file_exits_2_naming_it(
    tmp_path: Path, nowhere: str, content: bytes | None, message: str
) -> None:
    file = tmp_path / "backup.json"
    if content is not None:
        file.write_bytes(content)
    result = run(import_command, str(file), "--registry", nowhere)
    assert result.exit_code == 2
    assert message.format(file=file) in result.stderr


@pytest.mark.parametrize("args", [[], ["file.json", "--from-registry", "http://127.0.0.1:1"]])
def test_import_needs_a_file_or_a_source_registry(nowhere: str, args: list[str]) -> None:
    result = run(import_command, *args, "--registry", nowhere)
    assert result.exit_code == 2
    assert "give FILE or --from-registry URL, one of them" in result.stderr


def test_no_registry_given_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no schemata.yaml to take `registry:` from
    monkeypatch.delenv("SCHEMATA_REGISTRY_URL", raising=False)
    result = run(export_command, "out.json")
    assert result.exit_code == 2
    assert "no registry given" in result.stderr


@pytest.mark.parametrize("command", ["export", "import FILE", "import --from-registry"])
def test_an_unreachable_registry_exits_3(tmp_path: Path, nowhere: str, command: str) -> None:
    file = tmp_path / "backup.json"
    file.write_text(json.dumps(MINIMAL))
    result = {
        "export": lambda: run(export_command, str(tmp_path / "out.json"), "--registry", nowhere),
        "import FILE": lambda: run(import_command, str(file), "--registry", nowhere),
        "import --from-registry": lambda: run(import_command, "--from-registry", nowhere, "--registry", "http://x"),
    }[command]()
    assert result.exit_code == 3, result.output
    assert f"Schema registry at {nowhere}" in result.stderr and "unreachable" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_an_unwritable_export_file_exits_2(source_registry: str, tmp_path: Path) -> None:
    file = tmp_path / "missing-folder" / "backup.json"
    result = run(export_command, str(file), "--registry", source_registry)
    assert result.exit_code == 2
    assert f"cannot write {file}: No such file or directory" in result.stderr
