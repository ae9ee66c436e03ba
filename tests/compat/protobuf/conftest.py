"""The `buf` CLI as a test oracle: installed from npm (@bufbuild/buf) into a cache directory when missing.

The cache is `$SCHEMATA_BUF_CACHE` or `~/.cache/schemata-buf`. No npm, or a failed install, fails the
oracle tests (CI installs npm); they are never skipped.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BUF_PACKAGE = "@bufbuild/buf"


def _cache_dir() -> Path:
    return Path(os.environ.get("SCHEMATA_BUF_CACHE", Path.home() / ".cache" / "schemata-buf"))


@pytest.fixture(scope="session")
def buf_binary() -> Path:
    """The path of a working `buf` executable."""
    cache = _cache_dir()
    binary = cache / "node_modules" / ".bin" / "buf"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers share the cache
        if not binary.exists():
            _install(cache)
    if not binary.exists():
        pytest.fail(f"installing {BUF_PACKAGE} did not produce {binary}")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False)
    if version.returncode != 0:
        pytest.fail(f"buf does not run: {version.stderr}")
    return binary


def _install(cache: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to install the buf oracle (npm install @bufbuild/buf)")
    done = subprocess.run(
        [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", BUF_PACKAGE],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"installing {BUF_PACKAGE} failed:\n{done.stdout}\n{done.stderr}")
