"""What each request needs: its route's scope (a subject, the global settings, a schema id, or only a known
caller), the role, and whether it is a write the audit log records. One table for every route of the API;
a path it does not know needs the global admin role (deny by default)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from schemata.registry.api.paths import restore_slashes
from schemata.registry.domain import normalized_subject

READ, WRITE, ADMIN = 1, 2, 3  # the values of access.Role, which imports this module


class Scope(Enum):
    HEALTH = "health"  # open or ANY, as the settings say
    ANY = "any"  # any authenticated caller (listings are filtered to what it may read)
    SUBJECT = "subject"
    GLOBAL = "global"
    SCHEMA = "schema"  # a schema by id: readable if some subject using it is
    SERVICE = "service"  # a service's own contracts: the service itself, or the global admin role


@dataclass(frozen=True, slots=True)
class Endpoint:
    scope: Scope
    role: int = READ
    subject: str = ""
    schema_id: int = 0
    service: str = ""
    #: A write: recorded in the audit log with its outcome.
    audited: bool = False


_ANY = Endpoint(Scope.ANY)
_HEALTH = Endpoint(Scope.HEALTH)
_UNKNOWN = Endpoint(Scope.GLOBAL, ADMIN)
_GLOBAL_READ = Endpoint(Scope.GLOBAL, READ)
#: DELETE /contexts/{context}: a context holds any subject, so the global admin role (audited).
_DELETE_CONTEXT = Endpoint(Scope.GLOBAL, ADMIN, audited=True)
_ROOTS = {
    "": _ANY, "contexts": _ANY, "openapi.json": _ANY, "health": _HEALTH, "metrics": _HEALTH,
    "audit": Endpoint(Scope.GLOBAL, ADMIN),
    # The catalogue lists every subject and service: the global read role, not a filtered view.
    "catalog": _GLOBAL_READ, "asyncapi": _GLOBAL_READ,
}
#: Role per method on the global /config and /mode, and on a subject's.
_SETTINGS = {"GET": READ, "PUT": ADMIN, "DELETE": ADMIN}
#: /subjects/{s}/... by (method, what follows the subject) -> role; True: audited.
_SUBJECT_ROUTES: dict[tuple[str, str], tuple[int, bool]] = {
    ("POST", ""): (READ, False),  # lookup
    ("DELETE", ""): (ADMIN, True),
    ("GET", "metadata"): (READ, False),
    ("GET", "versions"): (READ, False),
    ("POST", "versions"): (WRITE, True),
    ("GET", "versions/*"): (READ, False),
    ("DELETE", "versions/*"): (ADMIN, True),
    ("GET", "versions/*/schema"): (READ, False),
    ("GET", "versions/*/referencedby"): (READ, False),
    ("POST", "versions/*/tags"): (WRITE, True),  # registers a new version
}


def classify(method: str, path: str) -> Endpoint:
    """The endpoint `method path` is (the path as the app routes it: contexts mapped, `%2F` kept apart)."""
    parts = path.rstrip("/").split("/")[1:] or [""]
    root, rest = parts[0], parts[1:]
    if root in _ROOTS and (not rest or (root == "health" and rest == ["ready"])):
        return _ROOTS[root]
    if root == "settings" and rest == ["scopes"] and method == "GET":
        return _GLOBAL_READ  # it names every subject with a setting of its own, as the catalogue lists them all
    if root == "contexts" and len(rest) == 1 and method == "DELETE":
        return _DELETE_CONTEXT
    if root == "subjects":
        return _subject_endpoint(method, rest)
    if root == "ui":
        return _ui_endpoint(method, rest)
    if root == "schemas":
        return _schema_endpoint(rest)
    if root in ("config", "mode") and len(rest) <= 1 and method in _SETTINGS:
        return _settings_endpoint(method, rest)
    if root == "lint" and rest[:1] == ["config"] and len(rest) <= 2 and method in _SETTINGS:
        return _settings_endpoint(method, rest[1:])
    if root == "contracts":
        return _contracts_endpoint(method, rest)
    compatibility = root == "compatibility" and method == "POST" and 3 <= len(rest) <= 4
    if compatibility and rest[0] == "subjects" and rest[2] == "versions":
        return Endpoint(Scope.SUBJECT, WRITE, _subject(rest[1]))
    if root == "v1" and rest in (["metadata", "id"], ["metadata", "version"], ["metadata", "deployment"]):
        return _ANY
    return _UNKNOWN


def _settings_endpoint(method: str, rest: list[str]) -> Endpoint:
    """A subject's settings (`rest` names it) or the global ones: read to see, admin to change (audited)."""
    role = _SETTINGS[method]
    audited = role == ADMIN
    subject = _subject(rest[0]) if rest else ""
    if subject:
        return Endpoint(Scope.SUBJECT, role, subject, audited=audited)
    return Endpoint(Scope.GLOBAL, role, audited=audited)  # also `:.:`, the default context spelled as a subject


def _subject(segment: str) -> str:
    """The subject a path segment names, as the routes read it (`:.:name` is `name`)."""
    return normalized_subject(restore_slashes(segment))


def _contracts_endpoint(method: str, rest: list[str]) -> Endpoint:
    """/contracts: services' contracts need the global read role to be seen, and to be changed (audited) the
    service itself (a principal of its name) or the global admin role; a
    subject's producers and consumers its own (read; write for "what would this break"), enforcement is a
    setting."""
    if rest[:1] == ["services"] and len(rest) <= 2:
        if method == "GET":
            return _GLOBAL_READ
        if method in ("PUT", "DELETE") and len(rest) == 2:
            return Endpoint(Scope.SERVICE, ADMIN, service=restore_slashes(rest[1]), audited=True)
    if rest[:1] == ["subjects"] and len(rest) == 2 and method == "GET":
        return Endpoint(Scope.SUBJECT, READ, _subject(rest[1]))
    if rest[:1] == ["subjects"] and len(rest) == 3 and rest[2] == "impact" and method == "POST":
        return Endpoint(Scope.SUBJECT, WRITE, _subject(rest[1]))
    if rest[:1] == ["enforcement"] and len(rest) <= 2 and method in _SETTINGS:
        return _settings_endpoint(method, rest[1:])
    return _UNKNOWN


def _subject_endpoint(method: str, rest: list[str]) -> Endpoint:
    if not rest:
        return _ANY if method == "GET" else _UNKNOWN  # the listing
    shape = "/".join(["versions", "*", *rest[3:]] if len(rest) > 2 and rest[1] == "versions" else rest[1:])
    found = _SUBJECT_ROUTES.get((method, shape))
    if found is None:
        return _UNKNOWN
    role, audited = found
    return Endpoint(Scope.SUBJECT, role, _subject(rest[0]), audited=audited)


#: The web UI's pages by what follows /ui/ (GET unless said): those that list (filtered to what the caller may
#: read), and those of the catalogue and the whole audit log, which need the global roles their API routes need.
_UI_PAGES: dict[str, Endpoint] = {
    "": _ANY, "subjects": _ANY, "static": _ANY, "pygments.css": _ANY,
    "map": _GLOBAL_READ, "asyncapi": _GLOBAL_READ,
    "audit": Endpoint(Scope.GLOBAL, ADMIN),
}
#: A subject's UI pages, by (method, what follows /ui/subjects/{s}) -> role, as the API routes they show need:
#: reading the subject to see it, writing it to check a schema against it. Its audit log, like GET
#: /audit?subject=, needs the global admin role.
_UI_SUBJECT_PAGES: dict[tuple[str, str], int] = {
    ("GET", ""): READ,
    ("GET", "versions/*"): READ,
    ("GET", "diff"): READ,
    ("GET", "check"): WRITE,
    ("POST", "check"): WRITE,
}


def _ui_endpoint(method: str, rest: list[str]) -> Endpoint:
    """/ui/...: the web UI. Nothing there writes (no page is audited); what a page shows needs what the API
    route showing the same needs."""
    if rest[:1] == ["subjects"] and len(rest) == 3 and rest[2] == "audit" and method == "GET":
        return _UI_PAGES["audit"]
    if rest[:1] == ["subjects"] and len(rest) >= 2:
        shape = "/".join(["versions", "*"] if rest[2:3] == ["versions"] and len(rest) == 4 else rest[2:])
        role = _UI_SUBJECT_PAGES.get((method, shape))
        return _UNKNOWN if role is None else Endpoint(Scope.SUBJECT, role, _subject(rest[1]))
    page = rest[0] if rest else ""
    found = _UI_PAGES.get(page)
    if found is None or method != "GET" or (len(rest) > 1 and page != "static"):
        return _UNKNOWN
    return found


def _schema_endpoint(rest: list[str]) -> Endpoint:
    if rest in ([], ["types"]):
        return _ANY
    if len(rest) == 2 and rest[0] == "guids":
        return _GLOBAL_READ  # which subjects use it is not known before the lookup
    if len(rest) >= 2 and rest[0] == "ids" and rest[1].isascii() and rest[1].isdigit() and len(rest[1]) <= 10:
        if len(rest) == 2 or rest[2:] == ["schema"]:
            return Endpoint(Scope.SCHEMA, READ, schema_id=int(rest[1]))
        if rest[2:] in (["subjects"], ["versions"]):
            return _ANY  # filtered to the readable subjects
    return _ANY if len(rest) >= 2 and rest[0] == "ids" else _UNKNOWN
