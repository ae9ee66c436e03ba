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


class WorkingTree:
    """The files as they are on disk, described relative to the repository root (or the current folder outside
    git), which is how code hosts and CI annotations locate them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = git.toplevel(folder.resolve()) or Path.cwd()

    def path(self, relpath: str) -> Path:
        return self.folder / relpath

    def read(self, relpath: str) -> str | None:
        path = self.path(relpath)
        if path.is_dir():
            raise CliError(f"{self.describe(relpath)}: is a folder, not a schema file")
        if not path.is_file():
            return None
        try:
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
        return git.read_blob(self.folder, self.commit, posixpath.normpath(self.prefix + relpath))

    def describe(self, relpath: str) -> str:
        return f"{posixpath.normpath(self.prefix + relpath)} at {self.ref}"
