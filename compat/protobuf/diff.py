"""The matching walk for Confluent's Protobuf diff, written once: pairs elements and runs the rules on each pair.

Messages are matched by name at each nesting level (so by full name), fields by tag across the whole
message (top level and oneof members alike), enum constants by number. Paths look like `#/Outer/Inner/3`,
with the oneof name before the tag of a oneof member (`#/Outer/choice/4`). Message types referenced from
imported files are compared too, their differences reported under their own path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from compat.findings import Finding
from compat.protobuf.compiler import ROOT_FILE
from compat.protobuf.confluent_rules import (
    COMPATIBLE,
    CONFLUENT_RULES,
    FieldPair,
    Slot,
    TypePair,
    TypeRef,
)
from compat.protobuf.model import EnumModel, FieldModel, FileModel, MessageModel
from compat.protobuf.schema import ProtobufSchema


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between an original and an updated schema; `compatible` as Confluent classifies it."""

    type: str
    path: str
    message: str
    hint: str
    compatible: bool

    def finding(self) -> Finding:
        return Finding(self.type, self.path, self.message, self.hint)


def diff(original: ProtobufSchema, update: ProtobufSchema) -> list[Difference]:
    """Every difference (compatible or not) from `original` to `update`."""
    return diff_models(original.model, update.model)


def diff_models(original: FileModel, update: FileModel) -> list[Difference]:
    walk = _Walk(original, update, set())
    walk.emit(CONFLUENT_RULES.run("file", "#/", original.package, update.package))
    walk.level([], original.messages, original.enums, update.messages, update.enums)
    # A referenced type is compared once per field using it; report each difference once.
    return list(dict.fromkeys(walk.out))


class _Walk:
    def __init__(self, old: FileModel, new: FileModel, in_progress: set[str]) -> None:
        self.old, self.new = old, new
        self.out: list[Difference] = []
        self._in_progress = in_progress

    def emit(self, findings: Iterable[Finding]) -> None:
        self.out.extend(
            Difference(f.rule, f.path, f.message, f.hint, f.rule in COMPATIBLE) for f in findings
        )

    def level(
        self,
        path: list[str],
        old_messages: Sequence[MessageModel],
        old_enums: Sequence[EnumModel],
        new_messages: Sequence[MessageModel],
        new_enums: Sequence[EnumModel],
    ) -> None:
        """Messages and enums of one nesting level; synthetic map entries are left to their map fields."""
        old_slots, new_slots = _slots(old_messages), _slots(new_messages)
        for name in sorted(old_slots.keys() | new_slots.keys()):
            before, after = old_slots.get(name), new_slots.get(name)
            self.emit(CONFLUENT_RULES.run("message_slot", _path(*path, name), before, after))
            if before is not None and after is not None:
                self.message([*path, name], before.model, after.model)  # type: ignore[arg-type]
        old_enum_slots = {e.name: Slot(e.name, -1, e) for e in old_enums}
        new_enum_slots = {e.name: Slot(e.name, -1, e) for e in new_enums}
        for name in sorted(old_enum_slots.keys() | new_enum_slots.keys()):
            before, after = old_enum_slots.get(name), new_enum_slots.get(name)
            self.emit(CONFLUENT_RULES.run("enum_slot", _path(*path, name), before, after))
            if before is not None and after is not None:
                self.enum([*path, name], before.model, after.model)  # type: ignore[arg-type]

    def enum(self, path: list[str], old: EnumModel, new: EnumModel) -> None:
        old_names, new_names = dict((n, v) for v, n in old.values), dict((n, v) for v, n in new.values)
        for number in sorted(old_names.keys() | new_names.keys()):
            self.emit(CONFLUENT_RULES.run("enum_value", _path(*path, str(number)), old_names.get(number),
                                          new_names.get(number)))

    def message(self, path: list[str], old: MessageModel, new: MessageModel) -> None:
        if old.full_name not in self._in_progress:
            self._in_progress.add(old.full_name)
            try:
                self._fields(path, old, new)
            finally:
                self._in_progress.discard(old.full_name)
        self.level(path, old.messages, old.enums, new.messages, new.enums)

    def _fields(self, path: list[str], old: MessageModel, new: MessageModel) -> None:
        self.emit(CONFLUENT_RULES.run("message", _path(*path), old, new))
        deleted = frozenset(
            name for name in set(old.oneofs) - set(new.oneofs)
            if not any(f.oneof == name and f.number in new.fields for f in old.fields.values())
        )
        for number in sorted(old.fields.keys() | new.fields.keys()):
            before, after = old.fields.get(number), new.fields.get(number)
            holder = after if after is not None else before
            assert holder is not None
            where = _path(*path, *([holder.oneof] if holder.oneof else []), str(number))
            self.emit(CONFLUENT_RULES.run("field", where, FieldPair(before, after, deleted)))
            if before is not None and after is not None:
                self.types(where, after.name, self._ref(before, self.old), self._ref(after, self.new))

    def types(self, path: str, field: str, old: TypeRef, new: TypeRef) -> None:
        incompatible = False
        if old.message is not None and new.message is not None and self._compare_referenced(old.message, new.message):
            sub = _Walk(self.old, self.new, self._in_progress)
            sub.message(old.message.local_name.split("."), old.message, new.message)
            self.out.extend(sub.out)
            incompatible = any(not d.compatible for d in sub.out)
        self.emit(CONFLUENT_RULES.run("type", path, TypePair(field, old, new, incompatible)))
        if old.key and new.key and old.value and new.value:
            self.types(path, f"{field} (map key)", old.key, new.key)
            self.types(path, f"{field} (map value)", old.value, new.value)

    def _compare_referenced(self, old: MessageModel, new: MessageModel) -> bool:
        """Referenced types are compared unless both are local or come from the same, unchanged import."""
        if old.local_name != new.local_name:
            return False
        if old.file == new.file == ROOT_FILE:
            return False
        return not (old.file == new.file and self.old.sources.get(old.file) == self.new.sources.get(new.file))

    @staticmethod
    def _ref(field: FieldModel, model: FileModel) -> TypeRef:
        if field.map_entry is not None:
            key, value = field.map_entry.fields[1], field.map_entry.fields[2]
            key_ref, value_ref = _Walk._ref(key, model), _Walk._ref(value, model)
            return TypeRef("map", f"map<{key_ref.name}, {value_ref.name}>", key=key_ref, value=value_ref)
        if field.kind in ("message", "group"):
            target = model.types.get(field.type_name)
            return TypeRef("message", field.type_name, field.label,
                           message=target if isinstance(target, MessageModel) else None)
        if field.kind == "enum":
            return TypeRef("scalar", field.type_name, field.label, scalar="enum")
        return TypeRef("scalar", field.kind, field.label, scalar=field.kind)


def _slots(messages: Sequence[MessageModel]) -> dict[str, Slot]:
    declared = [m for m in messages if not m.is_map_entry]
    return {m.name: Slot(m.name, i, m) for i, m in enumerate(declared)}


def _path(*parts: str) -> str:
    return "#/" + "/".join(parts)
