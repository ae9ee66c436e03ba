"""Who is looking at a page, and what it may do there: what links and forms a page offers.

The security middleware has already refused what the caller may not open; a page uses its `Viewer` only
to leave out the links and actions that would be refused (a reader sees no "would this break?" form).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from schemata.registry.security import ACCESS_KEY
from schemata.registry.security.access import Access, Role, SubjectPatterns


@dataclass(frozen=True)
class Viewer:
    """The caller's rights; `access` None: authentication is off and everything is allowed."""

    access: Access | None

    @property
    def principal(self) -> str | None:
        return self.access.principal if self.access is not None else None

    @property
    def readable(self) -> SubjectPatterns | None:
        """The subjects a listing may show; None: every subject."""
        if self.access is None or self.access.readable.everything:
            return None
        return self.access.readable

    def may(self, role: Role, subject: str) -> bool:
        return self.access is None or self.access.allows(role, subject)

    def may_globally(self, role: Role) -> bool:
        return self.access is None or self.access.allows_global(role)

    def may_write(self, subject: str) -> bool:
        return self.may(Role.WRITE, subject)

    def may_audit(self) -> bool:
        """Whether the caller may read the audit log (all of it, or a subject's: the global admin role)."""
        return self.may_globally(Role.ADMIN)


def viewer(request: Request) -> Viewer:
    return Viewer(request.scope.get(ACCESS_KEY))
