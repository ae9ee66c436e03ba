"""Where schema files are read from: the working tree, or the tree of a git commit (`--against REF`)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Protocol

from schemata.cli import git
from schemata.cli.errors import CliError


class Source(Protocol):
    """Files relative to the manifest's folder, in one state of the project."""

    def read(self, relpath: str) -> str | None:
        """The file's text, or None if it does not exist in this state."""

    def describe(self, relpath: str) -> str:
        """How messages name the file (`schemas/a.avsc`, `schemas/a.avsc at main`)."""


#: The largest schema file read, in bytes (the registry's default limit on a schema).
MAX_SCHEMA_FILE_BYTES = 8 * 1024 * 1024


class WorkingTree:
    """The files as they are on disk, described relative to the repository root (or the current folder outside
    git), which is how code hosts and CI annotations locate them.

    `confined` (for paths a manifest names, which an untrusted pull request may change): a path that leads
    outside the repository (or, outside git, the manifest's folder), through `..`, an absolute path or a
    symbolic link, is refused rather than read.
    """

    def __init__(self, folder: Path, *, confined: bool = True) -> None:
        self.folder = folder
        toplevel = git.toplevel(folder.resolve())
        self.root = toplevel or Path.cwd()
        self.boundary = (toplevel or folder).resolve() if confined else None

    def path(self, relpath: str) -> Path:
        return self.folder / relpath

    def read(self, relpath: str) -> str | None:
        path = self.path(relpath)
        if self.boundary is not None and not path.resolve().is_relative_to(self.boundary):
            raise CliError(f"{relpath}: leads outside {self.boundary}; schema paths must stay inside the repository")
        if path.is_dir():
            raise CliError(f"{self.describe(relpath)}: is a folder, not a schema file")
        if not path.is_file():
            return None
        try:
            size = path.stat().st_size
            if size > MAX_SCHEMA_FILE_BYTES:
                raise CliError(f"{self.describe(relpath)}: is {size} bytes; the limit is {MAX_SCHEMA_FILE_BYTES}")
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"{self.describe(relpath)}: cannot be read: {exc}") from None

    def describe(self, relpath: str) -> str:
        return Path(os.path.relpath(self.path(relpath).resolve(), self.root)).as_posix()


class GitRevision:
    """The files as they were committed at `ref`, read with git (no checkout needed)."""

    def __init__(self, folder: Path, ref: str) -> None:
        self.folder = folder
        self.ref = ref
        self.prefix = git.prefix(folder)
        self.commit = git.resolve_commit(folder, ref)

    def read(self, relpath: str) -> str | None:
        path = posixpath.normpath(self.prefix + relpath)
        if path.startswith("../") or path == ".." or posixpath.isabs(relpath):
            raise CliError(f"{relpath}: leads outside the repository; schema paths must stay inside it")
        text = git.read_blob(self.folder, self.commit, path)
        if text is not None and len(text) > MAX_SCHEMA_FILE_BYTES:
            raise CliError(f"{self.describe(relpath)}: is over {MAX_SCHEMA_FILE_BYTES} bytes, the limit")
        return text

    def describe(self, relpath: str) -> str:
        return f"{posixpath.normpath(self.prefix + relpath)} at {self.ref}"
