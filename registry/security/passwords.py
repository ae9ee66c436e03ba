"""The credentials file of HTTP Basic: one `name:argon2id-hash` line per user, written by `schemata users add`.

Passwords are hashed with Argon2id (argon2-cffi, the algorithm OWASP recommends first); the file never holds
a password. Verifying costs tens of milliseconds on purpose, so callers run it off the event loop and
remember successes (see `authentication`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from schemata.registry.security.errors import SecurityConfigError

_HASHER = PasswordHasher()


def _check_name(name: str) -> str:
    if not name or ":" in name or any(ch.isspace() for ch in name):
        raise ValueError(f"invalid user name {name!r}: it must be non-empty, without ':' or white space")
    return name


class PasswordFile:
    """The users of a credentials file, by name."""

    def __init__(self, hashes: dict[str, str]) -> None:
        self._hashes = hashes
        #: Verified against for unknown users, so that their answer takes as long as a wrong password's.
        self._dummy = _HASHER.hash("no such user")

    @classmethod
    def load(cls, path: str | Path) -> PasswordFile:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise SecurityConfigError(f"cannot read the credentials file {path}: {error.strerror}") from None
        hashes: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            name, sep, hashed = line.partition(":")
            if not sep or not hashed.startswith("$argon2"):
                raise SecurityConfigError(f"{path} line {number}: expected `name:$argon2id$...`")
            hashes[name] = hashed
        return cls(hashes)

    @property
    def users(self) -> list[str]:
        return sorted(self._hashes)

    def verify(self, name: str, password: str) -> bool:
        """Whether `password` is `name`'s; as slow for an unknown name as for a wrong password."""
        try:
            return _HASHER.verify(self._hashes.get(name, self._dummy), password) and name in self._hashes
        except (VerificationError, InvalidHashError):
            return False


def add_user(path: str | Path, name: str, password: str) -> bool:
    """Add `name` to the credentials file at `path` (created, mode 0600), or change its password; whether
    the user is new. The file is replaced atomically, so a server reading it never sees half of it."""
    _check_name(name)
    if not password:
        raise ValueError("the password must not be empty")
    target = Path(path)
    lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
    entry = f"{name}:{_HASHER.hash(password)}"
    kept = [line for line in lines if line.partition(":")[0] != name]
    new = len(kept) == len(lines)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join([*kept, entry]) + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return new
