"""Array rules: item counts, contains counts, uniqueItems, additional/unevaluated items, and tuple items added
to or removed from open, closed and partially open content models (`items` arrays or `prefixItems`), judged
like properties (see `properties`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.families import bound_rules, member_removed, openness_rules, presence_rules
from schemata.compat.jsonschema.diff.model import (
    MISSING,
    Context,
    MemberChange,
    Node,
    Pair,
    array_model,
    openness,
    render,
)
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.diff.walk import compatible
from schemata.compat.jsonschema.keywords import accepts_everything
from schemata.compat.rules import Rule

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
    "ADDITIONAL_ITEMS", "additionalItems", "items past the tuple", lenient=False, value=_rest,
    triggers=("additionalItems", "items", "prefixItems"), where=_rest_keyword,
)
openness_rules("UNEVALUATED_ITEMS", "unevaluatedItems", "unevaluated items", lenient=False)


_OPEN = "Old data may hold any value at this position; add the item as `true`, or close the tuple first."
_NARROWER = "Make the item schema accept everything the old items past the tuple allowed."
_REMOVED_CLOSED = "Old data holding this item is rejected; keep the item, or open the tuple (additional items)."
_NOT_ACCEPTED = "Make the new additional items accept every old value of the removed item."

#: difference type -> (purpose, hint, message)
_RULES = {
    "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL": (
        "an item accepting anything was added to an open tuple", "",
        "Tuple item {index} accepting any value was added"),
    "ITEM_ADDED_TO_OPEN_CONTENT_MODEL": (
        "an item was added to an open tuple", _OPEN,
        "Tuple item {index} was added where any value was allowed: old data may hold other values there"),
    "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL": (
        "an item was added to a closed tuple", "", "Tuple item {index} was added to a closed tuple"),
    "ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added item accepts what the old additional items allowed", "",
        "Tuple item {index} was added; it accepts every value the old additional items allowed"),
    "ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "an added item is narrower than the old additional items", _NARROWER,
        "Tuple item {index} was added with a schema narrower than the old additional items"),
    "ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL": (
        "an item was removed from an open tuple", "", "Tuple item {index} was removed; any value is accepted there"),
    "ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "an item declared false was removed from a closed tuple", "",
        "Tuple item {index} (declared false) was removed from a closed tuple"),
    "ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL": (
        "an item was removed from a closed tuple", _REMOVED_CLOSED,
        "Tuple item {index} was removed from a closed tuple: old data holding it is now rejected"),
    "ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed item is accepted by the new additional items", "",
        "Tuple item {index} was removed; the new additional items accept its old values"),
    "ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL": (
        "a removed item is not fully accepted by the new additional items", _NOT_ACCEPTED,
        "Tuple item {index} was removed; the new additional items reject some of its old values"),
}


def coverage(node: Node) -> tuple[str, Node | None]:
    """How an array schema treats a position past its tuple: open, closed, or partial (with the schema)."""
    covering = array_model(node.schema).coverage
    model = openness(covering)
    return ("partial", node.child(covering)) if model == "schema" else (model, None)


def classify(ctx: Context, change: MemberChange) -> str:
    """The difference type of a tuple item added or removed."""
    if change.original is None:
        assert change.update is not None
        model, covering = coverage(change.owner.original)
        if covering is not None:
            state = "IS" if compatible(ctx, covering, change.update, change.path) else "NOT"
            return f"ITEM_ADDED_{state}_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL"
        if model == "closed":
            return "ITEM_ADDED_TO_CLOSED_CONTENT_MODEL"
        if accepts_everything(effective(change.update).schema):
            return "ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL"
        return "ITEM_ADDED_TO_OPEN_CONTENT_MODEL"
    return member_removed("ITEM", ctx, change, *coverage(change.owner.update))


def _check(rule: Rule, ctx: Context, change: MemberChange) -> Iterator[Finding]:
    if ctx.classified(change, classify) == rule.id:
        yield rule.finding(render(change.path), _RULES[rule.id][2].format(index=change.key))


for _rule_id, (_purpose, _hint, _message) in _RULES.items():
    BOOK.rule(_rule_id, kind="item", purpose=_purpose, hint=_hint)(_check)
