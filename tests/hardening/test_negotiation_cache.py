"""The answers kept for `Accept` headers are bounded in bytes: 512 headers of any length (a server takes
headers of several KiB) held megabytes; headers past 512 characters are negotiated without being kept."""

from __future__ import annotations

import tracemalloc

from schemata.registry.api.negotiation import negotiate


def test_long_accept_headers_are_not_kept() -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(2000):  # 2,000 headers of 8 KB: 512 of them kept were 4 MB
            assert negotiate(f"application/json, text/x-{n}-{'y' * 8000}") == "application/json"
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 512 * 1024, f"{kept} bytes kept"


def test_short_headers_keep_within_the_stated_bound() -> None:
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(2000):  # distinct headers of 512 characters, the longest kept
            header = f"application/json, text/x-{n:04}-"
            assert negotiate(header + "y" * (512 - len(header))) == "application/json"
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 512 * 1024, f"{kept} bytes kept"


def test_the_read_fast_path_keeps_no_long_accept_headers() -> None:
    from schemata.registry.api.fastpath import _plain

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(2000):  # 2,000 headers of 8 KB: a cache of 512 keyed by the header held 4 MB
            scope = {"raw_path": b"/schemas/ids/1", "headers": [(b"accept", f"*/*, text/x-{n}-{'y' * 8000}".encode())]}
            assert _plain(scope)
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 512 * 1024, f"{kept} bytes kept"
