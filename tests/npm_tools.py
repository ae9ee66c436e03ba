"""JavaScript tools used as test oracles (buf, the AsyncAPI parser), installed from npm into a cache folder.

The cache is `$SCHEMATA_NPM_CACHE/NAME` (default `~/.cache/schemata-npm/NAME`). No npm, or a failed install,
fails the tests that need the tool (CI installs npm); they are never skipped. pytest-xdist workers share a
cache, so an install holds a file lock.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest


def npm_tool(name: str, packages: Sequence[str], marker: str) -> Path:
    """The cache folder of tool `name`, with `packages` installed there unless `marker` (a path relative to
    the folder) already exists."""
    root = Path(os.environ.get("SCHEMATA_NPM_CACHE", Path.home() / ".cache" / "schemata-npm")) / name
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / marker).exists():
            _install(root, packages)
    if not (root / marker).exists():
        pytest.fail(f"installing {', '.join(packages)} did not produce {root / marker}")
    return root


def _install(root: Path, packages: Sequence[str]) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(f"npm is needed to install the test oracle {', '.join(packages)}")
    done = subprocess.run(
        [npm, "install", "--prefix", str(root), "--no-audit", "--no-fund", *packages],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"installing {', '.join(packages)} failed:\n{done.stdout}\n{done.stderr}")
