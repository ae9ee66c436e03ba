"""Compile .proto text with protoc (the compiler bundled in grpcio-tools) into FileDescriptorProtos.

Why `_protoc_compiler.get_protos` and not `protoc --descriptor_set_out`: it runs the real protoc front end
in-process and hands errors back as values (file, line, column, message) instead of printing them on the
process's stderr, so nothing has to redirect file descriptor 2 (which would be unsafe in a threaded server)
and no subprocess is started. It returns the Python code generated for each file of the import closure, in
dependency order; each module embeds its FileDescriptorProto as the bytes literal given to
`AddSerializedFile`, which is read back with `ast` (the code is never executed).

Imports resolve, in order, against the dependencies written into a private temporary directory, then the
built-in `google/type/*` (googleapis-common-protos) and `google/protobuf/*` (grpcio-tools) files.
"""

from __future__ import annotations

import ast
import hashlib
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import google.type
from google.protobuf import descriptor_pb2
from grpc_tools import _protoc_compiler

from compat.errors import SchemaParseError
from compat.schema import Dependency

#: The virtual file name of the schema being parsed (never an import path a user would pick).
ROOT_FILE = "schemata_root.proto"

_GRPC_PROTO_ROOT = Path(_protoc_compiler.__file__).parent / "_proto"
_GOOGLE_TYPE_DIR = Path(next(iter(google.type.__path__)))
_CACHE_SIZE = 512


@dataclass(frozen=True, slots=True)
class CompiledFiles:
    """The root file and every file it imports (transitively), dependencies first."""

    files: tuple[descriptor_pb2.FileDescriptorProto, ...]

    @property
    def root(self) -> descriptor_pb2.FileDescriptorProto:
        return self.files[-1]


class _LruCache:
    """A small thread-safe LRU map from a content hash to its compiled files."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[str, CompiledFiles] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CompiledFiles | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, value: CompiledFiles) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_cache = _LruCache(_CACHE_SIZE)


def compile_proto(text: str, dependencies: Sequence[Dependency] = ()) -> CompiledFiles:
    """Compile `text` (imports resolved through `dependencies`); SchemaParseError with line:column if invalid.

    Results are cached by a hash of the text and the dependencies; the returned protos must not be mutated.
    """
    key = _cache_key(text, dependencies)
    cached = _cache.get(key)
    if cached is None:
        cached = _compile_uncached(text, dependencies)
        _cache.put(key, cached)
    return cached


def _cache_key(text: str, dependencies: Sequence[Dependency]) -> str:
    digest = hashlib.sha256(text.encode())
    for dep in dependencies:
        for part in (dep.name, dep.text):
            digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def _compile_uncached(text: str, dependencies: Sequence[Dependency]) -> CompiledFiles:
    with tempfile.TemporaryDirectory(prefix="schemata-proto-") as tmp:
        sources = Path(tmp) / "src"
        for dep in dependencies:
            _write_source(sources, dep.name, dep.text)
        _write_source(sources, ROOT_FILE, text)
        builtins = Path(tmp) / "builtin" / "google"
        builtins.mkdir(parents=True)
        # Only google/type is exposed from googleapis-common-protos, not the whole site-packages tree.
        (builtins / "type").symlink_to(_GOOGLE_TYPE_DIR, target_is_directory=True)
        include = [str(sources), str(builtins.parent), str(_GRPC_PROTO_ROOT)]
        try:
            generated = _protoc_compiler.get_protos(ROOT_FILE.encode(), [p.encode() for p in include])
        except _protoc_compiler.ProtocErrors as exc:
            raise _parse_error(exc.errors(), tmp) from None
    return CompiledFiles(tuple(_descriptor_of(code) for _, code in generated))


def _write_source(root: Path, name: str, text: str) -> None:
    target = (root / name).resolve()
    if name.startswith("/") or not target.is_relative_to(root.resolve()):
        raise SchemaParseError(f"Invalid reference name {name!r}: an import path must be relative")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _parse_error(errors: Sequence[_protoc_compiler.ProtocError], tmp: str) -> SchemaParseError:
    """The first error, preferring one in the root file, without temp paths; protoc counts lines from 0."""
    ordered = sorted(errors, key=lambda e: _text(e.filename) != ROOT_FILE)
    first = ordered[0]
    message = _text(first.message)
    filename = _text(first.filename)
    if filename != ROOT_FILE:
        message = f"{filename}: {message}"
    location = f"{first.line + 1}:{first.column + 1}" if first.line >= 0 else None
    for prefix in (Path(tmp) / "src", Path(tmp) / "builtin", Path(tmp)):
        message = message.replace(f"{prefix}{os.sep}", "").replace(str(prefix), "")
    return SchemaParseError(message, location=location)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _descriptor_of(code: bytes) -> descriptor_pb2.FileDescriptorProto:
    """The FileDescriptorProto embedded in protoc's generated Python module (read, never executed)."""
    for node in ast.walk(ast.parse(code)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "AddSerializedFile"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, bytes)
        ):
            return descriptor_pb2.FileDescriptorProto.FromString(node.args[0].value)
    raise RuntimeError("protoc produced a module without a serialized descriptor")
