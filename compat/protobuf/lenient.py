"""Compiling what Confluent accepts without linking: unresolved custom options, types used without an import,
and imports of files that are neither a reference nor built in.

Confluent parses a schema with wire's parser and links nothing unless `validateFields` is on, so it accepts
`[(some_ref) = "x"]` with no declaration of `some_ref`, a field typed with a message of a reference (or a
well-known type) that the schema does not import, and `import "other/thing.proto";` with no reference of that
name (its descriptor leaves such an import out). protoc refuses all three. When it does, and only for those
reasons, the schema is compiled again from its element tree with those options and imports left out and the
missing imports added (the references not imported, or the built-in file declaring the type); what was so
patched is reported as `unresolved`, for a registry to refuse when `validateFields` is on. Any other error,
or a type still undefined after that (Confluent's "Could not resolve type"), is the original error (with its
location in the text as given), which then names the imports left out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from schemata.compat.errors import SchemaParseError
from schemata.compat.protobuf.compiler import (
    ROOT_FILE,
    CompiledFiles,
    ProtocFailure,
    builtin_paths,
    compile_proto,
)
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


#: protoc reports unknown options only once every type resolves, and a root file's own errors only once its
#: imports load: each retry may reveal more.
_ATTEMPTS = 4
_IMPORT_FAILED = re.compile(r'^Import "(?P<name>.*)" was not found or had errors\.$')
#: protoc's error, on an imported file's name, when there is no such file (or there cannot be one).
_NO_FILE = re.compile(r"^(?:File not found\.|Backslashes, consecutive slashes, \"\.\", or \"\.\.\" are not allowed)")


@dataclass
class _Patch:
    """What to leave out of one file (imports of no file, custom option names) and what to import into it
    (for type names)."""

    imports: set[str] = field(default_factory=set)
    options: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)


def compile_lenient(text: str, dependencies: Sequence[Dependency]) -> tuple[CompiledFiles, tuple[str, ...]]:
    """The compiled schema and what its own text leaves unresolved (empty when protoc took it as it is).

    A dependency stored leniently (it names an undeclared option, say) is patched the same way, silently:
    it was accepted, so a schema importing it must be too.
    """
    try:
        return compile_proto(text, dependencies), ()
    except ProtocFailure as first:
        original = first
    sources = {**{dep.name: dep.text for dep in dependencies}, ROOT_FILE: text}
    patches: dict[str, _Patch] = {}
    failure = original
    for _ in range(_ATTEMPTS):
        found = _fixes(failure.messages)
        if found is None or not _extends(patches, found):
            break
        try:
            patched = {name: _patched(sources[name], patch, _before(name, dependencies))
                       for name, patch in patches.items()}
        except Unsupported:
            break
        deps = [replace(dep, text=patched.get(dep.name, dep.text)) for dep in dependencies]
        try:
            compiled = compile_proto(patched.get(ROOT_FILE, text), deps)
        except ProtocFailure as again:
            failure = again
            continue
        own = patches.get(ROOT_FILE, _Patch())
        unresolved = [f"import {_shown(name)} (neither a reference nor a built-in file)"
                      for name in sorted(own.imports)]
        unresolved += [f"option ({name})" for name in sorted(own.options)]
        unresolved += [f"type {name} (not imported)" for name in sorted(own.types)]
        return compiled, tuple(unresolved)
    raise _explained(original)


def _explained(error: ProtocFailure) -> SchemaParseError:
    """`error`, naming the schema's imports of no file when it is a type that is not defined (it may be
    declared there)."""
    absent = _absent_imports(error.messages).get(ROOT_FILE)
    if not absent or not _UNDEFINED.match(error.reason):
        return error
    files = ", ".join(_shown(name) for name in sorted(absent))
    which = "which is neither a reference of it nor a built-in file" if len(absent) == 1 else (
        "which are neither references of it nor built-in files")
    return SchemaParseError(
        f"{error.reason.rstrip('.')}; the schema imports {files}, {which}, so nothing declared there can be used",
        location=error.location,
    )


def _shown(path: str, limit: int = 120) -> str:
    """An import path quoted for a message, cut short past `limit` characters."""
    return f'"{path}"' if len(path) <= limit else f'"{path[:limit]}..."'


def _fixes(messages: Sequence[tuple[str, str]]) -> dict[str, _Patch] | None:
    """The patches that answer every error, None if one is of another kind. An import of a file there is not
    is left out of the file importing it. While a dependency has errors, only those count (the root file's
    are then mostly their echo)."""
    found = {file: _Patch(imports=names) for file, names in _absent_imports(messages).items()}
    absent = {name for patch in found.values() for name in patch.imports}
    in_dependencies = [(f, m) for f, m in messages
                       if f != ROOT_FILE and f not in absent and not _IMPORT_FAILED.match(m)]
    if in_dependencies or any(file != ROOT_FILE for file in found):
        relevant = in_dependencies
    else:
        relevant = [(f, m) for f, m in messages if f == ROOT_FILE]
    if not relevant and not found:
        return None
    for file, message in relevant:
        option, undefined = _UNKNOWN_OPTION.match(message), _UNDEFINED.match(message)
        if option is not None:
            found.setdefault(file, _Patch()).options.add(option.group("name"))
        elif undefined is not None:
            found.setdefault(file, _Patch()).types.add(undefined.group("name"))
        elif not _IMPORT_FAILED.match(message):
            return None
    return found


def _absent_imports(messages: Sequence[tuple[str, str]]) -> dict[str, set[str]]:
    """File name -> the files it imports that there are not (neither a dependency nor built in)."""
    absent = {file for file, message in messages if _NO_FILE.match(message)}
    imports: dict[str, set[str]] = {}
    for file, message in messages:
        failed = _IMPORT_FAILED.match(message)
        if failed is not None and failed.group("name") in absent:
            imports.setdefault(file, set()).add(failed.group("name"))
    return imports


def _extends(patches: dict[str, _Patch], found: dict[str, _Patch]) -> bool:
    """Add `found` to `patches`; whether that added anything (else retrying would fail the same way)."""
    grew = False
    for file, patch in found.items():
        into = patches.setdefault(file, _Patch())
        grew = grew or not (
            patch.imports <= into.imports and patch.options <= into.options and patch.types <= into.types
        )
        into.imports |= patch.imports
        into.options |= patch.options
        into.types |= patch.types
    return grew


def _before(name: str, dependencies: Sequence[Dependency]) -> Sequence[Dependency]:
    """The dependencies a file may import: for the root all, for a dependency those listed before it."""
    names = [dep.name for dep in dependencies]
    return dependencies if name not in names else dependencies[: names.index(name)]


def _patched(text: str, patch: _Patch, dependencies: Sequence[Dependency]) -> str:
    elements = parse_elements(text)
    patched = _without_options(elements, patch.options)
    kept = [name for name in elements.imports if name not in patch.imports]
    patched.imports = [*kept, *_missing_imports(elements, dependencies, patch.types)]
    patched.public_imports = [name for name in elements.public_imports if name not in patch.imports]
    return confluent_text(patched)


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
