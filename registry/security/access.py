"""Who may do what: roles granted per subject pattern and on the global config and mode, and the decision
for one request. Pure: no web, no database; the middleware and the tests call it alike.

Access file (YAML, or JSON)::

    grants:
      - principal: ci-admin          # a user of the credentials file or a token's principal claim; "*": anyone
        role: admin                  # read | write | admin, each including the ones before it
        subjects: ["*"]              # globs (*, ?, [..]) over subject names; "orders-*" is a prefix
        global: true                 # the role also covers the global /config and /mode (and /audit: admin)
      - principal: orders-service
        role: write
        subjects: ["orders-*", ":.payments:*"]

`read`: look up, list and fetch schemas, versions, config and mode. `write`: also register and check
compatibility. `admin`: also delete, change config and mode (IMPORT included), and read the audit log.
Without a grant, a request is refused: deny by default.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from schemata.registry.security.endpoints import Endpoint, Scope
from schemata.registry.security.errors import SecurityConfigError

ANYONE = "*"
_WILDCARDS = re.compile(r"[*?\[]")


class Role(IntEnum):
    READ = 1
    WRITE = 2
    ADMIN = 3


class SubjectPatterns:
    """A set of subject globs: whether a name matches, and the literal prefixes a listing has to read."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns = tuple(sorted(set(patterns)))
        self._match = re.compile("|".join(fnmatch.translate(p) for p in self.patterns)).match if self.patterns else None
        #: Every subject matches (a pattern of `*`): listings need no filter.
        self.everything = "*" in self.patterns

    def matches(self, subject: str) -> bool:
        return self._match is not None and self._match(subject) is not None

    def prefixes_within(self, prefix: str) -> list[str]:
        """The prefixes a listing limited to subjects starting with `prefix` reads (disjoint ranges)."""
        found = []
        for literal in self.prefixes():
            if literal.startswith(prefix):
                found.append(literal)
            elif prefix.startswith(literal):
                found.append(prefix)
        return found

    def prefixes(self) -> list[str]:
        """The fewest literal prefixes (the text before a pattern's first wildcard) whose subjects include
        every match: a listing reads only those ranges of the subject index, then filters them."""
        literal = sorted({p[: m.start()] if (m := _WILDCARDS.search(p)) else p for p in self.patterns})
        kept: list[str] = []
        for prefix in literal:
            if not kept or not prefix.startswith(kept[-1]):
                kept.append(prefix)
        return kept


@dataclass(frozen=True, slots=True)
class Grant:
    principal: str
    role: Role
    subjects: tuple[str, ...] = ()
    global_: bool = False


class Access:
    """What one principal may do: the subjects each role covers, and its role on the global settings."""

    def __init__(self, principal: str, grants: Iterable[Grant]) -> None:
        grants = list(grants)
        self.principal = principal
        #: Subjects on which the principal holds at least each role.
        self.subjects = {
            role: SubjectPatterns(p for g in grants if g.role >= role for p in g.subjects) for role in Role
        }
        self.global_role = max((g.role for g in grants if g.global_), default=None)

    @property
    def readable(self) -> SubjectPatterns:
        return self.subjects[Role.READ]

    def allows(self, role: Role, subject: str) -> bool:
        return self.subjects[role].matches(subject)

    def allows_global(self, role: Role) -> bool:
        return self.global_role is not None and self.global_role >= role


class AccessPolicy:
    """The grants of an access file; each principal's `Access` is built once."""

    def __init__(self, grants: Iterable[Grant]) -> None:
        self.grants = tuple(grants)
        self._cache: dict[str, Access] = {}

    @classmethod
    def load(cls, path: str | Path) -> AccessPolicy:
        import yaml

        try:
            document = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            raise SecurityConfigError(f"cannot read the access file {path}: {error.strerror}") from None
        except yaml.YAMLError as error:
            raise SecurityConfigError(f"{path} is not YAML: {error}") from None
        if not isinstance(document, dict) or not isinstance(document.get("grants"), list):
            raise SecurityConfigError(f"{path}: expected a mapping with a `grants` list")
        return cls(_grant(item, f"{path} grants[{index}]") for index, item in enumerate(document["grants"]))

    def access(self, principal: str) -> Access:
        found = self._cache.get(principal)
        if found is None:
            if len(self._cache) >= 10_000:  # principals are few; this only bounds memory
                self._cache.clear()
            mine = [g for g in self.grants if g.principal in (principal, ANYONE)]
            found = self._cache[principal] = Access(principal, mine)
        return found


def _grant(item: Any, where: str) -> Grant:
    if not isinstance(item, dict):
        raise SecurityConfigError(f"{where}: expected a mapping")
    unknown = set(item) - {"principal", "role", "subjects", "global"}
    if unknown:
        raise SecurityConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    principal, role, subjects = item.get("principal"), item.get("role"), item.get("subjects", [])
    if not isinstance(principal, str) or not principal:
        raise SecurityConfigError(f"{where}: `principal` must be a name")
    if not isinstance(role, str) or role.upper() not in Role.__members__:
        raise SecurityConfigError(f"{where}: `role` must be read, write or admin")
    if isinstance(subjects, str):
        subjects = [subjects]
    if not isinstance(subjects, list) or not all(isinstance(s, str) and s for s in subjects):
        raise SecurityConfigError(f"{where}: `subjects` must be a list of patterns")
    if not isinstance(item.get("global", False), bool):
        raise SecurityConfigError(f"{where}: `global` must be true or false")
    return Grant(principal, Role[role.upper()], tuple(subjects), item.get("global", False))


def needs_schema_subjects(access: Access, endpoint: Endpoint) -> bool:
    """Whether `decide` needs the subjects that use the endpoint's schema (only for a schema by id, and only
    when the principal cannot read every subject anyway)."""
    return endpoint.scope is Scope.SCHEMA and not access.readable.everything


def decide(access: Access, endpoint: Endpoint, schema_subjects: Iterable[str] = ()) -> str | None:
    """None if `access` permits `endpoint`, else what is missing (the 403's message). `schema_subjects`: the
    subjects using the endpoint's schema, when `needs_schema_subjects` says so."""
    role = Role(endpoint.role)
    if endpoint.scope is Scope.SUBJECT:
        if access.allows(role, endpoint.subject):
            return None
        return f"{access.principal!r} needs the {role.name.lower()} role on subject {endpoint.subject!r}"
    if endpoint.scope is Scope.GLOBAL:
        if access.allows_global(role):
            return None
        return f"{access.principal!r} needs the global {role.name.lower()} role"
    if endpoint.scope is Scope.SERVICE:
        if access.principal == endpoint.service or access.allows_global(role):
            return None
        return (
            f"{access.principal!r} may change only its own contracts; service {endpoint.service!r}'s need the "
            f"global {role.name.lower()} role"
        )
    if endpoint.scope is Scope.SCHEMA:
        readable = access.readable
        if readable.everything or any(readable.matches(s) for s in schema_subjects):
            return None
        return f"{access.principal!r} may read no subject that uses schema {endpoint.schema_id}"
    return None  # ANY: every authenticated principal
