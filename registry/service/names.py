"""Validation of subject names and version strings, as Confluent defines them."""

from __future__ import annotations

import unicodedata
from typing import Final

from schemata.compat.versions import LATEST as LATEST  # the services read it from here
from schemata.compat.versions import VersionRef
from schemata.compat.versions import parse_version as version_of
from schemata.registry.domain import GLOBAL_KEY
from schemata.registry.errors import InvalidSubject, InvalidVersion

RESERVED_SUBJECTS = frozenset({GLOBAL_KEY, "__EMPTY"})
DEFAULT_CONTEXT = "."
#: Confluent's "every context" subject prefix (the default of its CLI's listings).
ALL_CONTEXTS_PREFIX: Final = ":*:"


def check_subject(subject: str) -> str:
    """`subject` if it is a valid subject name; 42208 if it is empty, reserved or has control characters."""
    if not subject or subject in RESERVED_SUBJECTS or any(unicodedata.category(ch) == "Cc" for ch in subject):
        raise InvalidSubject(subject)
    return subject


def parse_version(text: str) -> VersionRef:
    """A version path segment: an int in [1, 2^31-1], or LATEST for `latest` (any case) and `-1`; 42202."""
    version = version_of(text)
    if version is None:
        raise InvalidVersion(text)
    return version


def context_of(subject: str) -> str:
    """The context of a subject: `.ctx` for `:.ctx:name`, the default context `.` otherwise."""
    if subject.startswith(":.") and subject.count(":") >= 2:
        return subject[1 : subject.index(":", 1)]
    return DEFAULT_CONTEXT


def listing_prefix(prefix: str) -> str:
    """The subject prefix a listing filters on: the all-contexts wildcard filters on nothing."""
    return "" if prefix == ALL_CONTEXTS_PREFIX else prefix
