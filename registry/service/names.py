"""Validation of subject names and version strings, as Confluent defines them."""

from __future__ import annotations

import unicodedata
from typing import Final

from schemata.registry.domain import GLOBAL_KEY, MAX_VERSION
from schemata.registry.errors import InvalidSubject, InvalidVersion

LATEST: Final = "latest"
RESERVED_SUBJECTS = frozenset({GLOBAL_KEY, "__EMPTY"})
DEFAULT_CONTEXT = "."
#: Confluent's "every context" subject prefix (the default of its CLI's listings).
ALL_CONTEXTS_PREFIX: Final = ":*:"


def check_subject(subject: str) -> str:
    """`subject` if it is a valid subject name; 42208 if it is empty, reserved or has control characters."""
    if not subject or subject in RESERVED_SUBJECTS or any(unicodedata.category(ch) == "Cc" for ch in subject):
        raise InvalidSubject(subject)
    return subject


def parse_version(text: str) -> int | str:
    """A version path segment: an int in [1, 2^31-1], or LATEST for `latest` (any case) and `-1`."""
    if text.lower() == LATEST or text == "-1":
        return LATEST
    if text.isdigit():
        value = int(text)
        if 1 <= value <= MAX_VERSION:
            return value
    raise InvalidVersion(text)


def context_of(subject: str) -> str:
    """The context of a subject: `.ctx` for `:.ctx:name`, the default context `.` otherwise."""
    if subject.startswith(":.") and subject.count(":") >= 2:
        return subject[1 : subject.index(":", 1)]
    return DEFAULT_CONTEXT


def listing_prefix(prefix: str) -> str:
    """The subject prefix a listing filters on: the all-contexts wildcard filters on nothing."""
    return "" if prefix == ALL_CONTEXTS_PREFIX else prefix
