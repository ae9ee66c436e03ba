"""The walk, written once: resolve both schemas, match their elements, and run the rules on each pair.

Recursion through `$ref` terminates because a pair of schema objects already being compared is not
entered again (Confluent memoises the same way). Side comparisons (does a member match, is a property
covered) are cached per pair of schema objects.

Limits: past MAX_WALK_DEPTH nested pairs the walk does not go deeper and counts the pair as changed
(TYPE_CHANGED there). Past the context's budget of pairs in all (`visit_budget`) it stops visiting
anything, and the diff reports the whole comparison as incompatible at the root (`general.budget_exhausted`):
a side comparison cut short proves nothing, so it is never taken as compatible nor cached. Long `$ref`
chains and schemas that reach the same definitions along exponentially many paths cannot exhaust the
stack or the time, and running out never makes a verdict compatible.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.budget import JSON_PAIR_UNITS, spend
from schemata.compat.catalogue import Kind
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.model import (
    MISSING,
    Combination,
    Context,
    DependencyChange,
    MemberChange,
    Node,
    Pair,
    Path,
    array_model,
    criteria_change,
    json_text,
    openness,
    pure_combinator,
    types,
)
from schemata.compat.jsonschema.diff.resolve import effective
from schemata.compat.jsonschema.keywords import COMBINATORS, accepts_everything
from schemata.compat.jsonschema.patterns import accepts_every_name

MAX_WALK_DEPTH = 100


def visit_budget(schema_chars: int) -> int:
    """How many pairs a diff may visit: ample for a walk that visits each pair of subschemas a few times
    (a subschema takes at least a few characters), far below an exponential blow-up."""
    return 20_000 + schema_chars


def diff_nodes(ctx: Context, original: Node | None, update: Node | None, path: Path) -> Iterator[Finding]:
    """Every difference between `original` and `update` at `path` (either may be None: absent)."""
    if original is None or update is None:
        yield from BOOK.run(Kind.PRESENCE, ctx, original, update, path)
        return
    original, update = effective(original, ctx), effective(update, ctx)
    key = (id(original.schema), id(update.schema))
    if key in ctx.active:
        return
    ctx.active.add(key)
    try:
        yield from _diff_pair(ctx, Pair(original, update, path))
    finally:
        ctx.active.discard(key)


def subdiff(ctx: Context, original: Node | None, update: Node | None, path: Path) -> list[Finding]:
    """The differences of a side comparison, not reported as such."""
    return list(diff_nodes(ctx, original, update, path))


def compatible(ctx: Context, original: Node, update: Node, path: Path) -> bool:
    """Whether every difference from `original` to `update` is compatible (cached per pair of schemas; the
    cache keeps the schemas alive, so their ids cannot be reused by other objects while it lives). False
    once the budget ran out: a comparison cut short proves nothing."""
    if ctx.exhausted:
        return False
    old, new = effective(original, ctx), effective(update, ctx)
    key = (id(old.schema), id(new.schema))
    cached = ctx.verdicts.get(key)
    if cached is None:
        verdict = ctx.is_compatible(subdiff(ctx, old, new, path))
        if ctx.exhausted:
            return False
        cached = ctx.verdicts[key] = (verdict, old.schema, new.schema)
    return bool(cached[0])


def too_deep(ctx: Context) -> bool:
    """Whether the walk is nested too deeply to go on."""
    return len(ctx.active) > MAX_WALK_DEPTH


def _diff_pair(ctx: Context, pair: Pair) -> Iterator[Finding]:
    spend(JSON_PAIR_UNITS)
    ctx.visits += 1
    if ctx.visits > ctx.budget:
        ctx.exhausted = True
    original, update = pair.original.schema, pair.update.schema
    if ctx.exhausted or original is False or (accepts_everything(update) and not accepts_everything(original)):
        return
    mismatch = list(BOOK.run(Kind.MISMATCH, ctx, pair))
    if mismatch:
        yield from mismatch
        return
    keywords = set(original).union(update)
    yield from BOOK.run(Kind.ANNOTATION, ctx, pair, keywords=keywords)
    whole = _whole_combination(ctx, pair)
    if whole is not None:
        yield from BOOK.run(Kind.COMBINATION, ctx, whole)
        return
    yield from BOOK.run(Kind.SCHEMA, ctx, pair, keywords=keywords)
    yield from _type_union(ctx, pair)
    yield from _properties(ctx, pair)
    yield from _items(ctx, pair)
    yield from _dependencies(ctx, pair)
    yield from _subschemas(ctx, pair)
    for kind in COMBINATORS:
        original_members, update_members = _members(pair.original, kind), _members(pair.update, kind)
        if original_members or update_members:
            combination = _combine(ctx, kind, original_members, kind, update_members, pair.path)
            yield from BOOK.run(Kind.COMBINATION, ctx, combination)


def _type_union(ctx: Context, pair: Pair) -> Iterator[Finding]:
    """A `type` array is a union of one-type schemas (as Confluent models it): compare it as an anyOf."""
    old, new = types(pair.original.schema), types(pair.update.schema)
    if old is None or new is None or old == new or max(len(old), len(new)) < 2:
        return
    original = tuple(pair.original.child({"type": name}) for name in sorted(old))
    update = tuple(pair.update.child({"type": name}) for name in sorted(new))
    combination = _combine(ctx, "anyOf", original, "anyOf", update, pair.path)
    yield from BOOK.run(Kind.COMBINATION, ctx, combination)


def _properties(ctx: Context, pair: Pair) -> Iterator[Finding]:
    original, update = _mapping(pair.original, "properties"), _mapping(pair.update, "properties")
    for name in _union(original, update):
        path = (*pair.path, "properties", name)
        old, new = _child(pair.original, original, name), _child(pair.update, update, name)
        if old is not None and new is not None:
            yield from diff_nodes(ctx, old, new, path)
        else:
            yield from BOOK.run(Kind.PROPERTY, ctx, MemberChange(pair, name, old, new, path))
    # A pattern added to a closed object only admits properties old data could not hold, and one whose schema
    # accepts everything constrains nothing: no difference (Confluent's diff compares no patternProperties).
    original, update = _mapping(pair.original, "patternProperties"), _mapping(pair.update, "patternProperties")
    closed = pair.original.get("additionalProperties") is False
    for pattern in _union(original, update):
        if pattern in original or not (closed or accepts_everything(update[pattern])):
            old, new = _child(pair.original, original, pattern), _child(pair.update, update, pattern)
            yield from diff_nodes(ctx, old, new, (*pair.path, "patternProperties", pattern))


def _items(ctx: Context, pair: Pair) -> Iterator[Finding]:
    if not isinstance(pair.original.schema, dict) or not isinstance(pair.update.schema, dict):
        return
    original, update = array_model(pair.original.schema), array_model(pair.update.schema)
    old_tuple, new_tuple = original.tuple or [], update.tuple or []
    keyword = update.tuple_keyword if update.tuple is not None else original.tuple_keyword
    for index in range(max(len(old_tuple), len(new_tuple))):
        path = (*pair.path, keyword, index)
        old = pair.original.child(old_tuple[index]) if index < len(old_tuple) else None
        new = pair.update.child(new_tuple[index]) if index < len(new_tuple) else None
        if old is not None and new is not None:
            yield from diff_nodes(ctx, old, new, path)
        else:
            yield from BOOK.run(Kind.ITEM, ctx, MemberChange(pair, index, old, new, path))
    if original.all_items is not MISSING or update.all_items is not MISSING:
        yield from diff_nodes(
            ctx, _node(pair.original, original.all_items), _node(pair.update, update.all_items), (*pair.path, "items")
        )
    if openness(original.rest) == openness(update.rest) == "schema":
        path = (*pair.path, update.rest_keyword)
        yield from diff_nodes(ctx, pair.original.child(original.rest), pair.update.child(update.rest), path)


def _dependencies(ctx: Context, pair: Pair) -> Iterator[Finding]:
    original, update = _dependency_entries(pair.original), _dependency_entries(pair.update)
    for (name, is_schema) in _union(original, update):
        old_keyword, old = original.get((name, is_schema), (None, MISSING))
        new_keyword, new = update.get((name, is_schema), (None, MISSING))
        path = (*pair.path, new_keyword or old_keyword or "dependencies", name)
        if is_schema and old is not MISSING and new is not MISSING:
            yield from diff_nodes(ctx, pair.original.child(old), pair.update.child(new), path)
        else:
            yield from BOOK.run(Kind.DEPENDENCY, ctx, DependencyChange(pair, name, is_schema, old, new, path))


def _subschemas(ctx: Context, pair: Pair) -> Iterator[Finding]:
    for keyword in ("contains", "propertyNames", "if", "then", "else"):
        old, new = pair.values(keyword)
        if keyword == "propertyNames" and _names_unconstrained(old) and _names_unconstrained(new):
            continue
        if old is not MISSING or new is not MISSING:
            yield from diff_nodes(ctx, _node(pair.original, old), _node(pair.update, new), (*pair.path, keyword))
    for keyword in ("additionalProperties", "unevaluatedProperties", "unevaluatedItems"):
        old, new = pair.values(keyword)
        if openness(old) == openness(new) == "schema":
            yield from diff_nodes(ctx, pair.original.child(old), pair.update.child(new), (*pair.path, keyword))


def _names_unconstrained(value: Any) -> bool:
    """`propertyNames` absent, or refusing no name (Confluent's diff does not compare `propertyNames`)."""
    return value is MISSING or accepts_every_name(value)


def _whole_combination(ctx: Context, pair: Pair) -> Combination | None:
    """A comparison of whole combined schemas: both combined, or one combined and the other without any
    combinator (then taken as a one-member combination of the same kind, as Confluent does)."""
    original_kind, update_kind = pure_combinator(pair.original.schema), pure_combinator(pair.update.schema)
    if original_kind is None and update_kind is None:
        return None
    original_members: tuple[Node, ...]
    update_members: tuple[Node, ...]
    if original_kind is None:
        if _has_combinator(pair.original.schema):
            return None
        original_kind, original_members = update_kind, (pair.original,)
    else:
        original_members = _members(pair.original, original_kind)
    if update_kind is None:
        if _has_combinator(pair.update.schema):
            return None
        update_kind, update_members = original_kind, (pair.update,)
    else:
        update_members = _members(pair.update, update_kind)
    return _combine(ctx, original_kind, original_members, update_kind, update_members, pair.path)


def _combine(
    ctx: Context,
    original_kind: str | None,
    original: tuple[Node, ...],
    update_kind: str | None,
    update: tuple[Node, ...],
    path: Path,
) -> Combination:
    """The combination at `path` (the combined schema's own path; members sit under the original's kind)."""
    if not original:
        original_kind = None
    if not update:
        update_kind = None
    matched = 0
    changed = criteria_change(original_kind, update_kind, len(original), len(update)) == "CHANGED"
    if original_kind and update_kind and not changed:
        matched = _max_matching(ctx, original, update, (*path, original_kind))
    return Combination(original_kind, update_kind, original, update, matched, path)


def _max_matching(ctx: Context, original: tuple[Node, ...], update: tuple[Node, ...], path: Path) -> int:
    """Size of a maximum matching of original to update members, an edge where the change is compatible.

    Members with the same text are paired first when they compare compatible (the same text may still mean
    something else through a `$ref`): a matching can always keep such a pair, and reordering a wide
    combinator then costs one comparison per member instead of one per pair of members.
    """
    position = {json_text(member.schema): j for j, member in enumerate(update)}
    free = set(range(len(update)))
    rest: list[int] = []
    for i, old in enumerate(original):
        j = position.get(json_text(old.schema))
        if j is not None and j in free and compatible(ctx, old, update[j], (*path, i)):
            free.discard(j)
        else:
            rest.append(i)
    candidates = sorted(free)
    edges = {i: [j for j in candidates if compatible(ctx, original[i], update[j], (*path, i))] for i in rest}
    owner: dict[int, int] = {}
    return len(original) - len(rest) + sum(_augment(i, edges, owner) for i in rest)


def _augment(start: int, edges: dict[int, list[int]], owner: dict[int, int]) -> bool:
    """Kuhn's augmenting path from original member `start` (iterative: combinators may be wide)."""
    visited: set[int] = set()
    frames = [(start, iter(edges[start]))]
    via: list[int] = []  # via[k]: the update member frames[k] went through to reach frames[k + 1]
    while frames:
        i, choices = frames[-1]
        j = next((j for j in choices if j not in visited), None)
        if j is None:
            frames.pop()
            if via:
                via.pop()
            continue
        visited.add(j)
        if j in owner:
            via.append(j)
            frames.append((owner[j], iter(edges[owner[j]])))
            continue
        owner[j] = i
        for (earlier, _), taken in zip(frames, via, strict=False):
            owner[taken] = earlier
        return True
    return False


def _members(node: Node, kind: str) -> tuple[Node, ...]:
    """The distinct members of combinator `kind` (duplicates collapse, as in Confluent)."""
    value = node.get(kind)
    if not isinstance(value, list):
        return ()
    distinct = {json_text(member): member for member in value}
    return tuple(node.child(member) for member in distinct.values())


def _has_combinator(schema: Any) -> bool:
    return isinstance(schema, dict) and any(k in schema for k in COMBINATORS)


def _mapping(node: Node, keyword: str) -> dict[str, Any]:
    value = node.get(keyword)
    return value if isinstance(value, dict) else {}


def _child(node: Node, mapping: dict[str, Any], name: str) -> Node | None:
    return node.child(mapping[name]) if name in mapping else None


def _node(node: Node, value: Any) -> Node | None:
    return None if value is MISSING else node.child(value)


def _union(original: dict[Any, Any], update: dict[Any, Any]) -> list[Any]:
    return [*original, *(key for key in update if key not in original)]


def _dependency_entries(node: Node) -> dict[tuple[str, bool], tuple[str, Any]]:
    """(name, is_schema) -> (keyword, value) over both spellings of dependencies."""
    entries: dict[tuple[str, bool], tuple[str, Any]] = {}
    for keyword in ("dependencies", "dependentRequired", "dependentSchemas"):
        for name, value in _mapping(node, keyword).items():
            entries[(name, not isinstance(value, list))] = (keyword, value)
    return entries
