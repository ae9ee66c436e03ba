"""The refusals of authentication and authorization, with Confluent's error codes."""

from __future__ import annotations

from schemata.registry.errors import RegistryError


class AuthenticationRequired(RegistryError):
    """HTTP 401: no credentials, or credentials that do not prove who the caller is."""

    error_code = 40101


class AccessDenied(RegistryError):
    """HTTP 403: the caller is known, and lacks the role the request needs."""

    error_code = 40301


class TokenRejected(Exception):
    """A bearer token that does not prove who the caller is; the message says why (nothing about other tokens)."""


class SecurityConfigError(ValueError):
    """A credentials, keys or access file that cannot be used; the message names the file and the problem."""
