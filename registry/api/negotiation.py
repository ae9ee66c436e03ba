"""Content negotiation as Confluent's (Jersey's) REST layer does it.

Answers are `application/vnd.schemaregistry.v1+json`, `application/vnd.schemaregistry+json` or
`application/json`, whichever the request's `Accept` prefers (its q-values first, then the server's own
preference, in that order); an `Accept` none of them satisfies gets 406, one Jersey cannot parse 400. A
request body must come as one of those JSON types or `application/octet-stream` (or without a `Content-Type`),
else 415. Operational endpoints (`/metrics`, `/health`) and the web UI (`/ui`: HTML pages, form posts) answer
in their own types and are left alone.
"""

from __future__ import annotations

import functools
from typing import Any

import orjson

from schemata.registry.api.responses import MEDIA_TYPE

#: What the registry produces, with the server's preference (Jersey's `qs`), best first.
PRODUCED = ((MEDIA_TYPE, 1.0), ("application/vnd.schemaregistry+json", 0.9), ("application/json", 0.5))
CONSUMED = frozenset({*(name for name, _ in PRODUCED), "application/octet-stream"})
_EXEMPT = ("/metrics", "/health", "/ui")
_MEDIA_TYPE_BYTES = MEDIA_TYPE.encode()
#: On every answer negotiated here (406 included): its type depends on the request's `Accept`, so a shared
#: cache must key it by that too.
VARY_ACCEPT = (b"vary", b"Accept")


def _media_type(value: str) -> tuple[str, dict[str, str]]:
    """`type/subtype` (lower case) and the parameters of one media type or media range."""
    name, *params = value.split(";")
    parsed: dict[str, str] = {}
    for param in params:
        key, _, val = param.partition("=")
        parsed[key.strip().lower()] = val.strip().strip('"')
    return name.strip().lower(), parsed


#: What `negotiate` answers for an `Accept` that Jersey cannot parse (a bad q-value, a parameter without a
#: value, a type or subtype missing): 400, as Jersey answers a header it cannot read.
MALFORMED_ACCEPT = "malformed"


class _Malformed(ValueError):
    pass


def _quality(params: dict[str, str]) -> float:
    """The q-value of a media range, read as Jersey's `readQualityFactor` reads it: `0`, `1`, `0.ddd`,
    `1.000` (at most 5 characters) or `.ddd` (as HttpURLConnection sends); anything else is malformed. A
    bare `0.` or `1.` Jersey reads as a negative quality: not acceptable."""
    text = params.get("q")
    if text is None:
        return 1.0
    if not 0 < len(text) <= 5 or text[0] not in "01.":
        raise _Malformed(text)
    whole, fraction = (text[0], text[2:]) if text[0] != "." else ("0", text[1:])
    if text[0] != "." and len(text) > 1 and text[1] != ".":
        raise _Malformed(text)
    if not fraction.isascii() or (fraction and not fraction.isdigit()) or text == ".":
        raise _Malformed(text)
    if len(text) == 1:
        return float(whole)
    if not fraction:  # `0.` or `1.`
        return 0.0
    if whole == "1" and int(fraction):
        raise _Malformed(text)
    return 1.0 if whole == "1" else float(f"0.{fraction}")


def _media_range(value: str) -> tuple[str, dict[str, str]]:
    """One range of an `Accept` header as Jersey's `AcceptableMediaType` reads it: a type alone (`*`) means
    every subtype of it; a parameter needs a value; a missing type or subtype is malformed."""
    if not value.strip():
        return "", {}
    name, params = _media_type(value)
    kind, slash, sub = name.partition("/")
    if not kind or (slash and not sub) or any("=" not in p for p in value.split(";")[1:] if p.strip()):
        raise _Malformed(value)
    return (name if slash else f"{kind}/*"), params


#: `Accept` headers up to this many characters have their answer kept (clients send a handful, of under 200),
#: at most `_CACHED_HEADERS` of them: with their entries, under 512 KiB. A longer header is negotiated anew.
_CACHED_LENGTH = 512
_CACHED_HEADERS = 512


def negotiate(accept: str) -> str | None:
    """The media type to answer a request with this `Accept` header, or None if none is acceptable (406)."""
    return _negotiate_kept(accept) if len(accept) <= _CACHED_LENGTH else _negotiate(accept)


def _negotiate(accept: str) -> str | None:
    try:
        return _best(accept)
    except _Malformed:
        return MALFORMED_ACCEPT


def _best(accept: str) -> str | None:
    ranges = [(name, _quality(params)) for name, params in map(_media_range, accept.split(",")) if name]
    if not ranges:
        return MEDIA_TYPE
    best: tuple[float, float, str] | None = None
    for produced, server_quality in PRODUCED:
        kind = produced.split("/")[0]
        # The most specific range that matches decides the client's quality for this type.
        matches = [
            (2 if name == produced else 1 if name == f"{kind}/*" else 0, quality)
            for name, quality in ranges
            if name in (produced, f"{kind}/*", "*/*")
        ]
        if not matches:
            continue
        quality = max(matches)[1]
        if quality > 0 and (best is None or (quality, server_quality) > best[:2]):
            best = (quality, server_quality, produced)
    return best[2] if best else None


_negotiate_kept = functools.lru_cache(maxsize=_CACHED_HEADERS)(_negotiate)


def acceptable_body_type(content_type: str) -> bool:
    """Whether a request body of this `Content-Type` is read (as JSON)."""
    return _media_type(content_type)[0] in CONSUMED


def body_charset(content_type: str | None) -> str | None:
    """The `charset` a `Content-Type` names, if any."""
    return _media_type(content_type)[1].get("charset") if content_type else None


async def _refuse(send: Any, status: int, reason: str, *vary: tuple[bytes, bytes]) -> None:
    body = orjson.dumps({"error_code": status, "message": f"HTTP {status} {reason}"})
    headers = [(b"content-type", _MEDIA_TYPE_BYTES), (b"content-length", str(len(body)).encode()), *vary]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class NegotiationMiddleware:
    """406 / 415 before anything else runs, and the answer's `Content-Type` set to the negotiated type, with
    `Vary: Accept`."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_EXEMPT):
            await self.app(scope, receive, send)
            return
        accept = content_type = None
        for key, value in scope["headers"]:
            if key == b"accept":
                accept = value.decode("latin-1") if accept is None else f"{accept},{value.decode('latin-1')}"
            elif key == b"content-type":
                content_type = value.decode("latin-1")
        if content_type is not None and scope["method"] in ("POST", "PUT") and not acceptable_body_type(content_type):
            await _refuse(send, 415, "Unsupported Media Type")
            return
        chosen = negotiate(accept) if accept is not None else MEDIA_TYPE
        if chosen == MALFORMED_ACCEPT:
            await _refuse(send, 400, "Bad Request")
            return
        if chosen is None:
            await _refuse(send, 406, "Not Acceptable", VARY_ACCEPT)
            return
        answer_type = None if chosen == MEDIA_TYPE else chosen.encode()

        async def send_as_chosen(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = message["headers"]
                if answer_type is not None:
                    headers = [
                        (key, answer_type if key == b"content-type" and value.startswith(_MEDIA_TYPE_BYTES) else value)
                        for key, value in headers
                    ]
                if VARY_ACCEPT not in headers:  # the fast path's answers have it already
                    headers = [*headers, VARY_ACCEPT]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_as_chosen)
