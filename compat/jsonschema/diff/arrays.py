"""Array rules: item counts, contains counts, uniqueItems, additional/unevaluated items, and tuple items added
to or removed from open, closed and partially open content models (`items` arrays or `prefixItems`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from compat.findings import Finding
from compat.jsonschema.diff.book import BOOK
from compat.jsonschema.diff.families import bound_rules, openness_rules, presence_rules
from compat.jsonschema.diff.model import MISSING, Context, MemberChange, Node, Pair, array_model, openness, render
from compat.jsonschema.diff.walk import compatible, effective
from compat.jsonschema.keywords import accepts_everything
from compat.rules import Rule

bound_rules("MAX_ITEMS", "maxItems", upper=True)
bound_rules("MIN_ITEMS", "minItems", upper=False)
bound_rules("MAX_CONTAINS", "maxContains", upper=True)
bound_rules("MIN_CONTAINS", "minContains", upper=False)
presence_rules("UNIQUE_ITEMS", "uniqueItems", changed=False, value=lambda s: True if s.get("uniqueItems") else MISSING)


def _rest(schema: Any) -> Any:
    return array_model(schema).rest if isinstance(schema, dict) else MISSING


def _rest_keyword(pair: Pair) -> str:
    """`additionalItems`, or `items` for a 2020-12 tuple (`prefixItems`) in the update."""
    return array_model(pair.update.schema).rest_keyword


openness_rules(
    "ADDITIONAL_ITEMS", "additionalItems", "items past the tuple", lenient=False, value=_rest, where=_rest_keyword
)
openness_rules("UNEVALUATED_ITEMS", "unevaluatedItems", "unevaluated items", lenient=False)


def _coverage(node: Node) -> tuple[str, Node | None]:
    """How an array schema treats a position past its tuple: open, closed, or partial (with the schema)."""
    coverage = array_model(node.schema).coverage
    model = openness(coverage)
    return ("partial", node.child(coverage)) if model == "schema" else (model, None)


ItemTest = Callable[[Context, MemberChange, str, Node | None], bool]


def _item_rule(rule_id: str, purpose: str, hint: str, added: bool, test: ItemTest) -> None:
    """Register an "item" rule for tuple items added (`added`) or removed; `test(ctx, change, model, covering)`."""

    def check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
        if (change.original is None) != added:
            return
        model, covering = _coverage(change.owner.original if added else change.owner.update)
        if test(ctx, change, model, covering):
            verb = "added to" if added else "removed from"
            message = f"Tuple item {change.key} was {verb} the array ({_describe(model)})"
            yield rule.finding(render(change.path), message)

    BOOK.rule(rule_id, kind="item", purpose=purpose, hint=hint)(check)


def _describe(model: str) -> str:
    return {"open": "items past the tuple accept anything", "closed": "no items are allowed past the tuple",
            "partial": "items past the tuple must match a schema"}[model]


def _new(change: MemberChange) -> Node:
    assert change.update is not None
    return change.update


def _old(change: MemberChange) -> Node:
    assert change.original is not None
    return change.original


def _covered(ctx: Context, change: MemberChange, covering: Node | None, added: bool) -> bool:
    if covering is None:
        return False
    old, new = (covering, _new(change)) if added else (_old(change), covering)
    return compatible(ctx, old, new, change.path)


_OPEN = "Old data may hold any value at this position; add the item as `true`, or close the tuple first."
_NARROWER = "Make the item schema accept everything the old items past the tuple allowed."
_REMOVED_CLOSED = "Old data holding this item is rejected; keep the item, or open the tuple (additional items)."

_item_rule("ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL", "an item accepting anything was added", "", True,
           lambda ctx, c, model, cov: model == "open" and accepts_everything(effective(_new(c)).schema))
_item_rule("ITEM_ADDED_TO_OPEN_CONTENT_MODEL", "an item was added to an open tuple", _OPEN, True,
           lambda ctx, c, model, cov: model == "open" and not accepts_everything(effective(_new(c)).schema))
_item_rule("ITEM_ADDED_TO_CLOSED_CONTENT_MODEL", "an item was added to a closed tuple", "", True,
           lambda ctx, c, model, cov: model == "closed")
_item_rule("ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "an added item matches the old additional items",
           "", True, lambda ctx, c, model, cov: model == "partial" and _covered(ctx, c, cov, True))
_item_rule("ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "an added item is narrower than the old "
           "additional items", _NARROWER, True,
           lambda ctx, c, model, cov: model == "partial" and not _covered(ctx, c, cov, True))
_item_rule("ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL", "an item was removed from an open tuple", "", False,
           lambda ctx, c, model, cov: model == "open")
_item_rule("ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL", "an item declared false was removed from a closed "
           "tuple", "", False, lambda ctx, c, model, cov: model == "closed" and effective(_old(c)).schema is False)
_item_rule("ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL", "an item was removed from a closed tuple", _REMOVED_CLOSED, False,
           lambda ctx, c, model, cov: model == "closed" and effective(_old(c)).schema is not False)
_item_rule("ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a removed item is accepted by the new "
           "additional items", "", False,
           lambda ctx, c, model, cov: model == "partial" and _covered(ctx, c, cov, False))
_item_rule("ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL", "a removed item is not accepted by the new "
           "additional items", "Make the new additional items accept every old value of the removed item.", False,
           lambda ctx, c, model, cov: model == "partial" and not _covered(ctx, c, cov, False))
