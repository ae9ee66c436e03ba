"""The compatibility policies of JSON Schema, STRICT (the default) and LENIENT; which difference types each one
accepts is catalogue data (`schemata.compat.catalogue.json_schema`)."""

from __future__ import annotations

from functools import cache

from schemata.compat.catalogue import Json, Policy

STRICT = Policy.STRICT
LENIENT = Policy.LENIENT
POLICIES = (STRICT, LENIENT)


def resolve(policy: str) -> Policy:
    """`policy` as one of this format's, case-insensitively; STRICT for a policy the format does not know."""
    upper = policy.upper()
    return LENIENT if upper == LENIENT else STRICT


@cache
def _compatible(policy: Policy) -> frozenset[str]:
    return frozenset(entry.id for entry in Json.entries if policy in entry.compatible_under)


def compatible_types(policy: str) -> frozenset[str]:
    """The difference types `policy` accepts (STRICT's for a policy this format does not know)."""
    return _compatible(resolve(policy))
