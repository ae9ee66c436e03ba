"""Authentication (HTTP Basic, bearer JWTs), per-subject authorization and the audit of writes.

`SecurityMiddleware` applies them to every request; `access.decide` is the decision, callable without HTTP.
"""

from __future__ import annotations

from schemata.registry.security.config import Security
from schemata.registry.security.errors import AccessDenied, AuthenticationRequired, SecurityConfigError
from schemata.registry.security.middleware import ACCESS_KEY, SecurityMiddleware

__all__ = [
    "ACCESS_KEY", "AccessDenied", "AuthenticationRequired", "Security", "SecurityConfigError", "SecurityMiddleware",
]
