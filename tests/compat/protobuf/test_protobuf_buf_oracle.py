"""buf as an oracle: `buf breaking` with `use: [WIRE]` / `[WIRE_JSON]` must report the same rules as we do.

All pairs go into one module (one file per pair, each under its own package), so buf runs once per category.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from protobuf_testkit import findings
from wire_cases import CASES


def _write_module(root: Path, side: str) -> dict[str, str]:
    """Write every pair's `side` ("old" or "new") as `<case>.proto`; returns file name -> case name."""
    root.mkdir()
    files = {}
    for index, (name, case) in enumerate(sorted(CASES.items())):
        file_name = f"case{index}.proto"
        (root / file_name).write_text(getattr(case, side).replace("PKG", f"case{index}"))
        files[file_name] = name
    return files


def _buf_rules(buf: Path, tmp_path: Path, category: str) -> dict[str, set[str]]:
    """The rule ids buf reports, per case."""
    files = _write_module(tmp_path / f"old-{category}", "old")
    _write_module(tmp_path / f"new-{category}", "new")
    config = json.dumps({"version": "v2", "breaking": {"use": [category]}})
    done = subprocess.run(
        [str(buf), "breaking", ".", "--against", f"../old-{category}", "--config", config,
         "--against-config", config, "--error-format", "json"],
        cwd=tmp_path / f"new-{category}", capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode in (0, 100), done.stderr
    found: dict[str, set[str]] = {name: set() for name in CASES}
    for line in done.stdout.splitlines():
        annotation = json.loads(line)
        found[files[annotation["path"]]].add(annotation["type"])
    return found


@pytest.mark.parametrize("category", ["WIRE", "WIRE_JSON"])
def test_same_rules_as_buf(buf_binary: Path, tmp_path: Path, category: str) -> None:
    expected = _buf_rules(buf_binary, tmp_path, category)
    ours = {
        name: {rule for rule, _ in findings(case.old.replace("PKG", "o"), case.new.replace("PKG", "o"), category)}
        for name, case in CASES.items()
    }
    assert ours == expected
    assert any(expected.values()) and not all(expected.values())
