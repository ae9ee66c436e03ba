"""Type references printed as short as protoc's scoping rules allow, and never ambiguous."""

from __future__ import annotations

from collections.abc import Iterable

from google.protobuf import descriptor_pb2


class SymbolTable:
    """Every name declared in a set of files (packages, types, fields, values...), fully qualified."""

    def __init__(self, files: Iterable[descriptor_pb2.FileDescriptorProto]) -> None:
        self._names: set[str] = set()
        for file in files:
            parts = file.package.split(".") if file.package else []
            self._names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
            self._add_scope(file.package, file.message_type, file.enum_type, file.extension)
            for service in file.service:
                name = _join(file.package, service.name)
                self._names.add(name)
                self._names.update(_join(name, method.name) for method in service.method)

    def _add_scope(
        self,
        scope: str,
        messages: Iterable[descriptor_pb2.DescriptorProto],
        enums: Iterable[descriptor_pb2.EnumDescriptorProto],
        extensions: Iterable[descriptor_pb2.FieldDescriptorProto],
    ) -> None:
        for enum in enums:
            self._names.add(_join(scope, enum.name))
            # Enum values are siblings of their enum, as in C++.
            self._names.update(_join(scope, value.name) for value in enum.value)
        self._names.update(_join(scope, ext.name) for ext in extensions)
        for message in messages:
            name = _join(scope, message.name)
            self._names.add(name)
            self._names.update(_join(name, field.name) for field in message.field)
            self._names.update(_join(name, oneof.name) for oneof in message.oneof_decl)
            self._add_scope(name, message.nested_type, message.enum_type, message.extension)

    def reference(self, full_name: str, scope: str) -> str:
        """The shortest suffix of `full_name` (".pkg.Type") that resolves back to it from `scope`."""
        target = full_name.lstrip(".")
        parts = target.split(".")
        for start in range(len(parts) - 1, -1, -1):
            candidate = ".".join(parts[start:])
            if self._resolve(candidate, scope) == target:
                return candidate
        return "." + target

    def _resolve(self, name: str, scope: str) -> str | None:
        """Where protoc would look first: the innermost scope declaring the first component wins."""
        first, _, rest = name.partition(".")
        scopes = scope.split(".") if scope else []
        for depth in range(len(scopes), -1, -1):
            found = _join(".".join(scopes[:depth]), first)
            if found in self._names:
                return _join(found, rest) if rest else found
        return None


def _join(scope: str, name: str) -> str:
    return f"{scope}.{name}" if scope else name
