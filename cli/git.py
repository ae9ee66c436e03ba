"""The few git questions offline checks ask: where the repository is, what a ref names, a file at a commit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from schemata.cli.errors import CliError


class GitError(CliError):
    """Not a git repository, or a ref that this clone does not have."""


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise GitError("`--against` needs git, and no `git` program was found on PATH") from None


def toplevel(folder: Path) -> Path | None:
    """The root of the work tree that holds `folder`; None outside git or without git."""
    try:
        done = _git(folder, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def prefix(folder: Path) -> str:
    """`folder` relative to the root of its work tree, as git spells it (`''` or `services/orders/`)."""
    done = _git(folder, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        raise GitError(f"{folder} is not inside a git repository, so `--against` has nothing to compare with")
    return done.stdout.strip()


def resolve_commit(folder: Path, ref: str) -> str:
    """The commit `ref` names; a GitError that says how to fetch it when this clone lacks it."""
    done = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode == 0:
        return done.stdout.strip()
    fetch = _fetch_command(folder, ref)
    if _git(folder, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        raise GitError(
            f"git ref {ref!r} was not fetched: this is a shallow clone. Fetch it first (`{fetch}`), "
            "or check out with full history (actions/checkout: `fetch-depth: 0`)."
        )
    raise GitError(f"git ref {ref!r} is not a commit in this repository (if it is a branch elsewhere: `{fetch}`)")


def _fetch_command(folder: Path, ref: str) -> str:
    """The command that fetches `ref`: a branch (`main`, `origin/main`) from its remote, a commit by its id,
    or more history for a relative ref (`HEAD~1`)."""
    if re.fullmatch(r"[0-9a-f]{7,40}", ref):
        return f"git fetch --depth=1 origin {ref}"
    if any(char in ref for char in "~^@:"):
        return "git fetch --deepen=10"
    remote, _, branch = ref.partition("/")
    if remote not in _git(folder, "remote").stdout.split() or not branch:
        remote, branch = "origin", ref
    return f"git fetch --depth=1 {remote} {branch}:refs/remotes/{remote}/{branch}"


def read_blob(folder: Path, commit: str, path: str) -> str | None:
    """The text of `path` (relative to the work tree root) at `commit`, or None if it did not exist there."""
    done = _git(folder, "cat-file", "blob", f"{commit}:{path}")
    return done.stdout if done.returncode == 0 else None
