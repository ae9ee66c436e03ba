"""Who is calling: an `Authorization` header checked against the credentials file (HTTP Basic) or the token
keys (bearer JWT). Successes are remembered (by a keyed digest of the header, never the header itself), so a
client that sends the same credentials on every request pays the password hash or the signature check once."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import time
from typing import TYPE_CHECKING

import anyio.to_thread

from schemata.registry.security.errors import AuthenticationRequired, TokenRejected

if TYPE_CHECKING:  # imported when configured (config.py): no hashing or JWT library loaded otherwise
    from schemata.registry.security.passwords import PasswordFile
    from schemata.registry.security.tokens import TokenVerifier

#: Remembered successes, at most; the memory is emptied when full (callers are few, the bound is for safety).
CACHE_SIZE = 10_000


class Authenticator:
    """Maps an `Authorization` header to a principal's name, or raises AuthenticationRequired (40101)."""

    def __init__(self, passwords: PasswordFile | None, tokens: TokenVerifier | None) -> None:
        self.passwords = passwords
        self.tokens = tokens
        # header digest -> (principal, valid until); keyed digests, so memory never holds a credential.
        self._known: dict[bytes, tuple[str, float]] = {}
        self._key = secrets.token_bytes(32)
        schemes = [name for name, on in (("Basic", passwords), ("Bearer", tokens)) if on is not None]
        self.challenge = ", ".join(f'{scheme} realm="schemata"' for scheme in schemes).encode()
        self._wanted = f"send {' or '.join(schemes)} credentials"

    def digest(self, header: bytes | None) -> bytes:
        """What identifies the credentials of `header` in memory: a digest keyed with a per-process secret."""
        return hashlib.blake2b(header or b"", key=self._key, digest_size=20).digest()

    async def principal(self, header: bytes | None, digest: bytes) -> tuple[str, float]:
        """The caller's name, and until when (epoch seconds) its credentials stay valid; `digest` is
        `self.digest(header)`."""
        if not header:
            raise AuthenticationRequired(f"Authentication required: {self._wanted}")
        known = self._known.get(digest)
        if known is not None and known[1] > time.time():
            return known
        scheme, _, credentials = header.decode("latin-1").partition(" ")
        scheme = scheme.lower()
        if scheme == "basic" and self.passwords is not None:
            name, until = await self._basic(credentials.strip()), float("inf")
        elif scheme == "bearer" and self.tokens is not None:
            try:
                verified = self.tokens.verify(credentials.strip())
            except TokenRejected as error:
                raise AuthenticationRequired(f"Bearer token rejected: {error}") from None
            name, until = verified.principal, verified.expires
        else:
            raise AuthenticationRequired(f"Unsupported authentication scheme: {self._wanted}")
        if len(self._known) >= CACHE_SIZE:
            self._known.clear()
        self._known[digest] = (name, until)
        return name, until

    async def _basic(self, credentials: str) -> str:
        assert self.passwords is not None
        try:
            name, sep, password = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            name, sep, password = "", "", ""
        if not sep:
            raise AuthenticationRequired("Malformed Basic credentials: expected base64 of user:password")
        # Argon2 takes tens of milliseconds on purpose: off the event loop.
        if not await anyio.to_thread.run_sync(self.passwords.verify, name, password):
            raise AuthenticationRequired("Invalid user name or password")
        return name
