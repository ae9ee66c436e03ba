"""The engine's primitive: the findings between two schemas in one direction, under a format's policy.

Which pairs are checked, and what the findings mean for a subject, is `schemata.compat.decision`'s to say.
"""

from __future__ import annotations

from schemata.compat.catalogue import Engine
from schemata.compat.errors import UnknownPolicyError
from schemata.compat.findings import Finding
from schemata.compat.formats import get_format
from schemata.compat.levels import Direction
from schemata.compat.schema import ParsedSchema


def check_pair(
    direction: Direction, new: ParsedSchema, old: ParsedSchema, *, policy: str | None = None
) -> list[Finding]:
    """The findings for one direction between two schemas."""
    if new.schema_type != old.schema_type:
        message = f"Incompatible because of different schema type ({old.schema_type} -> {new.schema_type})"
        return [Engine.SCHEMA_TYPE_CHANGED.finding("", message)]
    fmt = get_format(new.schema_type)
    chosen = resolve_policy(new.schema_type, policy)
    if direction is Direction.BACKWARD:
        return fmt.check(reader=new, writer=old, policy=chosen)
    return fmt.check(reader=old, writer=new, policy=chosen)


def resolve_policy(schema_type: str, policy: str | None) -> str:
    """The policy to use for `schema_type`: the given one if the format knows it, else its default.

    A policy is stored per subject without knowing the subject's format, so a policy meant for another
    format (LENIENT on an Avro subject) falls back to the default instead of failing.
    """
    known = get_format(schema_type).policies
    if policy is None:
        return known[0]
    upper = policy.upper()
    return upper if upper in known else known[0]


def validate_policy(policy: str) -> str:
    """`policy` upper-cased if any format knows it; UnknownPolicyError otherwise."""
    from schemata.compat.formats import schema_types

    upper = policy.upper()
    known = {p for t in schema_types() for p in get_format(t).policies}
    if upper not in known:
        raise UnknownPolicyError(f"Invalid compatibility policy {policy!r}; valid values are {sorted(known)}")
    return upper
