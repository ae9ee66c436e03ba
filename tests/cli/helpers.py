"""Helpers of the CLI tests: the real `schemata` command as a subprocess, service repositories, sample schemas.

The command is the console script that `pip install -e .` put beside the test interpreter.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "sample_schemas"
SCRIPT = Path(sys.executable).with_name("schemata")
COMMAND = [str(SCRIPT)]
ORDER_SERVICE = """\
compatibility: BACKWARD
produces:
  - topic: orders
    schema: schemas/order_placed.avsc
consumes:
  - topic: payments
    schema: schemas/payment_processed.avsc
"""


@dataclass(frozen=True)
class Run:
    """A finished `schemata` run."""

    code: int
    out: str
    err: str

    @property
    def output(self) -> str:
        return self.out + self.err


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for `schemata`: this one without its SCHEMATA_* variables."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("SCHEMATA_")}
    return {**base, **(extra or {})}


def schemata(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `schemata ARGS` in `cwd`, with `environment(env)`."""
    done = subprocess.run(
        [*COMMAND, *args], cwd=cwd, env=environment(env), capture_output=True, text=True, timeout=60,
        stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` and return its output; fails the test if git fails."""
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def sample(fmt: str, event: str, version: int) -> str:
    """The text of a sample schema, e.g. sample("avro", "order_placed", 2)."""
    extension = {"avro": "avsc", "json": "json", "protobuf": "proto"}[fmt]
    return (SAMPLES / fmt / event / f"v{version}.{extension}").read_text()


class Service:
    """A service's repository: a manifest, its schema files, and (optionally) git history."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relpath: str, text: str) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def manifest(self, text: str) -> None:
        self.write("schemata.yaml", text)

    def init_git(self) -> None:
        git(self.root, "init", "-q", "-b", "main")
        git(self.root, "config", "user.email", "ci@example.com")
        git(self.root, "config", "user.name", "CI")
        git(self.root, "config", "commit.gpgsign", "false")

    def commit(self, message: str) -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)

    def run(self, *args: str, env: dict[str, str] | None = None) -> Run:
        return schemata(*args, cwd=self.root, env=env)


def free_url() -> str:
    """The URL of a loopback port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"
