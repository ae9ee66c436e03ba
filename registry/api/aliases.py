"""A subject's `alias` (a config field) applied to the request itself, before anything reads the subject it
names, as Confluent's AliasFilter applies it.

A request naming subject `a` whose own config sets `alias: b` is served as the same request naming `b`
(`SettingsService.resolve_alias`: one step, `b`'s own alias is not followed; an unqualified `b` is taken in
`a`'s context). The subject so replaced is:

- the one of `/subjects/{a}/...`, for every method (lookup, versions, registration, deletes, referencedby,
  tags, metadata), of `/compatibility/subjects/{a}/...`, and of the web UI's diff and check pages;
- the `subject` query parameter of `/schemas/ids/{id}` and of its `/schema`, `/subjects` and `/versions`.

`/config/{a}` and `/mode/{a}` stay the alias's own: that is where the alias is read, changed and removed.

Every layer behind this one sees the subject served: access control decides on it (an alias reaches nothing
its caller may not read), the audit log records it, the routes serve it. The read fast path keeps a subject
version's answer only for a request that named no alias, and only for the generation in which that was found
(`NO_ALIAS_AT`): the answer that `/subjects/{b}/...` gets through an alias is `b`'s own versions, which a
direct request for `b` does not get while `b` is itself an alias, and any config change moves the generation.
"""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from starlette.types import Receive, Scope, Send

from schemata.registry.api.paths import path_segment, query_subject, restore_slashes, with_subject
from schemata.registry.api.responses import error_response
from schemata.registry.errors import InvalidSubject, RegistryError
from schemata.registry.service import CACHE_SHARES, Registry
from schemata.registry.service.cached_reads import GenerationCache
from schemata.registry.service.names import subject_named

#: The scope key holding the database generation in which the request's subject was found to name no alias
#: (absent: the subject was replaced, or the generation was not known).
NO_ALIAS_AT = "schemata.no_alias_at"
#: Subjects whose alias is remembered, at most (also bounded by a share of the cache budget).
_CACHE_SIZE = 100_000
_SCHEMA_IDS = "/schemas/ids/"


def subject_position(parts: list[str]) -> int | None:
    """Which segment of a path split on `/` names a subject its alias replaces, if one does."""
    if len(parts) >= 3 and parts[1] == "subjects":
        return 2
    if len(parts) >= 4 and parts[1] == "compatibility" and parts[2] == "subjects":
        return 3
    if len(parts) == 5 and parts[1:3] == ["ui", "subjects"] and parts[4] in ("diff", "check"):
        return 3
    return None


class AliasMiddleware:
    """Replaces a subject that is an alias by the subject it stands for (see the module's docstring)."""

    def __init__(self, app: Any, registry: Registry) -> None:
        self.app = app
        self.registry = registry
        share = registry.ctx.settings.cache_max_bytes // CACHE_SHARES
        #: a subject as the request gives it -> (the subject it names, the subject that stands for: itself when
        #: it is no alias), for one database generation.
        self._served: GenerationCache[str, tuple[str, str]] = GenerationCache(
            _CACHE_SIZE, max_bytes=share, size=_entry_bytes
        )
        registry.other_caches["subject_aliases"] = self._served

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        parts = scope["path"].split("/")
        position = subject_position(parts)
        if position is not None:
            given: str | None = restore_slashes(parts[position])
        elif scope["path"].startswith(_SCHEMA_IDS):
            given = query_subject(scope["query_string"])
        else:
            given = None
        try:
            subject, served, generation = await self._resolve(given) if given else ("", "", None)
        except RegistryError as error:
            await error_response(error)(scope, receive, send)
            return
        if served == subject:
            if generation is not None and position is not None:
                scope[NO_ALIAS_AT] = generation
        elif position is not None:
            parts[position] = path_segment(served)
            scope = {**scope, "path": "/".join(parts)}
        else:
            scope = {**scope, "query_string": with_subject(scope["query_string"], served)}
        await self.app(scope, receive, send)

    async def _resolve(self, given: str) -> tuple[str, str, int | None]:
        """The subject `given` names, the subject that stands for, and the generation that holds for (None: not
        known). A name that is no valid subject is left as it is (the route refuses it: 42208)."""
        counters = await self.registry.reads.counters()
        generation = None if counters is None else counters.generation
        if generation is not None:
            found = self._served.get(given, generation)
            if found is not None:
                return (*found, generation)
        try:
            subject = subject_named(given)
        except InvalidSubject:
            return given, given, generation
        # Read after the counters: a config change in between leaves an answer newer than its generation.
        served = await anyio.to_thread.run_sync(self.registry.settings.resolve_alias, subject)
        if generation is not None:
            self._served.put(given, (subject, served), generation)
        return subject, served, generation


def _entry_bytes(entry: tuple[str, str]) -> int:
    """What an entry counts against the cache's bytes: the lengths of its subjects (its key's, about once)."""
    return 2 * len(entry[0]) + len(entry[1])
