"""Array rules: item counts, contains counts, uniqueItems, additional/unevaluated items, and tuple items added
to or removed from open, closed and partially open content models (`items` arrays or `prefixItems`), judged
like properties (see `properties`)."""

from __future__ import annotations

from typing import Any

from schemata.compat.catalogue import Entry, Kind
from schemata.compat.catalogue import Json as J
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.families import (
    Bounds,
    Openness,
    Removal,
    bound_rules,
    member_removed,
    member_rules,
    openness_rules,
    presence_rules,
)
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

bound_rules("maxItems", Bounds(J.MAX_ITEMS_ADDED, J.MAX_ITEMS_REMOVED, J.MAX_ITEMS_INCREASED, J.MAX_ITEMS_DECREASED))
bound_rules("minItems", Bounds(J.MIN_ITEMS_ADDED, J.MIN_ITEMS_REMOVED, J.MIN_ITEMS_INCREASED, J.MIN_ITEMS_DECREASED))
bound_rules("maxContains", Bounds(
    J.MAX_CONTAINS_ADDED, J.MAX_CONTAINS_REMOVED, J.MAX_CONTAINS_INCREASED, J.MAX_CONTAINS_DECREASED))
bound_rules("minContains", Bounds(
    J.MIN_CONTAINS_ADDED, J.MIN_CONTAINS_REMOVED, J.MIN_CONTAINS_INCREASED, J.MIN_CONTAINS_DECREASED))
presence_rules("uniqueItems", J.UNIQUE_ITEMS_ADDED, J.UNIQUE_ITEMS_REMOVED,
               value=lambda s: True if s.get("uniqueItems") else MISSING)


def _rest(schema: Any) -> Any:
    return array_model(schema).rest if isinstance(schema, dict) else MISSING


def _rest_keyword(pair: Pair) -> str:
    """`additionalItems`, or `items` for a 2020-12 tuple (`prefixItems`) in the update."""
    return array_model(pair.update.schema).rest_keyword


openness_rules(
    "additionalItems",
    Openness(J.ADDITIONAL_ITEMS_REMOVED, J.ADDITIONAL_ITEMS_ADDED, J.ADDITIONAL_ITEMS_NARROWED,
             J.ADDITIONAL_ITEMS_EXTENDED),
    value=_rest, triggers=("additionalItems", "items", "prefixItems"), where=_rest_keyword,
)
openness_rules("unevaluatedItems", Openness(
    J.UNEVALUATED_ITEMS_REMOVED, J.UNEVALUATED_ITEMS_ADDED, J.UNEVALUATED_ITEMS_NARROWED, J.UNEVALUATED_ITEMS_EXTENDED))

#: difference type -> message template
_MESSAGES = {
    J.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL: "Tuple item {index} accepting any value was added",
    J.ITEM_ADDED_TO_OPEN_CONTENT_MODEL:
        "Tuple item {index} was added where any value was allowed: old data may hold other values there",
    J.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL: "Tuple item {index} was added to a closed tuple",
    J.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Tuple item {index} was added; it accepts every value the old additional items allowed",
    J.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Tuple item {index} was added with a schema narrower than the old additional items",
    J.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL: "Tuple item {index} was removed; any value is accepted there",
    J.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL:
        "Tuple item {index} (declared false) was removed from a closed tuple",
    J.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL:
        "Tuple item {index} was removed from a closed tuple: old data holding it is now rejected",
    J.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Tuple item {index} was removed; the new additional items accept its old values",
    J.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL:
        "Tuple item {index} was removed; the new additional items reject some of its old values",
}

_REMOVAL = Removal(
    covered=J.ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    not_covered=J.ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL,
    from_open=J.ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL,
    false_from_closed=J.ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL,
    from_closed=J.ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL,
)


def coverage(node: Node) -> tuple[str, Node | None]:
    """How an array schema treats a position past its tuple: open, closed, or partial (with the schema)."""
    covering = array_model(node.schema).coverage
    model = openness(covering)
    return ("partial", node.child(covering)) if model == "schema" else (model, None)


def classify(ctx: Context, change: MemberChange) -> Entry:
    """The difference type of a tuple item added or removed."""
    if change.original is None:
        assert change.update is not None
        model, covering = coverage(change.owner.original)
        if covering is not None:
            if compatible(ctx, covering, change.update, change.path):
                return J.ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
            return J.ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL
        if model == "closed":
            return J.ITEM_ADDED_TO_CLOSED_CONTENT_MODEL
        if accepts_everything(effective(change.update).schema):
            return J.ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL
        return J.ITEM_ADDED_TO_OPEN_CONTENT_MODEL
    return member_removed(_REMOVAL, ctx, change, *coverage(change.owner.update))


def _finding(rule: Rule, change: MemberChange, template: str) -> Finding:
    return rule.finding(render(change.path), template.format(index=change.key))


member_rules(Kind.ITEM, classify, _MESSAGES, _finding)
