"""HTTP to the registry: one pooled httpx client, retries with backoff, auth, TLS, errors as exceptions.

Takes confluent-kafka's `SchemaRegistryClient` configuration keys, with the same defaults except
`timeout` (confluent-kafka waits forever; here 30 seconds). A transport may be handed in, the seam httpx
itself offers (e.g. one onto the registry's ASGI app, in-process); TLS and proxy settings are then the
transport's business, and refused here.
"""

from __future__ import annotations

import os
import random
import ssl
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import httpx
import orjson

from schemata.registry.client._errors import (
    IncompatibleSchemaError,
    InvalidSchemaError,
    RegistryTimeoutError,
    RegistryUnreachableError,
    SchemaNotFoundError,
    SchemaRegistryError,
    SubjectNotFoundError,
    VersionNotFoundError,
)

#: HTTP statuses worth a retry: the request may succeed a moment later.
RETRIABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

#: Confluent error codes with an exception of their own; others raise SchemaRegistryError.
ERRORS_BY_CODE: dict[int, type[SchemaRegistryError]] = {
    40401: SubjectNotFoundError,
    40402: VersionNotFoundError,
    40403: SchemaNotFoundError,
    409: IncompatibleSchemaError,
    40901: IncompatibleSchemaError,
    42201: InvalidSchemaError,
}

#: httpx's transport errors and what they become; looked up along the exception's MRO.
TRANSPORT_ERRORS: dict[type[httpx.TransportError], type[RegistryUnreachableError]] = {
    httpx.TimeoutException: RegistryTimeoutError,
    httpx.TransportError: RegistryUnreachableError,
}

_ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json"
_CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"
_DEFAULT_TIMEOUT = 30.0
#: Configuration keys about making connections: not applicable with a transport handed in.
_CONNECTION_KEYS = frozenset(
    {"ssl.ca.location", "ssl.certificate.location", "ssl.key.location", "ssl.key.password", "proxy"}
)

BearerProvider = Callable[[Mapping[str, Any]], Mapping[str, str]]


def quote_path(segment: str) -> str:
    """A subject (or any path segment) made safe for the URL path: `/` becomes `%2F`."""
    return quote(segment, safe="")


def transport_error(url: str, error: httpx.TransportError) -> RegistryUnreachableError:
    """The public exception for an httpx transport error on `url`."""
    target = next(TRANSPORT_ERRORS[cls] for cls in type(error).__mro__ if cls in TRANSPORT_ERRORS)
    return target(url, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__)


def registry_error(response: httpx.Response) -> SchemaRegistryError:
    """The public exception for an error response (Confluent's `{error_code, message}` body)."""
    details = None
    try:
        body = orjson.loads(response.content)
        code, message = int(body["error_code"]), str(body["message"])
        details = body.get("schemata")
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        code = -1
        url = response.request.url.copy_with(query=None)
        message = (
            f"{url} answered HTTP {response.status_code} without a Schema Registry error body "
            f"(is it a schema registry?): {response.text[:200]}"
        )
    error = ERRORS_BY_CODE.get(code, SchemaRegistryError)(response.status_code, code, message)
    error.details = details if isinstance(details, dict) else None
    return error


class RestClient:
    """Sends requests to the first registry URL that answers; decodes JSON; raises the client's errors."""

    def __init__(self, conf: Mapping[str, Any], transport: httpx.BaseTransport | None = None) -> None:
        conf = dict(conf)
        if transport is not None and _CONNECTION_KEYS & conf.keys():
            given = ", ".join(sorted(_CONNECTION_KEYS & conf.keys()))
            raise ValueError(f"{given}: not applicable with a transport of the caller's, which connects itself")
        urls = _base_urls(conf.pop("url", None))
        auth = _basic_auth(urls[0], conf)
        self._bearer = _bearer_provider(conf)
        verify = _tls_context(conf)
        if not any(url.startswith("https://") for url in urls):
            verify = False  # plain HTTP: skip loading the CA bundle (a tenth of a second per client)
        self.cache_capacity = int(_number(conf, "cache.capacity", 1000))
        ttl = conf.pop("cache.latest.ttl.sec", None)
        self.cache_latest_ttl_sec = None if ttl is None else float(ttl)
        self.max_retries = int(_number(conf, "max.retries", 3))
        self.retries_wait_ms = _number(conf, "retries.wait.ms", 1000)
        self.retries_max_wait_ms = _number(conf, "retries.max.wait.ms", 20000)
        timeout = _number(conf, "timeout", _DEFAULT_TIMEOUT)
        proxy = conf.pop("proxy", None)
        if conf:
            raise ValueError(f"Unrecognized properties: {', '.join(sorted(conf))}")
        self.urls = [_without_userinfo(url) for url in urls]
        self._http = httpx.Client(
            auth=auth, verify=verify, proxy=proxy, timeout=timeout, transport=transport,
            headers={"Accept": _ACCEPT, "User-Agent": "schemata-client"},
        )

    def close(self) -> None:
        self._http.close()

    def request(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> Any:
        """Send `method path` to each URL in turn until one answers; the decoded JSON body of a success."""
        content = None if body is None else orjson.dumps(body)
        headers = {"Content-Type": _CONTENT_TYPE} if content is not None else {}
        if self._bearer is not None:
            headers.update(self._bearer())
        unreachable: RegistryUnreachableError | None = None
        for position, base in enumerate(self.urls):
            url = base + path
            try:
                response = self._send(method, url, params, content, headers)
            except httpx.TransportError as error:
                unreachable = transport_error(url, error)
                continue
            if response.is_success:
                return orjson.loads(response.content) if response.content else None
            if response.status_code not in RETRIABLE_STATUSES or position == len(self.urls) - 1:
                raise registry_error(response)
        assert unreachable is not None
        raise unreachable

    def _send(
        self, method: str, url: str, params: Mapping[str, Any] | None, content: bytes | None, headers: dict[str, str]
    ) -> httpx.Response:
        """One request, retried with full-jitter exponential backoff on transport errors and retriable statuses."""
        for attempt in range(self.max_retries + 1):
            last = attempt == self.max_retries
            try:
                response = self._http.request(method, url, params=params, content=content, headers=headers)
            except httpx.TransportError:
                if last:
                    raise
            else:
                if response.status_code not in RETRIABLE_STATUSES or last:
                    return response
            time.sleep(self._backoff(attempt))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int) -> float:
        """Seconds to wait before retry `attempt + 1`: uniform in [0, min(max, wait * 2^attempt)]."""
        ceiling = min(self.retries_max_wait_ms, self.retries_wait_ms * (2**attempt))
        return random.uniform(0, ceiling) / 1000


def _number(conf: dict[str, Any], key: str, default: float) -> float:
    value = conf.pop(key, None)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{key} must be a number, not {type(value).__name__}")
    return value


def _base_urls(value: Any) -> list[str]:
    if value is None:
        raise ValueError("Missing required configuration property url")
    if not isinstance(value, str):
        raise TypeError(f"url must be a str, not {type(value).__name__}")
    urls = [url.strip().rstrip("/") for url in value.split(",") if url.strip()]
    if not urls:
        raise ValueError("Missing required configuration property url")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"Invalid url {url}: expected http:// or https://")
    return urls


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    return url if parts.username is None else url.replace(parts.netloc, parts.netloc.rsplit("@", 1)[1], 1)


def _basic_auth(first_url: str, conf: dict[str, Any]) -> tuple[str, str] | None:
    """Credentials from `basic.auth.user.info` (`user:password`) or from the URL's userinfo."""
    source = conf.pop("basic.auth.credentials.source", "USER_INFO").upper()
    parts = urlsplit(first_url)
    from_url = (unquote(parts.username), unquote(parts.password or "")) if parts.username is not None else None
    user_info = conf.pop("basic.auth.user.info", None)
    if user_info is not None:
        if from_url is not None:
            raise ValueError("basic.auth.user.info is set and the url carries credentials too: keep one")
        user, sep, password = str(user_info).partition(":")
        if not sep:
            raise ValueError("basic.auth.user.info must be in the form of {username}:{password}")
        return user, password
    if source not in ("USER_INFO", "URL"):
        raise ValueError(f"Unsupported basic.auth.credentials.source {source}: USER_INFO or URL")
    return from_url


def _bearer_provider(conf: dict[str, Any]) -> Callable[[], dict[str, str]] | None:
    """The bearer headers: from a static token, or from a custom function called per request."""
    source = conf.pop("bearer.auth.credentials.source", None)
    static: dict[str, str] = {key: conf.pop(key) for key in
              ("bearer.auth.token", "bearer.auth.logical.cluster", "bearer.auth.identity.pool.id") if key in conf}
    function: BearerProvider | None = conf.pop("bearer.auth.custom.provider.function", None)
    function_conf: Mapping[str, Any] = conf.pop("bearer.auth.custom.provider.config", {})
    if source is None:
        return None
    if source == "STATIC_TOKEN":
        if "bearer.auth.token" not in static:
            raise ValueError("bearer.auth.token is required with bearer.auth.credentials.source STATIC_TOKEN")
        return lambda: _bearer_headers(static)
    if source == "CUSTOM":
        if not callable(function):
            raise ValueError("bearer.auth.custom.provider.function must be callable with source CUSTOM")
        return lambda: _bearer_headers(function(function_conf))
    raise ValueError(f"Unsupported bearer.auth.credentials.source {source}: STATIC_TOKEN or CUSTOM")


def _bearer_headers(fields: Mapping[str, str]) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {fields['bearer.auth.token']}"}
    if "bearer.auth.logical.cluster" in fields:
        headers["target-sr-cluster"] = fields["bearer.auth.logical.cluster"]
    if "bearer.auth.identity.pool.id" in fields:
        headers["Confluent-Identity-Pool-Id"] = fields["bearer.auth.identity.pool.id"]
    return headers


def _tls_context(conf: dict[str, Any]) -> ssl.SSLContext | bool:
    """`verify` for httpx: the system's default trust unless a CA, a client certificate or `False` is set."""
    ca = conf.pop("ssl.ca.location", None)
    cert = conf.pop("ssl.certificate.location", None)
    key = conf.pop("ssl.key.location", None)
    password = conf.pop("ssl.key.password", None)
    if (key is not None or password is not None) and cert is None:
        raise ValueError("ssl.certificate.location is required with ssl.key.location or ssl.key.password")
    if ca is None and cert is None:
        return True
    if ca is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        where = {"capath": ca} if ca is not None and os.path.isdir(ca) else {"cafile": ca}
        context = ssl.create_default_context(**where)
    if cert is not None:
        context.load_cert_chain(certfile=cert, keyfile=key, password=password)
    return context
