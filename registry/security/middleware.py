"""The ASGI middleware every request passes, the read fast path's included: authentication, authorization,
and the audit record of each write. It wraps everything below the raw-path decoding (so it sees the path the
app routes, contexts mapped), and hands the caller's `Access` on in the scope for the listings to filter."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import orjson

from schemata.compat.lru import LruCache
from schemata.registry.api.paths import query_subject
from schemata.registry.errors import RegistryError, SchemaNotFound
from schemata.registry.security.access import Access, decide, needs_schema_subjects
from schemata.registry.security.config import Security
from schemata.registry.security.endpoints import Endpoint, Scope, classify
from schemata.registry.security.errors import AccessDenied, AuthenticationRequired
from schemata.registry.service import CACHE_SHARES, Registry
from schemata.registry.service.cached_reads import GenerationCache

log = logging.getLogger("schemata.registry.security")

#: The scope key under which the caller's `Access` reaches the routes (absent: authentication is off).
ACCESS_KEY = "schemata.access"
#: The principal recorded for writes while authentication is off.
ANONYMOUS = "anonymous"
_MEDIA_TYPE = b"application/vnd.schemaregistry.v1+json"
#: Renders a refusal of a web UI page for a browser: (the request's scope, the refusal, the authentication
#: challenge) -> the ASGI app that answers it.
PageRefusal = Callable[[dict[str, Any], RegistryError, bytes | None], Callable[[Any, Any, Any], Awaitable[None]]]
_UI = "/ui"
#: Entries of the route and the granted-request caches, at most; each cache's bytes are bounded by a share of
#: the cache budget too (the least recently used evicted first: they refill in a request).
_CACHE_SIZE = 100_000
#: What an entry of those caches costs beside the text of its key and value (the table's slot, the tuples,
#: an `Endpoint`): measured with tracemalloc on CPython 3.11 (about 320 bytes), rounded up.
_ENTRY_BYTES = 400


class SecurityMiddleware:
    """Refuses what the caller may not do (401, 403), records writes, passes the rest on.

    Reads that were granted are remembered by (credentials' digest, method, path), until a token's expiry: the next
    identical request, the common case of a client looking up the same schemas, costs one dictionary lookup.
    Nothing whose answer depends on the database is remembered there (a schema by id for a principal who
    cannot read every subject: the subjects using each schema are cached per database generation instead,
    checked against the change counters as the fast path's caches are), nor any write (each is checked and
    recorded).
    """

    def __init__(
        self,
        app: Any,
        security: Security | None,
        registry: Registry,
        *,
        audit: bool,
        page_refusal: PageRefusal | None = None,
    ) -> None:
        self.app = app
        self.security = security
        self.registry = registry
        self.audit = audit
        #: How a refused /ui page answers (the API's JSON refusal without it).
        self.page_refusal = page_refusal
        share = registry.ctx.settings.cache_max_bytes // CACHE_SHARES
        #: (method, path) -> (its endpoint, the entry's bytes).
        self._endpoints: LruCache[tuple[str, str], tuple[Endpoint, int]] = LruCache(
            _CACHE_SIZE, max_bytes=share, size=_entry_size
        )
        #: (credentials' digest, method, path) -> (the caller's access, valid until, the entry's bytes).
        self._granted: LruCache[tuple[bytes, str, str], tuple[Access, float, int]] = LruCache(
            _CACHE_SIZE, max_bytes=share, size=_entry_size
        )
        self._schema_users: GenerationCache[tuple[int, str | None], list[str]] = GenerationCache(
            _CACHE_SIZE, max_bytes=share, size=_subjects_size
        )
        registry.other_caches.update(
            security_endpoints=self._endpoints,
            security_granted=self._granted,
            security_schema_subjects=self._schema_users,
        )

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        security = self.security
        if security is None:
            if self.audit and scope["method"] != "GET" and (endpoint := self._endpoint(scope)).audited:
                await self._audited(ANONYMOUS, endpoint, scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return
        header = _authorization(scope["headers"])
        key = (security.authenticator.digest(header), scope["method"], scope["path"])
        granted = self._granted.get(key)
        if granted is not None and granted[1] > time.time():
            scope[ACCESS_KEY] = granted[0]
            await self.app(scope, receive, send)
            return
        await self._check(security, header, key, scope, receive, send)

    async def _check(
        self,
        security: Security,
        header: bytes | None,
        key: tuple[bytes, str, str],
        scope: dict[str, Any],
        receive: Any,
        send: Any,
    ) -> None:
        endpoint = self._endpoint(scope)
        if endpoint.scope is Scope.HEALTH and security.open_health:
            await self.app(scope, receive, send)
            return
        try:
            principal, until = await security.authenticator.principal(header, key[0])
        except AuthenticationRequired as error:
            await self._refuse(scope, receive, send, error, security.authenticator.challenge)
            return
        access = security.policy.access(principal)
        lookup = needs_schema_subjects(access, endpoint)
        try:
            asked = query_subject(scope["query_string"])
            subjects = await self._schema_subjects(endpoint.schema_id, asked) if lookup else []
        except RegistryError as error:
            await self._refuse(scope, receive, send, error)
            return
        denied = decide(access, endpoint, subjects)
        if denied is not None:
            refusal = AccessDenied(f"Access denied: {denied}")
            if self.audit and endpoint.audited:
                await anyio.to_thread.run_sync(self._record, principal, endpoint, scope, refusal.http_status)
            scope[ACCESS_KEY] = access  # a refused page says who is signed in
            await self._refuse(scope, receive, send, refusal)
            return
        scope[ACCESS_KEY] = access
        if self.audit and endpoint.audited:
            await self._audited(principal, endpoint, scope, receive, send)
            return
        if not lookup and not endpoint.audited:
            self._granted.put(key, (access, until, _text_bytes(*key) + _ENTRY_BYTES))
        await self.app(scope, receive, send)

    async def _refuse(
        self, scope: dict[str, Any], receive: Any, send: Any, error: RegistryError, challenge: bytes | None = None
    ) -> None:
        """Answer `error`: as an HTML page for the web UI's paths, else as the API's JSON."""
        path = scope["path"]
        if self.page_refusal is not None and (path == _UI or path.startswith(_UI + "/")):
            await self.page_refusal(scope, error, challenge)(scope, receive, send)
        else:
            await _refuse(send, error, challenge)

    def _endpoint(self, scope: dict[str, Any]) -> Endpoint:
        key = (scope["method"], scope["path"])
        found = self._endpoints.get(key)
        if found is not None:
            return found[0]
        endpoint = classify(*key)
        self._endpoints.put(key, (endpoint, _text_bytes(*key, endpoint.subject, endpoint.service) + _ENTRY_BYTES))
        return endpoint

    async def _schema_subjects(self, schema_id: int, subject: str | None) -> list[str]:
        """The subjects using the schema that the id names for a request naming `subject` (ids are per
        context), cached for the database generation current when the request arrived."""
        counters = await self.registry.reads.counters()
        if counters is None:  # the lookup below fails with the proper error, or succeeds if the database is back
            return await anyio.to_thread.run_sync(self._subjects_using, schema_id, subject)
        generation = counters.generation
        found = self._schema_users.get((schema_id, subject), generation)
        if found is None:
            found = await anyio.to_thread.run_sync(self._subjects_using, schema_id, subject)
            self._schema_users.put((schema_id, subject), found, generation)
        return found

    def _subjects_using(self, schema_id: int, subject: str | None) -> list[str]:
        queries = self.registry.queries
        try:
            return [usage.subject for usage in queries.schema_usages(schema_id, subject=subject, deleted=True)]
        except SchemaNotFound:
            return []

    async def _audited(
        self, principal: str, endpoint: Endpoint, scope: dict[str, Any], receive: Any, send: Any
    ) -> None:
        """Run the request, recording it with its status before the response leaves (so a client that reads
        the audit log after its write always finds the write there)."""

        async def send_recorded(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                await anyio.to_thread.run_sync(self._record, principal, endpoint, scope, message["status"])
            await send(message)

        await self.app(scope, receive, send_recorded)

    def _record(self, principal: str, endpoint: Endpoint, scope: dict[str, Any], status: int) -> None:
        raw = scope.get("raw_path")
        path = raw.decode("latin-1") if raw is not None else scope["path"]
        if scope["query_string"]:
            path += "?" + scope["query_string"].decode("latin-1")
        subject = _printable(endpoint.subject) or None
        try:
            self.registry.audit.record(_printable(principal), scope["method"], _printable(path), subject, status)
        except Exception as error:  # the write itself is done: say so loudly, and answer it
            log.error("audit log: could not record %s %s by %s (%s): %s", scope["method"], path, principal,
                      status, getattr(error, "message", error))


def _text_bytes(*texts: str | bytes) -> int:
    """The memory the objects `texts` take."""
    return sum(sys.getsizeof(text) for text in texts)


def _entry_size(entry: tuple[Any, ...]) -> int:
    """The bytes an entry of the route or granted-request cache was given when it was put (its last item)."""
    size: int = entry[-1]
    return size


def _subjects_size(subjects: list[str]) -> int:
    """What a schema's subjects count against the cache's bytes: their lengths."""
    return sum(len(subject) for subject in subjects)


def _printable(text: str) -> str:
    """`text` with NUL (which PostgreSQL's text refuses) and lone surrogates escaped."""
    return text.replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode()


def _authorization(headers: list[tuple[bytes, bytes]]) -> bytes | None:
    for name, value in headers:
        if name == b"authorization":
            return value
    return None


async def _refuse(send: Any, error: RegistryError, challenge: bytes | None = None) -> None:
    body = orjson.dumps({"error_code": error.error_code, "message": error.message})
    headers = [(b"content-type", _MEDIA_TYPE), (b"content-length", str(len(body)).encode())]
    if challenge:
        headers.append((b"www-authenticate", challenge))
    await send({"type": "http.response.start", "status": error.http_status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


