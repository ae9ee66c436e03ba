"""Stored patterns are matched in linear time: the ReDoS case of issue 17 over HTTP and through `schemata compat`.

`^(a+)+$` against `"a"*28 + "!"` took Python's backtracking `re` 13.7 s (doubling with each `a`); a name of
10,000 characters would take it longer than the universe has existed. Each check here must cost the server (or
the CLI process) under a few CPU seconds.
"""

from __future__ import annotations

import json
import resource
import subprocess
from pathlib import Path

import pytest

from tests.cli.helpers import COMMAND, environment
from tests.hardening.conftest import Live
from tests.hardening.test_read_caches import rss_bytes

EVIL = "^(a+)+$"
V1 = {"type": "object", "patternProperties": {EVIL: {"type": "string"}}}
#: CPU seconds a check may cost; the backtracking engine needed 13.7 s for the shortest name below.
WORK_BOUND = 3.0


def with_property(name: str, schema: dict[str, object]) -> dict[str, object]:
    return {**V1, "properties": {name: schema}}


@pytest.mark.parametrize("length", [28, 10_000])
def test_evil_pattern_against_long_name_costs_little_work(live: Live, subject: str, length: int) -> None:
    http = live.http
    assert http.post(f"/subjects/{subject}/versions", json={"schema": json.dumps(V1), "schemaType": "JSON"}).is_success
    name = "a" * length + "!"
    body = {"schema": json.dumps(with_property(name, {"type": "string"})), "schemaType": "JSON"}
    before = live.cpu()
    check = http.post(f"/compatibility/subjects/{subject}/versions/latest", json=body, params={"verbose": "true"})
    registered = http.post(f"/subjects/{subject}/versions", json=body)
    spent = live.cpu() - before
    assert spent < WORK_BOUND, f"the check cost {spent:.1f} CPU seconds"
    # The name does not match the pattern: old data may hold it with any value, which a string narrows.
    assert check.status_code == 200 and check.json()["is_compatible"] is False, check.text
    assert registered.status_code == 409, registered.text


def test_matching_name_is_judged_by_the_pattern_schema(live: Live, subject: str) -> None:
    http = live.http
    assert http.post(f"/subjects/{subject}/versions", json={"schema": json.dumps(V1), "schemaType": "JSON"}).is_success
    for schema, compatible in (({"type": "string"}, True), ({"type": "string", "maxLength": 3}, False)):
        body = {"schema": json.dumps(with_property("a" * 5000, schema)), "schemaType": "JSON"}
        check = http.post(f"/compatibility/subjects/{subject}/versions/latest", json=body)
        assert check.status_code == 200 and check.json()["is_compatible"] is compatible, check.text


def test_unicode_classes_and_escapes_follow_ecma_262(live: Live, subject: str) -> None:
    v1 = {"type": "object", "patternProperties": {r"^\p{L}+\u00e9$": {"type": "string"}}, "additionalProperties": False}
    http = live.http
    assert http.post(f"/subjects/{subject}/versions", json={"schema": json.dumps(v1), "schemaType": "JSON"}).is_success
    body = {"schema": json.dumps({**v1, "properties": {"caf\u00e9": {"type": "integer"}}}), "schemaType": "JSON"}
    check = http.post(f"/compatibility/subjects/{subject}/versions/latest", json=body, params={"verbose": "true"})
    assert check.json()["is_compatible"] is False, check.text  # covered by the pattern, whose schema is a string


def test_lookaround_pattern_that_must_be_evaluated_is_a_clear_42201(live: Live, subject: str) -> None:
    pattern = "^(?!x)a+$"
    v1 = {"type": "object", "patternProperties": {pattern: {"type": "string"}}}
    http = live.http
    registered = http.post(f"/subjects/{subject}/versions", json={"schema": json.dumps(v1), "schemaType": "JSON"})
    assert registered.status_code == 200, registered.text  # storing it is fine: the serializers can run it
    body = {"schema": json.dumps({**v1, "properties": {"aaa": {"type": "integer"}}}), "schemaType": "JSON"}
    for path in (f"/compatibility/subjects/{subject}/versions/latest", f"/subjects/{subject}/versions"):
        answer = http.post(path, json=body)
        assert answer.status_code == 422 and answer.json()["error_code"] == 42201, answer.text
        assert pattern in answer.json()["message"] and "linear time" in answer.json()["message"]
    assert [v for v in http.get(f"/subjects/{subject}/versions").json()] == [1]


def _compat_cli(
    tmp_path: Path, old: dict[str, object], new: dict[str, object]
) -> tuple[subprocess.CompletedProcess[str], float]:
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)

    def cap_cpu() -> None:  # a runaway check is killed by the kernel, not waited for
        resource.setrlimit(resource.RLIMIT_CPU, (30, 30))

    done = subprocess.run(
        [*COMMAND, "compat", "old.json", "new.json"], cwd=tmp_path, env=environment(), capture_output=True,
        text=True, timeout=120, stdin=subprocess.DEVNULL, preexec_fn=cap_cpu,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_schemata_compat_matches_in_linear_time(tmp_path: Path) -> None:
    done, spent = _compat_cli(tmp_path, V1, with_property("a" * 28 + "!", {"type": "string"}))
    assert done.returncode == 1 and "PROPERTY_ADDED_NOT_COVERED" in done.stdout, done.stdout + done.stderr
    assert spent < WORK_BOUND + 5, f"schemata compat cost {spent:.1f} CPU seconds"  # + the interpreter's start


def test_schemata_compat_with_lookaround_exits_2_naming_the_pattern(tmp_path: Path) -> None:
    v1 = {"type": "object", "patternProperties": {"(?<=a)b": {"type": "string"}}}
    done, _ = _compat_cli(tmp_path, v1, {**v1, "properties": {"ab": {"type": "integer"}}})
    assert done.returncode == 2, done.stdout + done.stderr
    assert "(?<=a)b" in done.stderr and "Traceback" not in done.stderr


def test_compiled_patterns_kept_are_bounded_in_bytes(sqlite_live: Live, subject: str) -> None:
    """300 patterns of about 300 KiB compiled each (with their DFA states), matched by one check: kept by
    count (1,024), they held about 100 MB after it; kept by bytes, at most `CACHE_BYTES` (16 MiB)."""
    http = sqlite_live.http
    patterns = {f"(a|b|c|d){{470}}z{n}": {"type": "string"} for n in range(300)}
    v1 = {"type": "object", "patternProperties": patterns}
    http.put(f"/config/{subject}", json={"compatibility": "BACKWARD"})
    assert http.post(f"/subjects/{subject}/versions", json={"schema": json.dumps(v1), "schemaType": "JSON"}).is_success
    v2 = {**v1, "properties": {"abcd" * 1000: {"type": "string"}}}  # no pattern matches it: each is tried
    before = rss_bytes(sqlite_live.server.process.pid)
    check = http.post(
        f"/compatibility/subjects/{subject}/versions/latest", json={"schema": json.dumps(v2), "schemaType": "JSON"}
    )
    grown = rss_bytes(sqlite_live.server.process.pid) - before
    assert check.status_code == 200, check.text
    assert grown < 32 * 2**20, f"the server grew by {grown / 2**20:.0f} MB"
