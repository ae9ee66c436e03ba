"""Avro names: what a valid name is, and how a name, a namespace and the enclosing namespace combine."""

from __future__ import annotations

import re

_NAME_PART = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def is_simple_name(text: object) -> bool:
    """A record field name, enum symbol or the last part of a type name."""
    return isinstance(text, str) and _NAME_PART.fullmatch(text) is not None


def is_full_name(text: object) -> bool:
    """A type name: simple names joined by dots."""
    return isinstance(text, str) and all(is_simple_name(part) for part in text.split("."))


def qualify(name: str, namespace: str) -> str:
    """The full name of `name` written inside `namespace`: a dotted name is already full."""
    if "." in name or not namespace:
        return name
    return f"{namespace}.{name}"


def definition_name(name: str, namespace: str | None, enclosing: str) -> str:
    """The full name a named type defines: a dotted `name` is already full; otherwise the type's own
    `namespace` (when present, even "") wins over the enclosing one."""
    return qualify(name, enclosing if namespace is None else namespace)


def reference_candidates(name: str, enclosing: str) -> tuple[str, ...]:
    """Full names a reference may mean, in lookup order: the enclosing namespace, then the null one.

    Java Avro (and so Confluent) falls back to the null namespace when the qualified name is unknown.
    """
    qualified = qualify(name, enclosing)
    return (qualified,) if qualified == name else (qualified, name)


def relative_name(fullname: str, namespace: str) -> str:
    """The shortest way to write `fullname` inside `namespace`."""
    space, _, short = fullname.rpartition(".")
    return short if space == namespace else fullname
