"""The JSON Schema rule book: one rule per Confluent difference type, grouped by what the walk hands it.

Kinds, with the arguments each rule receives after the Rule itself and the Context:
- "presence": (original Node | None, update Node | None, path): a subschema added or removed;
- "mismatch": (Pair): schemas of different kinds; a finding here stops the walk at this pair;
- "annotation", "schema": (Pair): keywords of one schema pair;
- "property", "item": (MemberChange): a property or tuple item on one side only;
- "dependency": (DependencyChange); "combination": (Combination).

A "schema" rule may name the keywords it reads (`triggered_by`); it is then skipped for pairs where neither
schema has any of them, which keeps the walk fast on large schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from schemata.compat.findings import Finding
from schemata.compat.rules import Rule, RuleBook

if TYPE_CHECKING:
    from schemata.compat.jsonschema.diff.model import Context, Pair

BOOK = RuleBook()
_TRIGGERS: dict[str, frozenset[str]] = {}
_BY_KIND: dict[str, tuple[int, list[Rule]]] = {}


def triggered_by(rule: Rule, *keywords: str) -> Rule:
    """Record that `rule` only reads `keywords`."""
    _TRIGGERS[rule.id] = frozenset(keywords)
    return rule


def run(kind: str, ctx: Context, *args: Any) -> Iterator[Finding]:
    """Run every rule of `kind` on one element pair (`BOOK.run`, with the rules of a kind looked up once)."""
    for rule in _of_kind(kind):
        yield from rule.check(rule, ctx, *args)


def run_on_pair(kind: str, ctx: Context, pair: Pair) -> Iterator[Finding]:
    """Run the rules of `kind` on a schema pair, skipping those whose keywords neither schema has."""
    present = set(pair.original.schema).union(pair.update.schema)
    for rule in _of_kind(kind):
        keywords = _TRIGGERS.get(rule.id)
        if keywords is None or not keywords.isdisjoint(present):
            yield from rule.check(rule, ctx, pair)


def _of_kind(kind: str) -> list[Rule]:
    """`BOOK.of_kind`, computed again only when rules were registered since."""
    count, rules = _BY_KIND.get(kind, (-1, []))
    if count != len(BOOK.rules):
        rules = BOOK.of_kind(kind)
        _BY_KIND[kind] = (len(BOOK.rules), rules)
    return rules
