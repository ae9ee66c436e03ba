"""Helpers shared by the HTTP API tests: schema builders and response assertions.

Everything here talks plain HTTP through the `api` fixture's `httpx.Client`; nothing mocks the server.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any
from urllib.parse import quote

import httpx

V1_JSON = "application/vnd.schemaregistry.v1+json"
LEVELS = ["NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"]

MSG_INVALID_LEVEL = (
    "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, "
    "forward_transitive, and full_transitive"
)
MSG_INVALID_MODE = "Invalid mode. Valid values are READWRITE, READONLY, IMPORT and FORWARD."


def msg_invalid_version(version: str) -> str:
    return (
        f"The specified version '{version}' is not a valid version id. "
        'Allowed values are between [1, 2^31-1] and the string "latest"'
    )


def seg(subject: str) -> str:
    """A subject as one percent-encoded path segment (so `/` arrives as `%2F`)."""
    return quote(subject, safe="")


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


def record(name: str, *fields: dict[str, Any], **extra: Any) -> str:
    """A compact Avro record schema string."""
    return json.dumps({"type": "record", "name": name, "fields": list(fields), **extra}, separators=(",", ":"))


def describe(resp: httpx.Response) -> str:
    return f"{resp.request.method} {resp.request.url} -> {resp.status_code} {resp.text[:500]!r}"


def ok(resp: httpx.Response, status: int = 200) -> Any:
    """Assert a successful answer and return its JSON body."""
    assert resp.status_code == status, describe(resp)
    return resp.json()


def assert_error_shape(resp: httpx.Response) -> dict[str, Any]:
    """An error answer: a JSON object with an int `error_code` and a str `message`, status = its first 3 digits."""
    assert 400 <= resp.status_code < 600, describe(resp)
    try:
        body = resp.json()
    except ValueError as exc:  # pragma: no cover - the assertion message is the point
        raise AssertionError(f"error body is not JSON: {describe(resp)}") from exc
    assert isinstance(body, dict), describe(resp)
    assert isinstance(body.get("error_code"), int), describe(resp)
    assert isinstance(body.get("message"), str), describe(resp)
    assert str(body["error_code"])[:3] == str(resp.status_code), describe(resp)
    return body


def err(resp: httpx.Response, code: int | tuple[int, ...], message: str | None = None) -> dict[str, Any]:
    """Assert a Confluent error answer with the given `error_code` (one of, for a tuple) and exact message."""
    codes = code if isinstance(code, tuple) else (code,)
    body = assert_error_shape(resp)
    assert body["error_code"] in codes, describe(resp)
    if message is not None:
        assert body["message"] == message, describe(resp)
    return body


def assert_4xx(resp: httpx.Response) -> dict[str, Any]:
    """Bad input: a 4xx answer with a proper error body (never a 500, never a non-JSON page)."""
    assert 400 <= resp.status_code < 500, describe(resp)
    return assert_error_shape(resp)


def post_schema(
    api: httpx.Client,
    subject: str,
    schema: str,
    *,
    schema_type: str | None = None,
    references: list[dict[str, Any]] | None = None,
    params: dict[str, Any] | None = None,
    **extra: Any,
) -> httpx.Response:
    body: dict[str, Any] = {"schema": schema, **extra}
    if schema_type is not None:
        body["schemaType"] = schema_type
    if references is not None:
        body["references"] = references
    return api.post(f"/subjects/{seg(subject)}/versions", json=body, params=params)


def register(api: httpx.Client, subject: str, schema: str, **kw: Any) -> int:
    """Register and return the id (asserting success)."""
    body = ok(post_schema(api, subject, schema, **kw))
    assert isinstance(body["id"], int), body
    return body["id"]


def get_version(api: httpx.Client, subject: str, version: int | str, **params: Any) -> dict[str, Any]:
    return ok(api.get(f"/subjects/{seg(subject)}/versions/{version}", params=params))


def versions(api: httpx.Client, subject: str, **params: Any) -> list[int]:
    return ok(api.get(f"/subjects/{seg(subject)}/versions", params=params))


def set_level(api: httpx.Client, subject: str | None, level: str) -> None:
    path = "/config" if subject is None else f"/config/{seg(subject)}"
    ok(api.put(path, json={"compatibility": level}))


def delete_subject(api: httpx.Client, subject: str, *, permanent: bool = False) -> Any:
    params = {"permanent": "true"} if permanent else None
    return ok(api.delete(f"/subjects/{seg(subject)}", params=params))


def delete_version(api: httpx.Client, subject: str, version: int | str, *, permanent: bool = False) -> Any:
    params = {"permanent": "true"} if permanent else None
    return ok(api.delete(f"/subjects/{seg(subject)}/versions/{version}", params=params))


def max_id(api: httpx.Client, any_id: int) -> int:
    body = ok(api.get(f"/schemas/ids/{any_id}", params={"fetchMaxId": "true"}))
    return body["maxId"]


def same_schema(a: str, b: str) -> bool:
    """Two Avro schema strings denote the same JSON document."""
    return json.loads(a) == json.loads(b)


def register_concurrently(jobs: list[tuple[str, str, str]]) -> list[httpx.Response]:
    """POST every (base_url, subject, schema) registration at once: one thread and connection each, released
    together by a barrier. Answers come back in job order."""
    barrier = Barrier(len(jobs))

    def one(job: tuple[str, str, str]) -> httpx.Response:
        base_url, subject, schema = job
        with httpx.Client(base_url=base_url, timeout=60.0) as client:
            barrier.wait()
            return client.post(f"/subjects/{seg(subject)}/versions", json={"schema": schema})

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(one, jobs))
