"""Compile .proto text with protoc (the compiler bundled in grpcio-tools) into FileDescriptorProtos.

Why `_protoc_compiler.get_protos` and not `protoc --descriptor_set_out`: it runs the real protoc front end
in-process and hands errors back as values (file, line, column, message) instead of printing them on the
process's stderr, so nothing has to redirect file descriptor 2 (which would be unsafe in a threaded server)
and no subprocess is started. It returns the Python code generated for each file of the import closure, in
dependency order; each module embeds its FileDescriptorProto as the bytes literal given to
`AddSerializedFile`, which is read back with `ast.literal_eval` (the code is never executed).

Imports resolve, in order, against the dependencies written into a private temporary directory, then the
built-in `google/type/*` (googleapis-common-protos), `google/protobuf/*` (grpcio-tools) and Confluent's
`confluent/meta.proto` and `confluent/type/decimal.proto` (kept in `known/`) files. A dependency
is written to a file named after its reference name, so that name must be a relative path of plain parts; one
naming a built-in file must be that file (a changed copy would shadow it for this registry while every client
keeps using its own built-in copy).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import google.type
from google.protobuf import descriptor_pb2
from grpc_tools import _protoc_compiler

from schemata.compat.errors import SchemaParseError
from schemata.compat.schema import Dependency

#: The virtual file name of the schema being parsed (never an import path a user would pick).
ROOT_FILE = "schemata_root.proto"

_GRPC_PROTO_ROOT = Path(_protoc_compiler.__file__).parent / "_proto"
_GOOGLE_TYPE_DIR = Path(next(iter(google.type.__path__)))
#: Confluent's known types, which its serializers never register (skip.known.types) but schemas import.
_CONFLUENT_ROOT = Path(__file__).parent / "known"
_protoc_lock = threading.Lock()


class ProtocFailure(SchemaParseError):
    """protoc's refusal: the error reported, and (file name, message) of every error it found."""

    def __init__(self, first: SchemaParseError, messages: tuple[tuple[str, str], ...]) -> None:
        super().__init__(first.reason, location=first.location)
        self.messages = messages


@dataclass(frozen=True, slots=True)
class CompiledFiles:
    """The root file and every file it imports (transitively), dependencies first."""

    files: tuple[descriptor_pb2.FileDescriptorProto, ...]

    @property
    def root(self) -> descriptor_pb2.FileDescriptorProto:
        return self.files[-1]


def compile_proto(text: str, dependencies: Sequence[Dependency] = ()) -> CompiledFiles:
    """Compile `text` (imports resolved through `dependencies`); SchemaParseError with line:column if invalid."""
    for dep in dependencies:
        check_import_name(dep.name)
        _check_message_count(dep.text, f"Reference {_quoted(dep.name)}")
    _check_message_count(text, "The schema")
    shifts: dict[str, int] = {}  # file name -> columns added in front of its first line
    with tempfile.TemporaryDirectory(prefix="schemata-proto-") as tmp:
        sources = Path(tmp) / "src"
        for dep in dependencies:
            shifts[dep.name] = _write_source(sources, dep.name, dep.text)
        shifts[ROOT_FILE] = _write_source(sources, ROOT_FILE, text)
        builtins = Path(tmp) / "builtin" / "google"
        builtins.mkdir(parents=True)
        # Only google/type is exposed from googleapis-common-protos, not the whole site-packages tree.
        (builtins / "type").symlink_to(_GOOGLE_TYPE_DIR, target_is_directory=True)
        include = [str(sources), str(builtins.parent), str(_GRPC_PROTO_ROOT), str(_CONFLUENT_ROOT)]
        try:
            generated = _run_protoc(include)
        except _protoc_compiler.ProtocErrors as exc:
            raise _parse_error(exc.errors(), tmp, shifts) from None
    files = tuple(_descriptor_of(code) for _, code in generated)
    _check_builtins_kept(files, {dep.name for dep in dependencies})
    return CompiledFiles(files)


#: Most messages one file may declare (nested ones included): compiling and comparing cost time in proportion.
MAX_MESSAGES = 5_000
#: The keyword `message` as a word: counting it bounds the messages declared (comments only add to the count).
_MESSAGE_WORD = re.compile(r"(?<![A-Za-z0-9_.])message(?![A-Za-z0-9_])")


def _check_message_count(text: str, what: str) -> None:
    """SchemaParseError, before protoc spends time on it, when `text` declares more than MAX_MESSAGES messages."""
    count = sum(1 for _ in _MESSAGE_WORD.finditer(text))
    if count > MAX_MESSAGES:
        raise SchemaParseError(f"{what} declares {count} messages; the limit is {MAX_MESSAGES} per file")


#: Longest name of one path part on the file systems we run on (ext4, xfs, tmpfs, APFS), in bytes.
_MAX_PART_BYTES = 255


def check_import_name(name: str) -> None:
    """SchemaParseError unless `name` (a reference name) can be an import path and a file in our temp tree.

    Confluent keys references by name without checking it; protoc opens files. So: a relative path whose parts
    are non-empty, not `.` or `..` and at most 255 bytes, without control characters such as NUL (no suffix is
    required: protoc imports any file name). The name of the file being parsed is reserved.
    """
    problem = _import_name_problem(name)
    if problem is not None:
        raise SchemaParseError(f"Invalid reference name {_quoted(name)}: {problem}")


def _import_name_problem(name: str) -> str | None:
    if not name:
        return "it is empty"
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        return "it holds a control character (such as NUL or a line break)"
    if any(0xD800 <= ord(char) <= 0xDFFF for char in name):
        return "it holds a lone UTF-16 surrogate"
    if name.startswith("/"):
        return "an import path must be relative"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "an import path is made of non-empty parts, none of them '.' or '..'"
    if any(len(part.encode()) > _MAX_PART_BYTES for part in parts):
        return f"a part of an import path is at most {_MAX_PART_BYTES} bytes long"
    if name == ROOT_FILE:
        return "the name is reserved"
    return None


def _quoted(name: str, limit: int = 120) -> str:
    return repr(name) if len(name) <= limit else repr(name[:limit]) + "..."


def source_key(text: str, dependencies: Sequence[Dependency]) -> str:
    """A hash of everything a compilation depends on, to cache its results by."""
    digest = hashlib.sha256()
    for part in (text, *(item for dep in dependencies for item in (dep.name, dep.text))):
        encoded = part.encode("utf-8", "surrogatepass")  # a bad name is reported by the compilation, not here
        digest.update(len(encoded).to_bytes(8, "big") + encoded)
    return digest.hexdigest()


def _run_protoc(include: list[str]) -> list[tuple[bytes, bytes]]:
    """protoc on the root file. Its warnings (e.g. proto2 JSON-name clashes) are not errors: they are
    dropped rather than raised through `warnings`, which a strict warnings filter would turn into failures.
    `catch_warnings` swaps process-wide state, hence the lock (protoc holds the GIL anyway)."""
    with _protoc_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", _protoc_compiler.ProtocWarning)
        files: list[tuple[bytes, bytes]] = _protoc_compiler.get_protos(
            ROOT_FILE.encode(), [p.encode() for p in include]
        )
        return files


def _write_source(root: Path, name: str, text: str) -> int:
    """Write `text` as the file `name` (already checked) under `root`; the columns added to its first line."""
    source, shift = _with_syntax(text)
    target = root / name
    try:
        if target.exists():  # a diamond of imports lists a file twice; it must be the same file
            if target.read_text(encoding="utf-8") == source:
                return shift
            raise SchemaParseError(f"Reference name {_quoted(name)} is given two different schemas")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    except (OSError, UnicodeError) as exc:  # e.g. "a" and "a/b.proto", or a path too long as a whole
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise SchemaParseError(f"Invalid reference name {_quoted(name)}: it cannot be a file ({reason})") from None
    return shift


#: What protoc assumes of a file that declares neither syntax nor edition.
_DEFAULT_SYNTAX = 'syntax = "proto2"; '
_SYNTAX_WORD = re.compile(r"(?:syntax|edition)(?![A-Za-z0-9_])")
_BOM = "\ufeff"


def _with_syntax(text: str) -> tuple[str, int]:
    """`text`, declaring proto2 in front of its first line if it declares no syntax or edition, and the columns so
    added. protoc then compiles it the same (identical descriptors), but does not log its "No edition or syntax
    specified" warning, which it writes straight to the process's stderr (absl logging, not its error
    collector), on every request that carries such a schema. Confluent reads such a schema as proto2 too."""
    start = len(_BOM) if text.startswith(_BOM) else 0  # protoc skips a byte order mark; it must stay first
    if _SYNTAX_WORD.match(text, _skip_blanks(text, start)):
        return text, 0
    return text[:start] + _DEFAULT_SYNTAX + text[start:], len(_DEFAULT_SYNTAX)


def _skip_blanks(text: str, at: int) -> int:
    """The position of the first token at or after `at`: past whitespace and comments, as protoc's tokenizer."""
    while at < len(text):
        if text[at] in " \t\r\n\f\v":
            at += 1
        elif text.startswith("//", at):
            end = text.find("\n", at)
            at = len(text) if end < 0 else end + 1
        elif text.startswith("/*", at):
            end = text.find("*/", at + 2)
            at = len(text) if end < 0 else end + 2
        else:
            break
    return at


def _check_builtins_kept(files: Sequence[descriptor_pb2.FileDescriptorProto], given: set[str]) -> None:
    """SchemaParseError if a dependency named like a built-in file declares other types than the built-in.

    Clients that register the well-known types as references of their own (confluent-kafka with
    skip.known.types=false) send the same types, which is accepted; anything else would redefine, for this
    registry only, a type every client takes from its own copy.
    """
    for file in files:
        if file.name not in given:
            continue
        builtin = _builtin_file(file.name)
        if builtin is not None and _declared_types(builtin) != _declared_types(file):
            raise SchemaParseError(
                f"Reference name {_quoted(file.name)} names a file the registry has built in, and its schema "
                "declares other types than that file; drop the reference (the built-in file is always there) "
                "or give the file another name"
            )


def builtin_paths() -> list[str]:
    """The import path of every built-in .proto file (google/protobuf, google/type, confluent)."""
    return [
        *(f"google/protobuf/{p.name}" for p in sorted((_GRPC_PROTO_ROOT / "google/protobuf").glob("*.proto"))),
        *(f"google/type/{p.name}" for p in sorted(_GOOGLE_TYPE_DIR.glob("*.proto"))),
        *(p.relative_to(_CONFLUENT_ROOT).as_posix() for p in sorted(_CONFLUENT_ROOT.rglob("*.proto"))),
    ]


@functools.cache
def _builtin_file(name: str) -> descriptor_pb2.FileDescriptorProto | None:
    """The built-in file `name` as compiled, or None if there is no such built-in file."""
    if name.startswith("google/type/"):
        path = _GOOGLE_TYPE_DIR / name.removeprefix("google/type/")
    elif name.startswith("google/protobuf/"):
        path = _GRPC_PROTO_ROOT / name
    else:
        return None
    if not path.is_file():
        return None
    compiled = compile_proto(f'syntax = "proto3"; import "{name}";')
    return next((f for f in compiled.files if f.name == name), None)


def _declared_types(file: descriptor_pb2.FileDescriptorProto) -> bytes:
    """What a file declares, without its file options (which vary between copies of the same well-known file)."""
    shape = descriptor_pb2.FileDescriptorProto(
        package=file.package, syntax=file.syntax, edition=file.edition, message_type=file.message_type,
        enum_type=file.enum_type, extension=file.extension, service=file.service,
    )
    return shape.SerializeToString(deterministic=True)


#: protoc's error on an import statement whose file is missing or does not compile.
_IMPORT_ERROR = re.compile(r'^Import ".*" was not found or had errors\.$')


def _parse_error(
    errors: Sequence[_protoc_compiler.ProtocError], tmp: str, shifts: dict[str, int]
) -> ProtocFailure:
    """The error to report, without temp paths; protoc counts lines and columns from 0, and its columns on a
    first line that `_with_syntax` lengthened are taken back to the text as given.

    An error located inside an imported file is the cause of the root file's "had errors" import error,
    so it wins; then the root file's own errors, its import errors last (an import of no file is no error
    to Confluent, which links nothing); "File not found" entries (no line) lose to the import error that
    names them.
    """

    messages = tuple((_text(e.filename), _text(e.message)) for e in errors)

    def rank(error: _protoc_compiler.ProtocError) -> int:
        if _text(error.filename) != ROOT_FILE:
            return 0 if error.line >= 0 else 3
        return 2 if _IMPORT_ERROR.match(_text(error.message)) else 1

    first = min(errors, key=rank)
    message = _text(first.message)
    filename = _text(first.filename)
    if filename != ROOT_FILE:
        message = f"{filename}: {message}"
    column = first.column - (shifts.get(filename, 0) if first.line == 0 else 0)
    location = f"{first.line + 1}:{max(column, 0) + 1}" if first.line >= 0 else None
    for prefix in (Path(tmp) / "src", Path(tmp) / "builtin", Path(tmp)):
        message = message.replace(f"{prefix}{os.sep}", "").replace(str(prefix), "")
    return ProtocFailure(SchemaParseError(message, location=location), messages)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


#: The line of protoc's generated module that embeds the file's descriptor (one line: protoc escapes the bytes).
_DESCRIPTOR_LINE = b"DESCRIPTOR = _descriptor_pool.Default().AddSerializedFile("


def _descriptor_of(code: bytes) -> descriptor_pb2.FileDescriptorProto:
    """The FileDescriptorProto embedded in protoc's generated Python module (read, never executed).

    Only that line is parsed, not the module: the module also spells out the file names of the import closure
    as Python module names and strings, which a name with a space or a quote (fine as an import path) turns into
    invalid Python.
    """
    for line in code.splitlines():
        line = line.strip()  # indented in descriptor.proto's own module
        if line.startswith(_DESCRIPTOR_LINE) and line.endswith(b")"):
            literal = ast.literal_eval(line[len(_DESCRIPTOR_LINE):-1].decode("ascii"))
            if isinstance(literal, bytes):
                return descriptor_pb2.FileDescriptorProto.FromString(literal)
    raise RuntimeError("protoc produced a module without a serialized descriptor")
