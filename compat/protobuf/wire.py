"""The matching walk for the buf-style WIRE and WIRE_JSON policies, written once.

Pairs the root files, then messages and enums by full name (nested ones and map entries included), fields
by number and RPCs by service and method name, and runs the rules of the chosen category on each pair.
Imported files are not checked here: each referenced schema is checked under its own subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from schemata.compat.catalogue import Kind, incompatible
from schemata.compat.findings import Finding
from schemata.compat.protobuf.buf_rules import BUF_RULES, FieldContext
from schemata.compat.protobuf.model import FileModel


def check_wire(previous: FileModel, current: FileModel, category: str) -> list[Finding]:
    """The findings of buf's `category` rules (the policy WIRE or WIRE_JSON) for `current` against `previous`."""
    return incompatible(_Walk(category).files(previous, current), category)


class _Walk:
    def __init__(self, category: str) -> None:
        self._category = category

    def _run(self, kind: Kind, *pair: Any) -> Iterator[Finding]:
        return BUF_RULES.run(kind, *pair, policy=self._category)

    def files(self, old: FileModel, new: FileModel) -> Iterator[Finding]:
        yield from self._run(Kind.FILE, old, new)
        new_messages = {m.full_name: m for m in new.all_messages()}
        for before in old.all_messages():
            after = new_messages.get(before.full_name)
            if after is None:
                continue
            yield from self._run(Kind.MESSAGE, before, after)
            for number in sorted(before.fields.keys() & after.fields.keys()):
                pair = FieldContext(after.full_name, before.fields[number], after.fields[number], old, new)
                yield from self._run(Kind.FIELD, pair)
        new_enums = {e.full_name: e for e in new.all_enums()}
        for before_enum in old.all_enums():
            after_enum = new_enums.get(before_enum.full_name)
            if after_enum is not None:
                yield from self._run(Kind.ENUM, before_enum, after_enum)
        for service, methods in old.services.items():
            current = {m.name: m for m in new.services.get(service, ())}
            for method in methods:
                if method.name in current:
                    yield from self._run(Kind.METHOD, service, method, current[method.name])
