"""Confluent's own diff examples as an oracle: the same verdict for every one, and the same differences
(types and paths) wherever `confluent_examples` does not explain why ours list others."""

from __future__ import annotations

import pytest

from schemata.compat.jsonschema import STRICT, diff
from tests.compat.jsonschema.confluent_examples import EXAMPLES, Example
from tests.compat.jsonschema.helpers import FORMAT, parse


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.description for e in EXAMPLES])
def test_same_verdict_as_confluent(example: Example) -> None:
    findings = FORMAT.check(reader=parse(example.update), writer=parse(example.original), policy=STRICT)
    assert (not findings) == example.compatible, findings


LISTED = [e for e in EXAMPLES if e.changes is not None]


@pytest.mark.parametrize("example", LISTED, ids=[e.description for e in LISTED])
def test_same_differences_as_confluent(example: Example) -> None:
    found = sorted(f"{d.rule} {d.path}" for d in diff(parse(example.original), parse(example.update)))
    assert found == sorted(example.changes or ())


def test_every_deviation_says_why() -> None:
    assert all(bool(e.why) == (e.changes is None) for e in EXAMPLES)
    assert len(LISTED) > 0.75 * len(EXAMPLES)
