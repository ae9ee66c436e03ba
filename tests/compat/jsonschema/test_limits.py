"""The diff's limits: wide combinators stay cheap and exact, and a diff that runs out of budget is never
silently compatible. Work is measured in visited pairs of subschemas (the diff's own count), not in seconds,
which depend on the machine's load."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from schemata.compat.budget import WorkLimitExceeded
from schemata.compat.jsonschema import LENIENT, STRICT, diff
from schemata.compat.jsonschema.diff.model import Context
from tests.compat.jsonschema.helpers import FORMAT, parse

WIDTH = 300
DIFF_MODULE = importlib.import_module("schemata.compat.jsonschema.diff")


@pytest.fixture
def contexts(monkeypatch: pytest.MonkeyPatch) -> list[Context]:
    """The contexts of the diffs the test runs, to read their visit counts."""
    made: list[Context] = []

    class Recorded(Context):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(DIFF_MODULE, "Context", Recorded)
    return made


def _member(i: int, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {f"k{i}": {"type": "string"}}, "required": [f"k{i}"], **extra}


def _root(members: list[dict[str, Any]], z_type: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"a": {"anyOf": members}, "z": {"type": z_type}}}


def test_reordered_identical_members_pair_up_cheaply_and_exactly(contexts: list[Context]) -> None:
    members = [_member(i) for i in range(WIDTH)]
    old, new = parse(_root(members, "string")), parse(_root(members[::-1], "integer"))
    found = [(d.rule, d.path) for d in diff(old, new)]
    assert found == [("TYPE_CHANGED", "#/properties/z")]
    [ctx] = contexts
    assert ctx.visits < 3 * WIDTH  # each member about twice; comparing every pair would take WIDTH**2
    same = parse(_root(members[::-1], "string"))
    assert diff(old, same) == []


@pytest.mark.parametrize("policy", [STRICT, LENIENT])
def test_exhausted_budget_is_incompatible_at_the_root(policy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every member changes compatibly (a description), so none pairs by its text and the matching compares
    # every pair of members: more comparisons than the budget allows. Cut short, the diff must not come out
    # compatible (it did: nothing was reported once the budget ran out).
    monkeypatch.setattr(DIFF_MODULE, "visit_budget", lambda chars: 400)
    width = 40
    old = parse(_root([_member(i) for i in range(width)], "string"))
    new = parse(_root([_member(i, description="x") for i in range(width)][::-1], "string"))
    findings = FORMAT.check(reader=new, writer=old, policy=policy)
    roots = [f for f in findings if f.path == "#/"]
    assert [f.rule for f in roots] == ["TYPE_CHANGED"], findings
    assert "too complex to compare fully" in roots[0].message and "400 comparisons" in roots[0].message
    assert roots[0].hint
    monkeypatch.undo()
    assert FORMAT.check(reader=new, writer=old, policy=policy) == []  # within the real budget: compatible


def test_exhausted_budget_stops_the_walk(contexts: list[Context], monkeypatch: pytest.MonkeyPatch) -> None:
    # Pairing WIDTH members that all changed compares WIDTH**2 pairs, each with its subschemas: far past the
    # budget, which the walk must not go beyond (one visit over it marks it exhausted, the root's finishes).
    # The real budget would stop it too, after about 70,000 visits (seconds of CPU); a small one shows the same.
    monkeypatch.setattr(DIFF_MODULE, "visit_budget", lambda chars: 5_000)
    members = [_member(i) for i in range(WIDTH)]
    old = parse(_root(members, "string"))
    new = parse(_root([_member(i, description="x") for i in range(WIDTH)][::-1], "string"))
    findings = FORMAT.check(reader=new, writer=old, policy=STRICT)
    assert [(f.rule, f.path) for f in findings if f.path == "#/"] == [("TYPE_CHANGED", "#/")]
    [ctx] = contexts
    assert ctx.exhausted
    assert ctx.budget < ctx.visits <= ctx.budget + 2


def test_check_past_its_work_budget_stops_without_a_verdict() -> None:
    members = [_member(i) for i in range(WIDTH)]
    old = parse(_root(members, "string"))
    new = parse(_root([_member(i, description="x") for i in range(WIDTH)][::-1], "string"))
    with pytest.raises(WorkLimitExceeded, match="units of work, the limit per check"):
        FORMAT.check(reader=new, writer=old, policy=STRICT)


def test_member_identical_in_text_but_not_in_meaning_is_still_compared() -> None:
    def schema(leaf: str) -> dict[str, Any]:
        return {"$defs": {"leaf": {"type": leaf}}, "anyOf": [{"$ref": "#/$defs/leaf"}, {"type": "null"}]}

    found = diff(parse(schema("string")), parse(schema("integer")))
    assert [d.rule for d in found] == ["COMBINED_TYPE_SUBSCHEMAS_CHANGED"]
