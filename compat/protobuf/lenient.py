"""Compiling what Confluent accepts without linking: unresolved custom options and types used without an import.

Confluent parses a schema with wire's parser and links nothing unless `validateFields` is on, so it accepts
`[(some_ref) = "x"]` with no declaration of `some_ref`, and a field typed with a message of a reference (or a
well-known type) that the schema does not import. protoc refuses both. When it does, and only for those
reasons, the schema is compiled again from its element tree with those options left out and the missing
imports added (the references not imported, or the built-in file declaring the type); what was so patched is
reported as `unresolved`, for a registry to refuse when `validateFields` is on. Any other error, or a type
still undefined after that, is the original error (with its location in the text as given).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace

from schemata.compat.protobuf.compiler import CompiledFiles, ProtocFailure, builtin_paths, compile_proto
from schemata.compat.protobuf.confluent_text import confluent_text
from schemata.compat.protobuf.elements import (
    EnumElement,
    FieldElement,
    FileElement,
    MessageElement,
    Option,
    Unsupported,
    parse_elements,
)
from schemata.compat.schema import Dependency

_UNKNOWN_OPTION = re.compile(r'^Option "\((?P<name>[^"]+)\)" unknown\.')
_UNDEFINED = re.compile(r'^"(?P<name>[^"]+)" (?:is not defined\.|seems to be defined in )')


#: protoc reports unknown options only once every type resolves: a first retry may reveal them.
_ATTEMPTS = 3


def compile_lenient(text: str, dependencies: Sequence[Dependency]) -> tuple[CompiledFiles, tuple[str, ...]]:
    """The compiled schema and what had to be left unresolved (empty when protoc took the text as it is)."""
    try:
        return compile_proto(text, dependencies), ()
    except ProtocFailure as first:
        original = first
    options: set[str] = set()
    types: set[str] = set()
    elements: FileElement | None = None
    failure = original
    for _ in range(_ATTEMPTS):
        found_options, found_types = _unknown_options(failure.root_messages), _undefined_types(failure.root_messages)
        fixable = failure.root_messages and len(found_options) + len(found_types) == len(failure.root_messages)
        if not fixable or (found_options <= options and found_types <= types):
            break
        options |= found_options
        types |= found_types
        try:
            elements = elements or parse_elements(text)
        except Unsupported:
            break
        patched = _without_options(elements, options)
        patched.imports = [*patched.imports, *_missing_imports(elements, dependencies, types)]
        try:
            compiled = compile_proto(confluent_text(patched), dependencies)
        except ProtocFailure as again:
            failure = again
            continue
        unresolved = [f"option ({name})" for name in sorted(options)]
        unresolved += [f"type {name} (not imported)" for name in sorted(types)]
        return compiled, tuple(unresolved)
    raise original


def _unknown_options(messages: Sequence[str]) -> set[str]:
    return {m.group("name") for m in map(_UNKNOWN_OPTION.match, messages) if m is not None}


def _undefined_types(messages: Sequence[str]) -> set[str]:
    return {m.group("name") for m in map(_UNDEFINED.match, messages) if m is not None}


def _missing_imports(elements: FileElement, dependencies: Sequence[Dependency], types: set[str]) -> list[str]:
    """The references the schema does not import, then the built-in files declaring one of `types`."""
    if not types:
        return []
    imported = {*elements.imports, *elements.public_imports}
    missing = [dep.name for dep in dependencies if dep.name not in imported]
    index = _builtin_declarations()
    for name in sorted(types):
        for candidate in _candidates(name, elements.package):
            builtin = index.get(candidate)
            if builtin is not None and builtin not in imported and builtin not in missing:
                missing.append(builtin)
    return missing


def _candidates(name: str, package: str | None) -> list[str]:
    """The full names a relative reference `name` may denote from package `package` (innermost first)."""
    if name.startswith("."):
        return [name[1:]]
    parts = (package or "").split(".") if package else []
    return [".".join([*parts[:i], name]) for i in range(len(parts), -1, -1)]


@functools.cache
def _builtin_declarations() -> dict[str, str]:
    """Full name of every message and enum of the built-in files -> the import path of its file."""
    index: dict[str, str] = {}
    for path in builtin_paths():
        try:
            compiled = compile_proto(f'syntax = "proto3";\nimport "{path}";\n')
        except ProtocFailure:
            continue
        file = next(f for f in compiled.files if f.name == path)
        prefix = f"{file.package}." if file.package else ""
        for message in file.message_type:
            index.setdefault(prefix + message.name, path)
        for enum in file.enum_type:
            index.setdefault(prefix + enum.name, path)
    return index


def _without_options(file: FileElement, names: set[str]) -> FileElement:
    """A copy of `file` without the custom options named in `names` (as protoc spells them)."""
    bare = {name.lstrip(".") for name in names}

    def keep(options: list[Option]) -> list[Option]:
        return [o for o in options if not (o.parenthesized and o.name.lstrip(".") in bare)]

    def fields(items: list[FieldElement]) -> list[FieldElement]:
        return [replace(f, options=keep(f.options)) for f in items]

    def type_(element: MessageElement | EnumElement) -> MessageElement | EnumElement:
        if isinstance(element, EnumElement):
            constants = [replace(c, options=keep(c.options)) for c in element.constants]
            return replace(element, options=keep(element.options), constants=constants)
        return replace(
            element,
            options=keep(element.options),
            fields=fields(element.fields),
            oneofs=[replace(o, options=keep(o.options), fields=fields(o.fields)) for o in element.oneofs],
            types=[type_(t) for t in element.types],
            extends=[replace(e, fields=fields(e.fields)) for e in element.extends],
        )

    services = [
        replace(s, options=keep(s.options), rpcs=[replace(r, options=keep(r.options)) for r in s.rpcs])
        for s in file.services
    ]
    return replace(
        file,
        options=keep(file.options),
        types=[type_(t) for t in file.types],
        extends=[replace(e, fields=fields(e.fields)) for e in file.extends],
        services=services,
    )
