"""The CLI in CI runs on untrusted pull requests: the real `schemata` command against hostile manifests and
files. Each case ends with exit 2 and a message naming the limit, never a traceback or a file read from outside
the repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import COMMAND, Service, environment, sample, schemata

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
compatibility: *i
produces:
  - topic: orders
    schema: schemas/order_placed.avsc
"""


@pytest.fixture
def service(tmp_path: Path) -> Service:
    root = tmp_path / "service"
    root.mkdir()
    return Service(root)


def _clean_exit_2(run_code: int, output: str, *needles: str) -> None:
    assert run_code == 2, output
    assert "Traceback" not in output, output
    for needle in needles:
        assert needle in output, output


@pytest.mark.parametrize("command", ["check", "register"])
def test_a_yaml_alias_bomb_is_refused(service: Service, command: str) -> None:
    service.manifest(BOMB)
    service.write("schemas/order_placed.avsc", sample("avro", "order_placed", 1))
    run = service.run(command, "--registry", "http://127.0.0.1:9")
    _clean_exit_2(run.code, run.output, "aliases (*name) are not allowed in a manifest")


def test_an_oversized_manifest_is_refused(service: Service) -> None:
    service.manifest("produces: []\n" + "#" * (2 * 1024 * 1024))
    run = service.run("check", "--registry", "http://127.0.0.1:9")
    _clean_exit_2(run.code, run.output, "a manifest is at most 1048576 bytes")


@pytest.mark.parametrize("where", ["dotdot", "absolute", "symlink"])
def test_schema_paths_stay_inside_the_repository(service: Service, tmp_path: Path, where: str) -> None:
    secret = tmp_path / "outside" / "creds.json"
    secret.parent.mkdir()
    secret.write_text(sample("avro", "order_placed", 1))
    service.init_git()
    if where == "symlink":
        (service.root / "schemas").mkdir()
        os.symlink(secret, service.root / "schemas" / "link.avsc")
        path = "schemas/link.avsc"
    else:
        path = "../outside/creds.json" if where == "dotdot" else str(secret)
    service.manifest(f"produces:\n  - topic: orders\n    schema: {path}\n    type: AVRO\n")
    for command in ("check", "register"):
        run = service.run(command, "--registry", "http://127.0.0.1:9")
        _clean_exit_2(run.code, run.output, "schema paths must stay inside the repository")


def test_schemata_compat_of_a_40_mb_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "old.avsc").write_text(sample("avro", "order_placed", 1))
    with (tmp_path / "new.avsc").open("w") as big:
        big.write('{"type": "record", "name": "Big", "fields": [], "doc": "')
        big.write("x" * (40 * 1024 * 1024))
        big.write('"}')
    run = schemata("compat", "old.avsc", "new.avsc", cwd=tmp_path)
    _clean_exit_2(run.code, run.output, "the limit is 8388608")


@pytest.mark.parametrize("content", ["[" * 200_000, "{" * 50 + "\x00\x01garbage", "\ufffd" * 1000])
def test_schemata_import_of_a_nested_or_random_file_exits_2(tmp_path: Path, content: str) -> None:
    (tmp_path / "backup.json").write_text(content)
    done = subprocess.run(
        [*COMMAND, "import", "backup.json", "--registry", "http://127.0.0.1:9"], cwd=tmp_path, env=environment(),
        capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
    )
    _clean_exit_2(done.returncode, done.stdout + done.stderr, "is not a schemata export")
