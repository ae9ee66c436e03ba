"""Small helpers shared by the Protobuf tests: parse through the real format, list differences and findings."""

from __future__ import annotations

from schemata.compat.catalogue import Policy, accepted
from schemata.compat.protobuf import ProtobufFormat, ProtobufSchema, diff
from schemata.compat.schema import Dependency

FORMAT = ProtobufFormat()


def parse(text: str, dependencies: tuple[Dependency, ...] = (), *, normalize: bool = False) -> ProtobufSchema:
    return FORMAT.parse(text, dependencies, normalize=normalize)


def dep(name: str, text: str) -> Dependency:
    return Dependency(name, "PROTOBUF", text)


def differences(original: str, update: str, deps: tuple[Dependency, ...] = (),
                new_deps: tuple[Dependency, ...] | None = None) -> list[tuple[str, str, bool]]:
    """(type, path, compatible under STRICT) of every difference from `original` to `update`."""
    old = parse(original, deps)
    new = parse(update, deps if new_deps is None else new_deps)
    return [(d.rule, d.path, accepted(d, Policy.STRICT)) for d in diff(old, new)]


def findings(original: str, update: str, policy: str = "STRICT") -> list[tuple[str, str]]:
    """(rule, path) of what stops `update` (the reader) from reading `original`'s (the writer's) data."""
    result = FORMAT.check(reader=parse(update), writer=parse(original), policy=policy)
    return [(f.rule, f.path) for f in result]
