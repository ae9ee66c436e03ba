"""The security a registry runs with, built once from its settings (files read at start-up, never per request)."""

from __future__ import annotations

from dataclasses import dataclass

from schemata.registry.security.access import AccessPolicy
from schemata.registry.security.authentication import Authenticator
from schemata.registry.security.errors import SecurityConfigError
from schemata.registry.settings import Settings


@dataclass(frozen=True)
class Security:
    authenticator: Authenticator
    policy: AccessPolicy
    #: /health, /health/ready and /metrics answer without credentials.
    open_health: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> Security | None:
        """The configured security; None when authentication is off (neither Basic nor bearer configured)."""
        if not settings.auth_enabled:
            return None
        if not settings.auth_access_file:
            raise SecurityConfigError(
                "authentication is on but SCHEMATA_AUTH_ACCESS_FILE is not set: without grants every request "
                "would be refused"
            )
        from schemata.registry.security.passwords import PasswordFile
        from schemata.registry.security.tokens import TokenVerifier

        passwords = PasswordFile.load(settings.auth_users_file) if settings.auth_users_file else None
        tokens = (
            TokenVerifier.from_file(
                settings.auth_jwt_keys_file,
                audience=settings.auth_jwt_audience,
                issuer=settings.auth_jwt_issuer,
                principal_claim=settings.auth_jwt_principal_claim,
            )
            if settings.auth_jwt_keys_file
            else None
        )
        policy = AccessPolicy.load(settings.auth_access_file)
        return cls(Authenticator(passwords, tokens), policy, settings.auth_open_health)
