"""docs/walkthrough.md, run as written: every `console` block's commands in a shell, their output compared.

Each section (`## ...`) starts at the root of a copy of this repository (a git repository, as a checkout
is). A command's shown output must match what it printed (stdout and stderr, as a terminal shows them),
line for line; a `...` line stands for any number of lines; a command shown without output is not checked.
The registry is a fresh one of the test's own: the doc's `http://localhost:8081` is its URL, `/tmp/` a
folder of the test's, and `schemata serve` is not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.cli.helpers import REPO, SAMPLES, environment, git
from tests.conftest import LiveServer

DOC = REPO / "docs" / "walkthrough.md"
DOC_REGISTRY = "http://localhost:8081"
_CONSOLE = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass
class Command:
    line: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    commands: list[Command]


def sections(text: str) -> list[Section]:
    """The doc's sections with the commands of their console blocks, in order."""
    found: list[Section] = []
    for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        commands: list[Command] = []
        for block in _CONSOLE.findall(part):
            for line in block.splitlines():
                if line.startswith("$ "):
                    commands.append(Command(line[2:]))
                elif commands:
                    commands[-1].expected.append(line)
        found.append(Section(part.splitlines()[0], commands))
    return found


def matches(expected: list[str], actual: list[str]) -> bool:
    """`actual` line for line, where a `...` line in `expected` matches any number of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


class Shell:
    """Runs the doc's commands one at a time, carrying the working folder and the last exit code."""

    def __init__(self, root: Path, env: dict[str, str]) -> None:
        self.root, self.cwd, self.env, self.status = root, root, env, 0

    def run(self, line: str) -> list[str]:
        script = f'(exit {self.status}); {line}\nstatus=$?; echo; echo "@@ $status $(pwd)"'
        done = subprocess.run(
            ["bash", "-c", script], cwd=self.cwd, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, timeout=120, stdin=subprocess.DEVNULL,
        )
        output, _, trailer = done.stdout.rpartition("\n@@ ")
        status, cwd = trailer.strip().split(" ", 1)
        self.status, self.cwd = int(status), Path(cwd)
        return [line.rstrip() for line in output.removesuffix("\n").splitlines()]


@pytest.fixture
def registry(tmp_path: Path) -> LiveServer:
    server = LiveServer(f"sqlite:///{tmp_path / 'registry.db'}", tmp_path / "registry.log")
    yield server
    server.stop()


def test_the_walkthrough_does_what_it_says(registry: LiveServer, tmp_path: Path) -> None:
    root = tmp_path / "schemata"
    shutil.copytree(SAMPLES, root / "sample_schemas")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "checkout")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = environment({
        "SCHEMATA_REGISTRY_URL": registry.url, "NO_COLOR": "1", "GIT_AUTHOR_NAME": "t", "GIT_COMMITTER_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_EMAIL": "t@example.com",
    })
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])

    def local(text: str) -> str:
        return text.replace(DOC_REGISTRY, registry.url).replace("/tmp/", f"{scratch}/")

    checked, problems = 0, []
    for section in sections(DOC.read_text()):
        shell = Shell(root, env)
        for command in section.commands:
            if command.line.startswith("schemata serve"):
                continue
            actual = shell.run(local(command.line))
            if command.expected:
                checked += 1
                expected = [local(line).rstrip() for line in command.expected]
                if not matches(expected, actual):
                    problems.append(
                        f"## {section.title}\n$ {command.line}\n--- the doc shows\n" + "\n".join(expected)
                        + "\n--- it printed\n" + "\n".join(actual)
                    )
    assert not problems, "\n\n".join(problems)
    assert checked >= 12, "the doc's console blocks were not found"
