"""The `buf` CLI as a test oracle: installed from npm (@bufbuild/buf) into a cache directory when missing.

The cache is `$SCHEMATA_BUF_CACHE` or `~/.cache/schemata-buf`. No npm, or a failed install, fails the
oracle tests (CI installs npm); they are never skipped.
"""

from __future__ import annotations

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
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install the buf oracle (npm install @bufbuild/buf)")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--prefix", str(cache), "--no-audit", "--no-fund", BUF_PACKAGE],
            capture_output=True, text=True, timeout=300, check=False,
        )
        if done.returncode != 0 or not binary.exists():
            pytest.fail(f"installing {BUF_PACKAGE} failed:\n{done.stdout}\n{done.stderr}")
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False)
    if version.returncode != 0:
        pytest.fail(f"buf does not run: {version.stderr}")
    return binary
