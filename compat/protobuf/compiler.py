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
import warnings
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
_protoc_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class CompiledFiles:
    """The root file and every file it imports (transitively), dependencies first."""

    files: tuple[descriptor_pb2.FileDescriptorProto, ...]

    @property
    def root(self) -> descriptor_pb2.FileDescriptorProto:
        return self.files[-1]


def compile_proto(text: str, dependencies: Sequence[Dependency] = ()) -> CompiledFiles:
    """Compile `text` (imports resolved through `dependencies`); SchemaParseError with line:column if invalid."""
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
            generated = _run_protoc(include)
        except _protoc_compiler.ProtocErrors as exc:
            raise _parse_error(exc.errors(), tmp) from None
    return CompiledFiles(tuple(_descriptor_of(code) for _, code in generated))


def source_key(text: str, dependencies: Sequence[Dependency]) -> str:
    """A hash of everything a compilation depends on, to cache its results by."""
    digest = hashlib.sha256()
    for part in (text, *(item for dep in dependencies for item in (dep.name, dep.text))):
        encoded = part.encode()
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def _run_protoc(include: list[str]) -> list[tuple[bytes, bytes]]:
    """protoc on the root file. Its warnings (e.g. proto2 JSON-name clashes) are not errors: they are
    dropped rather than raised through `warnings`, which a strict warnings filter would turn into failures.
    `catch_warnings` swaps process-wide state, hence the lock (protoc holds the GIL anyway)."""
    with _protoc_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", _protoc_compiler.ProtocWarning)
        return _protoc_compiler.get_protos(ROOT_FILE.encode(), [p.encode() for p in include])


def _write_source(root: Path, name: str, text: str) -> None:
    target = (root / name).resolve()
    if name.startswith("/") or not target.is_relative_to(root.resolve()):
        raise SchemaParseError(f"Invalid reference name {name!r}: an import path must be relative")
    if target.exists():  # a diamond of imports lists a file twice; it must be the same file
        if target.read_text(encoding="utf-8") == text:
            return
        raise SchemaParseError(f"Reference name {name!r} is given two different schemas (or is reserved)")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _parse_error(errors: Sequence[_protoc_compiler.ProtocError], tmp: str) -> SchemaParseError:
    """The error to report, without temp paths; protoc counts lines and columns from 0.

    An error located inside an imported file is the cause of the root file's "had errors" import error,
    so it wins; "File not found" entries (no line) lose to the root file's import error that names them.
    """

    def rank(error: _protoc_compiler.ProtocError) -> int:
        in_root = _text(error.filename) == ROOT_FILE
        return 0 if not in_root and error.line >= 0 else 1 if in_root else 2

    first = min(errors, key=rank)
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
