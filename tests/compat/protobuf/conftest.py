"""The `buf` CLI as a test oracle, installed from npm (@bufbuild/buf) by `tests.npm_tools`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.npm_tools import npm_tool


@pytest.fixture(scope="session")
def buf_binary() -> Path:
    """The path of a working `buf` executable."""
    binary = npm_tool("buf", ["@bufbuild/buf"], "node_modules/.bin/buf") / "node_modules" / ".bin" / "buf"
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False)
    if version.returncode != 0:
        pytest.fail(f"buf does not run: {version.stderr}")
    return binary
