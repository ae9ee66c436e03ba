"""The diff's limits: wide combinators stay fast and exact, and a diff that runs out of budget is never
silently compatible."""

from __future__ import annotations

import importlib
import time
from typing import Any

import pytest

from schemata.compat.jsonschema import LENIENT, STRICT, diff
from tests.compat.jsonschema.helpers import FORMAT, parse

WIDTH = 300


def _member(i: int, **extra: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {f"k{i}": {"type": "string"}}, "required": [f"k{i}"], **extra}


def _root(members: list[dict[str, Any]], z_type: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"a": {"anyOf": members}, "z": {"type": z_type}}}


def test_reordered_identical_members_pair_up_fast_and_exactly() -> None:
    members = [_member(i) for i in range(WIDTH)]
    old, new = parse(_root(members, "string")), parse(_root(members[::-1], "integer"))
    start = time.perf_counter()
    found = [(d.rule, d.path) for d in diff(old, new)]
    assert time.perf_counter() - start < 5
    assert found == [("TYPE_CHANGED", "#/properties/z")]
    same = parse(_root(members[::-1], "string"))
    assert diff(old, same) == []


@pytest.mark.parametrize("policy", [STRICT, LENIENT])
def test_exhausted_budget_is_incompatible_at_the_root(policy: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every member changes compatibly (a description), so none pairs by its text and the matching compares
    # every pair of members: more comparisons than the budget allows. Cut short, the diff must not come out
    # compatible (it did: nothing was reported once the budget ran out).
    monkeypatch.setattr(importlib.import_module("schemata.compat.jsonschema.diff"), "visit_budget", lambda chars: 400)
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


def test_exhausted_budget_stops_the_walk() -> None:
    members = [_member(i) for i in range(WIDTH)]
    old = parse(_root(members, "string"))
    new = parse(_root([_member(i, description="x") for i in range(WIDTH)][::-1], "string"))
    start = time.perf_counter()
    findings = FORMAT.check(reader=new, writer=old, policy=STRICT)
    assert time.perf_counter() - start < 20
    assert [(f.rule, f.path) for f in findings if f.path == "#/"] == [("TYPE_CHANGED", "#/")]


def test_member_identical_in_text_but_not_in_meaning_is_still_compared() -> None:
    def schema(leaf: str) -> dict[str, Any]:
        return {"$defs": {"leaf": {"type": leaf}}, "anyOf": [{"$ref": "#/$defs/leaf"}, {"type": "null"}]}

    found = diff(parse(schema("string")), parse(schema("integer")))
    assert [d.rule for d in found] == ["COMBINED_TYPE_SUBSCHEMAS_CHANGED"]
