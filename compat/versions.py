"""Naming a version of a subject: a number from 1, or "the newest one", spelled `latest` or, as a number
(in URLs and in Confluent's schema references), -1. Registry, CLI and client all read it here."""

from __future__ import annotations

from typing import Final, Literal

LATEST: Final = "latest"
#: How Confluent writes LATEST where a number is expected (a path segment, a reference's `version`).
LATEST_NUMBER: Final = -1
#: Versions (and schema ids) are positive 32-bit integers.
MAX_VERSION: Final = 2**31 - 1

VersionRef = int | Literal["latest"]


def parse_version(value: str | int) -> VersionRef | None:
    """`value` as a version: LATEST for `latest` (any case) and -1 (number or text), a number in
    [1, MAX_VERSION] as itself; None for anything else (the caller says what is wrong, in its terms)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if value.lower() == LATEST:
            return LATEST
        if value == str(LATEST_NUMBER):
            return LATEST
        if not (value.isascii() and value.isdigit()):
            return None
        significant = value.lstrip("0")  # int() refuses thousands of digits (ValueError), and needs none
        if len(significant) > len(str(MAX_VERSION)):
            return None
        value = int(significant or "0")
    if value == LATEST_NUMBER:
        return LATEST
    return value if 1 <= value <= MAX_VERSION else None


def version_number(version: VersionRef) -> int:
    """`version` as Confluent writes it where a number is expected (LATEST as -1)."""
    return LATEST_NUMBER if version == LATEST else int(version)
