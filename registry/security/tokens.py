"""Bearer tokens: JWTs verified against keys read once from a file (a JWKS, or one PEM public key).

Nothing is fetched at request time. A token must be signed by a configured key with an asymmetric algorithm
(RS*, PS*, ES*, EdDSA; never `none` or a shared secret), carry the configured audience, an expiry in the
future and, when one is configured, the issuer. PyJWT does the verification: a small, long-maintained
library whose `decode` checks signature, `exp`, `nbf`, `aud` and `iss` together and refuses `alg: none`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from schemata.registry.security.errors import SecurityConfigError, TokenRejected

#: The asymmetric algorithms accepted; which one applies is the key's (a JWK's `alg`, else its type).
ASYMMETRIC = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
#: Clock skew tolerated on `exp` and `nbf`, in seconds.
LEEWAY_SECONDS = 30


@dataclass(frozen=True, slots=True)
class VerificationKey:
    """A public key and the signature algorithms it may verify."""

    key: Any
    algorithms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VerifiedToken:
    principal: str
    expires: float


class TokenVerifier:
    """Verifies JWTs against fixed keys, audience and (optionally) issuer."""

    def __init__(
        self, keys: dict[str | None, VerificationKey], *, audience: str, issuer: str = "", principal_claim: str = "sub"
    ) -> None:
        if not audience:
            raise SecurityConfigError("bearer tokens need an audience to check (SCHEMATA_AUTH_JWT_AUDIENCE)")
        self._keys = keys
        self._audience = audience
        self._issuer = issuer or None
        self._claim = principal_claim

    @classmethod
    def from_file(cls, path: str | Path, **options: Any) -> TokenVerifier:
        return cls(load_keys(path), **options)

    def verify(self, token: str) -> VerifiedToken:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as error:
            raise TokenRejected(f"not a JWT: {error}") from None
        kid = header.get("kid")
        key = self._keys.get(kid) or (self._keys.get(None) if len(self._keys) == 1 else None)
        if key is None:
            raise TokenRejected("the token is not signed by a configured key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=list(key.algorithms),
                audience=self._audience,
                issuer=self._issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "aud", self._claim]},
            )
        except jwt.InvalidTokenError as error:
            raise TokenRejected(str(error)) from None
        principal = claims[self._claim]
        if not isinstance(principal, str) or not principal:
            raise TokenRejected(f"the token's {self._claim!r} claim is not a name")
        return VerifiedToken(principal, float(claims["exp"]) + LEEWAY_SECONDS)


def load_keys(path: str | Path) -> dict[str | None, VerificationKey]:
    """The verification keys in `path`, by key id: a JWKS (`{"keys": [...]}`), one JWK, or a PEM public key."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SecurityConfigError(f"cannot read the token keys file {path}: {error.strerror}") from None
    try:
        if text.lstrip().startswith("-----BEGIN"):
            return {None: _pem_key(text)}
        document = json.loads(text)
        entries = document["keys"] if isinstance(document, dict) and "keys" in document else [document]
        keys = {}
        for entry in entries:
            jwk = jwt.PyJWK(entry)
            keys[entry.get("kid")] = VerificationKey(jwk.key, (jwk.algorithm_name,))
    except (ValueError, TypeError, KeyError, AttributeError, jwt.PyJWTError) as error:
        raise SecurityConfigError(f"{path}: not a JWKS, a JWK or a PEM public key ({error})") from None
    for kid, key in keys.items():
        if not set(key.algorithms) <= set(ASYMMETRIC):
            raise SecurityConfigError(f"{path}: key {kid!r} uses {key.algorithms[0]}; only public-key algorithms")
    if not keys:
        raise SecurityConfigError(f"{path}: the JWKS holds no key")
    return keys


def _pem_key(text: str) -> VerificationKey:
    """A PEM public key, with the algorithms of its type."""
    public = load_pem_public_key(text.encode())
    if isinstance(public, rsa.RSAPublicKey):
        return VerificationKey(public, ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"))
    if isinstance(public, ec.EllipticCurvePublicKey):
        return VerificationKey(public, ("ES256", "ES384", "ES512"))
    if isinstance(public, ed25519.Ed25519PublicKey | ed448.Ed448PublicKey):
        return VerificationKey(public, ("EdDSA",))
    raise ValueError(f"unsupported public key type {type(public).__name__}")
