"""The matching walk for Confluent's Protobuf diff, written once: pairs elements and runs the rules on each pair.

Messages are matched by name at each nesting level (so by full name), fields by tag across the whole
message (top level and oneof members alike), enum constants by number. Paths look like `#/Outer/Inner/3`,
with the oneof name before the tag of a member of a oneof that both messages have under that name
(`#/Outer/choice/4`); a field that moved into, out of or between oneofs is at the message's level, as in
Confluent. Message types referenced from imported files are compared too, their differences reported under
their own path.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from schemata.compat.catalogue import Kind, Policy, accepted
from schemata.compat.findings import Finding
from schemata.compat.protobuf.compiler import ROOT_FILE
from schemata.compat.protobuf.confluent_rules import CONFLUENT_RULES, FieldPair, Slot, TypePair, TypeRef
from schemata.compat.protobuf.model import EnumModel, FieldModel, FileModel, MessageModel
from schemata.compat.protobuf.schema import ProtobufSchema


def diff(original: ProtobufSchema, update: ProtobufSchema) -> list[Finding]:
    """Every difference from `original` to `update`, those the STRICT policy accepts included."""
    return diff_models(original.model, update.model)


def diff_models(original: FileModel, update: FileModel) -> list[Finding]:
    walk = _Walk(original, update, _Shared())
    walk.emit(CONFLUENT_RULES.run(Kind.FILE, "#/", original.package, update.package))
    walk.level([], original.messages, original.enums, update.messages, update.enums)
    return list(walk.out)


@dataclass
class _Shared:
    """State shared by a walk and the walks it starts for referenced types."""

    in_progress: set[str] = field(default_factory=set)  # messages whose fields are being compared (cycles)
    referenced: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)  # each pair compared once


class _Walk:
    def __init__(self, old: FileModel, new: FileModel, shared: _Shared) -> None:
        self.old, self.new = old, new
        # An ordered set: a referenced type's differences come back for every field using it, reported once.
        self.out: dict[Finding, None] = {}
        self._shared = shared

    def emit(self, findings: Iterable[Finding]) -> None:
        self.out.update(dict.fromkeys(findings))

    def level(
        self,
        path: list[str],
        old_messages: Sequence[MessageModel],
        old_enums: Sequence[EnumModel],
        new_messages: Sequence[MessageModel],
        new_enums: Sequence[EnumModel],
    ) -> None:
        """Messages and enums of one nesting level; synthetic map entries are left to their map fields."""
        old_declared, new_declared = _declared(old_messages), _declared(new_messages)
        for name in sorted(old_declared.keys() | new_declared.keys()):
            before, after = old_declared.get(name), new_declared.get(name)
            self.emit(CONFLUENT_RULES.run(Kind.MESSAGE_SLOT, _path(*path, name), _slot(before), _slot(after)))
            if before is not None and after is not None:
                self.message([*path, name], before[1], after[1])
        old_by_name, new_by_name = {e.name: e for e in old_enums}, {e.name: e for e in new_enums}
        for name in sorted(old_by_name.keys() | new_by_name.keys()):
            old_enum, new_enum = old_by_name.get(name), new_by_name.get(name)
            self.emit(CONFLUENT_RULES.run(Kind.ENUM_SLOT, _path(*path, name), old_enum, new_enum))
            if old_enum is not None and new_enum is not None:
                self.enum([*path, name], old_enum, new_enum)

    def enum(self, path: list[str], old: EnumModel, new: EnumModel) -> None:
        old_names = {number: name for name, number in old.values}
        new_names = {number: name for name, number in new.values}
        for number in sorted(old_names.keys() | new_names.keys()):
            self.emit(CONFLUENT_RULES.run(Kind.ENUM_VALUE, _path(*path, str(number)), old_names.get(number),
                                          new_names.get(number)))

    def message(self, path: list[str], old: MessageModel, new: MessageModel) -> None:
        in_progress = self._shared.in_progress
        if old.full_name not in in_progress:
            in_progress.add(old.full_name)
            try:
                self._fields(path, old, new)
            finally:
                in_progress.discard(old.full_name)
        self.level(path, old.messages, old.enums, new.messages, new.enums)

    def _fields(self, path: list[str], old: MessageModel, new: MessageModel) -> None:
        self.emit(CONFLUENT_RULES.run(Kind.MESSAGE, _path(*path), old, new))
        old_oneofs, new_oneofs = frozenset(old.oneofs), frozenset(new.oneofs)
        for number in sorted(old.fields.keys() | new.fields.keys()):
            before, after = old.fields.get(number), new.fields.get(number)
            where = _path(*path, *_oneof_part(before, after), str(number))
            self.emit(CONFLUENT_RULES.run(Kind.FIELD, where, FieldPair(before, after, old_oneofs, new_oneofs)))
            if before is not None and after is not None:
                self.types(where, after.name, self._ref(before, self.old), self._ref(after, self.new))

    def types(self, path: str, field_name: str, old: TypeRef, new: TypeRef) -> None:
        incompatible = False
        if old.message is not None and new.message is not None and self._compare_referenced(old.message, new.message):
            found = self._referenced(old.message, new.message)
            self.emit(found)
            incompatible = not all(accepted(d, Policy.STRICT) for d in found)
        self.emit(CONFLUENT_RULES.run(Kind.TYPE, path, TypePair(field_name, old, new, incompatible)))
        if old.key and new.key and old.value and new.value:
            self.types(path, f"{field_name} (map key)", old.key, new.key)
            self.types(path, f"{field_name} (map value)", old.value, new.value)

    def _referenced(self, old: MessageModel, new: MessageModel) -> list[Finding]:
        """The differences of a referenced message pair, under the message's own path."""
        key = (old.full_name, new.full_name)
        if key not in self._shared.referenced:
            sub = _Walk(self.old, self.new, self._shared)
            sub.message(old.local_name.split("."), old, new)
            self._shared.referenced[key] = list(sub.out)
        return self._shared.referenced[key]

    def _compare_referenced(self, old: MessageModel, new: MessageModel) -> bool:
        """Referenced types are compared unless both are local or come from the same import, unchanged together
        with everything it imports (a file two imports down may change while the one in between stays the same).
        """
        if old.local_name != new.local_name:
            return False
        if old.file == new.file == ROOT_FILE:
            return False
        unchanged = self.old.closures.get(old.file) == self.new.closures.get(new.file)
        return not (old.file == new.file and unchanged)

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


def _oneof_part(before: FieldModel | None, after: FieldModel | None) -> list[str]:
    """The oneof part of a field's path: its oneof's name if it is in the same-named oneof on both sides (or
    on the one side it exists on). A field that moved into, out of or between oneofs is at the message's level,
    where Confluent compares such fields."""
    if before is not None and after is not None:
        return [after.oneof] if after.oneof is not None and after.oneof == before.oneof else []
    holder = after if after is not None else before
    return [holder.oneof] if holder is not None and holder.oneof is not None else []


def _declared(messages: Sequence[MessageModel]) -> dict[str, tuple[int, MessageModel]]:
    """Declared messages by name, with their position among them (map entries are not declared)."""
    declared = [m for m in messages if not m.is_map_entry]
    return {m.name: (i, m) for i, m in enumerate(declared)}


def _slot(entry: tuple[int, MessageModel] | None) -> Slot | None:
    return None if entry is None else Slot(entry[1].name, entry[0], entry[1])


def _path(*parts: str) -> str:
    return "#/" + "/".join(parts)
