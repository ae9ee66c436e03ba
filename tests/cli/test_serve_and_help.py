"""`schemata serve` runs the registry; --help lists every command and states the exit codes."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import httpx

from tests.cli.helpers import COMMAND, environment, free_url, schemata

COMMANDS = [
    "check", "register", "compat", "subjects", "versions", "get", "config", "delete", "export", "import", "serve"
]


def test_serve_takes_options_and_environment_and_logs_json_from_every_worker(tmp_path: Path) -> None:
    url = free_url()
    env = environment({"SCHEMATA_PORT": url.rsplit(":", 1)[1]})
    database = tmp_path / "registry.db"
    with subprocess.Popen(
        [*COMMAND, "serve", "--database-url", f"sqlite:///{database}", "--log-format", "json", "--workers", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    ) as server:
        try:
            deadline = time.monotonic() + 30
            while True:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                try:
                    assert httpx.get(url + "/subjects", timeout=1).json() == []
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "the registry did not start"
                    time.sleep(0.2)
            assert schemata("subjects", "--registry", url, cwd=tmp_path).code == 0
        finally:
            server.terminate()
            output = server.communicate(timeout=10)[0].decode()
    assert database.exists()
    lines = output.splitlines()
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    workers = {e["message"] for e in entries if e["message"].startswith("Started server process")}
    assert len(workers) == 2, lines


def test_main_help_lists_commands_and_exit_codes(tmp_path: Path) -> None:
    run = schemata("--help", cwd=tmp_path)
    assert run.code == 0
    for command in COMMANDS:
        assert f"\n  {command} " in run.out
    assert "3  the registry could not be reached" in run.out


def test_check_help_documents_formats_and_exit_codes(tmp_path: Path) -> None:
    run = schemata("check", "-h", cwd=tmp_path)
    assert run.code == 0 and run.out.startswith("Usage: schemata check [OPTIONS]")
    out = run.out
    assert "[text|json|junit|sarif|github]" in out
    assert "SCHEMATA_REGISTRY_URL" in out
    assert "Exit codes: 0 every contract holds; 1 a contract is broken; 2 bad usage" in out
