"""Confluent's JSON Schema diff: every difference between an original schema and its update.

Each difference is a `Finding` whose `rule` is Confluent's difference type (`OPTIONAL_PROPERTY_ADDED_TO_OPEN_
CONTENT_MODEL`, `MAX_LENGTH_DECREASED`, ...) and whose `path` locates it (`#/properties/foo/maxLength`). A change
is compatible when the policy accepts every difference type (`schemata.compat.catalogue.json_schema`).
"""

from __future__ import annotations

from schemata.compat import catalogue
from schemata.compat.findings import Finding
from schemata.compat.jsonschema.diff import arrays, combined, general, numbers, objects, properties, strings
from schemata.compat.jsonschema.diff.book import BOOK
from schemata.compat.jsonschema.diff.model import Context, Node, json_text
from schemata.compat.jsonschema.diff.walk import diff_nodes, visit_budget
from schemata.compat.jsonschema.policies import STRICT, compatible_types, resolve
from schemata.compat.jsonschema.schema import JsonSchema

_RULE_MODULES = (arrays, combined, general, numbers, objects, properties, strings)  # imported to register their rules


def diff(original: JsonSchema, update: JsonSchema, *, policy: str = STRICT) -> list[Finding]:
    """Every difference from `original` to `update`, compatible ones included.

    The policy matters only where Confluent's diff itself depends on it: a subschema counts as matched, or a
    property as covered, when the change between them is compatible under the policy.
    """
    if (json_text(original.document), original.dependencies) == (json_text(update.document), update.dependencies):
        return []
    size = sum(len(s.canonical) + sum(len(dep.text) for dep in s.dependencies) for s in (original, update))
    ctx = Context(compatible_types(policy), visit_budget(size))
    root_original = Node(original.document, original.resolver(), original.draft.specification)
    root_update = Node(update.document, update.resolver(), update.draft.specification)
    found = list(diff_nodes(ctx, root_original.child(original.document), root_update.child(update.document), ()))
    return found + list(general.budget_exhausted(ctx))


def incompatible(original: JsonSchema, update: JsonSchema, *, policy: str = STRICT) -> list[Finding]:
    """The differences `policy` does not accept: empty when `update` can read `original`'s data."""
    return catalogue.incompatible(diff(original, update, policy=policy), resolve(policy))


__all__ = ["BOOK", "diff", "incompatible"]
