"""What a schema node stands for in the diff: `$ref`s followed, `true` read as `{}`, and, from draft 2019-09
on, the siblings of a `$ref` applied together with its target.

Drafts 4 to 7 ignore the keywords beside a `$ref`. From 2019-09 `$ref` is an in-place applicator:
`{"$ref": T, "maxLength": 3}` means allOf[T, {"maxLength": 3}]. When the target and the siblings share no
keyword (annotations aside: the siblings' win) and no keywords that read one another (`properties` and
`additionalProperties`, `items` and `additionalItems`, ...), the node stands for the two merged into one
schema, so each difference is reported at the keyword the user wrote (`#/maxLength`). Otherwise it stands for
`{"allOf": [{"$ref": T}, siblings]}`, which keeps the meaning of each part and resolves each part's `$ref`s
where they were written.

Invariant: the walk recognises the pairs it is already comparing by the identity of their schemas, so a
node built here must be the same object every time the same `$ref` is resolved in one diff; `Context.merged`
keeps them (and the schemas they were built from, so that no id is reused while the diff runs).
"""

from __future__ import annotations

from typing import Any

from referencing.exceptions import Unresolvable

from schemata.compat.jsonschema.diff.model import Context, Node
from schemata.compat.jsonschema.keywords import ASSERTIONS, REFERENCES, subschemas

EMPTY: dict[str, Any] = {}

#: Keywords beside a `$ref` that say nothing about the data.
_NOT_APPLIED = frozenset({
    *REFERENCES, "$schema", "$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$defs", "definitions",
    "$comment", "$vocabulary",
})
#: Annotations: on both sides, the siblings' value is the one reported.
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"})
#: Keywords that read one another: split between the target and the siblings, merging would change them.
_TOGETHER = (
    frozenset({"properties", "patternProperties", "additionalProperties"}),
    frozenset({"items", "prefixItems", "additionalItems"}),
    frozenset({"if", "then", "else"}),
    frozenset({"contains", "minContains", "maxContains"}),
)
#: A target's unevaluated* keywords do not see the siblings' evaluations (a sibling's do see the target's).
_UNEVALUATED = frozenset({"unevaluatedProperties", "unevaluatedItems"})


def effective(node: Node, ctx: Context | None = None) -> Node:
    """What `node` stands for: its `$ref` targets followed (siblings applied from 2019-09 on), `true` as `{}`.

    A cycle of references with nothing else in it stands for `{}`. Rules that only look at the result may
    leave out `ctx`; the walk passes it, so that the nodes it compares keep their identity (module docstring).
    """
    merged = ctx.merged if ctx is not None else {}
    followed: set[int] = set()
    while True:
        if node.schema is True:
            return node.child(EMPTY)
        ref = _reference(node.schema)
        if ref is None:
            return node
        try:
            resolved = node.resolver.lookup(ref)
        except Unresolvable:
            return node.child(EMPTY)
        if id(resolved.contents) in followed:
            return node.child(EMPTY)
        followed.add(id(resolved.contents))
        target = node.referenced(resolved.contents, resolved.resolver)
        siblings = _applied_siblings(node)
        node = _with_siblings(node, ref, siblings, target, merged) if siblings else target


def _reference(schema: Any) -> str | None:
    if not isinstance(schema, dict):
        return None
    ref = next((schema[k] for k in REFERENCES if k in schema), None)
    return ref if isinstance(ref, str) else None


def _applied_siblings(node: Node) -> dict[str, Any]:
    if not node.since_2019_09:
        return {}
    return {key: value for key, value in node.schema.items() if key not in _NOT_APPLIED}


def _with_siblings(
    node: Node, ref: str, siblings: dict[str, Any], target: Node, merged: dict[tuple[int, int], tuple[Any, Any, Any]]
) -> Node:
    """The node for `node` (a `$ref` with `siblings`) and its `target`, built once per diff."""
    key = (id(node.schema), id(target.schema))
    entry = merged.get(key)
    if entry is None or entry[0] is not node.schema or entry[1] is not target.schema:
        entry = (node.schema, target.schema, _combined(node, ref, siblings, target))
        merged[key] = entry
    combined: Node = entry[2]
    return combined


def _combined(node: Node, ref: str, siblings: dict[str, Any], target: Node) -> Node:
    contents = EMPTY if target.schema is True else target.schema
    if contents is False:
        return target
    if _mergeable(contents, siblings) and _same_scope(siblings, node, target):
        return Node({**contents, **siblings}, target.resolver, target.specification)
    return Node({"allOf": [{"$ref": ref}, siblings]}, node.resolver, node.specification)


def _mergeable(target: dict[str, Any], siblings: dict[str, Any]) -> bool:
    """Whether one schema with the keywords of both means allOf[target, siblings]."""
    shared = {k for k in target.keys() & siblings.keys() if k not in _ANNOTATIONS and target[k] != siblings[k]}
    if shared:
        return False
    if any(group & target.keys() and group & siblings.keys() for group in _TOGETHER):
        return False
    return not (_UNEVALUATED & target.keys() and ASSERTIONS & siblings.keys())


def _same_scope(siblings: dict[str, Any], node: Node, target: Node) -> bool:
    """Whether every `$ref` in the siblings resolves the same from the target as from where it was written
    (merged, the siblings are read in the target's scope)."""
    stack: list[Any] = [siblings]
    while stack:
        current = stack.pop()
        ref = _reference(current)
        if ref is not None:
            try:
                if node.resolver.lookup(ref).contents is not target.resolver.lookup(ref).contents:
                    return False
            except Unresolvable:
                return False
        stack.extend(sub for _, sub in subschemas(current))
    return True
