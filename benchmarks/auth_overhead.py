"""CPU time the security middleware adds to one request, measured in-process (so a loaded machine skews it
less than wrk's requests per second): the middleware with authentication off and on, in front of an app that
does nothing, on a repeated cached-lookup request.

    python -m benchmarks.auth_overhead [--requests 200000]

Compare the figures with the CPU time of a whole cached lookup (1 / the requests per second of
`benchmarks.lookup`, about 50 us on the development machine).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.lookup import AUTH_CALLERS, auth_settings
from schemata.registry.security import Security, SecurityMiddleware
from schemata.registry.service import Registry
from schemata.registry.settings import Settings


async def _nothing(scope: dict[str, Any], receive: Any, send: Any) -> None:
    return None


async def cpu_per_request(app: Any, headers: list[tuple[bytes, bytes]], path: str, requests: int) -> float:
    """Microseconds of CPU per request of `app` for GET `path`."""
    def scope() -> dict[str, Any]:
        return {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": headers}

    await app(scope(), None, None)  # fills the middleware's caches, as the first request does in a server
    started = time.process_time()
    for _ in range(requests):
        await app(scope(), None, None)
    return (time.process_time() - started) / requests * 1e6


async def measure(requests: int) -> None:
    base = [(b"host", b"127.0.0.1:8081"), (b"user-agent", b"wrk"), (b"accept", b"*/*")]
    with auth_settings() as (env, _), tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'overhead.db'}",
                            auth_users_file=env["SCHEMATA_AUTH_USERS_FILE"],
                            auth_access_file=env["SCHEMATA_AUTH_ACCESS_FILE"])
        registry = Registry.open(settings)
        try:
            plain = SecurityMiddleware(_nothing, None, registry, audit=True)
            secured = SecurityMiddleware(_nothing, Security.from_settings(settings), registry, audit=True)
            await report(plain, secured, base, requests)
        finally:
            registry.close()


async def report(plain: Any, secured: Any, base: list[tuple[bytes, bytes]], requests: int) -> None:
    print(f"{'request (a no-op app behind the middleware)':<58} {'CPU us/request':>15}")
    for path in ("/schemas/ids/7", "/subjects/lookup-1/versions/latest"):
        for label, app in (("no middleware", _nothing), ("authentication off", plain)):
            print(f"{'GET ' + path + ', ' + label:<58} {await cpu_per_request(app, base, path, requests):>15.2f}")
        for name, (password, _) in AUTH_CALLERS.items():
            if name == "read-pattern" and path.startswith("/schemas/ids"):
                continue  # reads the database's counters: measured by benchmarks.lookup --auth
            header = (b"authorization", b"Basic " + base64.b64encode(f"{name}:{password}".encode()))
            cost = await cpu_per_request(secured, [*base, header], path, requests)
            print(f"{'GET ' + path + ', Basic as ' + name:<58} {cost:>15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200_000)
    asyncio.run(measure(parser.parse_args().requests))


if __name__ == "__main__":
    main()
