"""Validation of subject names and version strings, as Confluent defines them."""

from __future__ import annotations

import unicodedata
from typing import Final

from schemata.compat.versions import LATEST as LATEST  # the services read it from here
from schemata.compat.versions import VersionRef
from schemata.compat.versions import parse_version as version_of
from schemata.registry.domain import DEFAULT_CONTEXT as DEFAULT_CONTEXT
from schemata.registry.domain import GLOBAL_KEY, MAX_SUBJECT_BYTES, normalized_subject
from schemata.registry.domain import context_of as context_of
from schemata.registry.errors import InvalidSubject, InvalidVersion

RESERVED_SUBJECTS = frozenset({GLOBAL_KEY, "__EMPTY"})
#: Confluent's "every context" subject prefix (the default of its CLI's listings).
ALL_CONTEXTS_PREFIX: Final = ":*:"


def check_subject(subject: str) -> str:
    """`subject` if it is a valid subject name; 42208 if it is empty, reserved, has control characters or is
    longer than MAX_SUBJECT_BYTES (one limit for every back end, so an export always imports elsewhere)."""
    if not subject or subject in RESERVED_SUBJECTS or not could_begin_a_subject(subject):
        raise InvalidSubject(subject)
    size = len(subject.encode("utf-8", "surrogatepass"))
    if size > MAX_SUBJECT_BYTES:
        reason = f"A subject is at most {MAX_SUBJECT_BYTES} bytes of UTF-8 ({size} given)."
        raise InvalidSubject(subject[:64] + "...", reason)
    return subject


def subject_named(given: str) -> str:
    """The subject a request's `given` name means: valid (`check_subject`, 42208), and normalised as Confluent's
    REST layer normalises it (`:.:name` is `name`; see `domain.normalized_subject`). A name of the default
    context alone (`:.:`) names no subject: 42208."""
    subject = normalized_subject(check_subject(given))
    if not subject or subject in RESERVED_SUBJECTS:
        raise InvalidSubject(given)
    return subject


def settings_scope(given: str) -> str | None:
    """The scope a `/config/{subject}` or `/mode/{subject}` names: None (the global config and mode) for the
    default context spelled as a subject (`:.:`, or `:.`), else the subject (`subject_named`)."""
    return None if normalized_subject(given) == "" else subject_named(given)


def could_begin_a_subject(prefix: str) -> bool:
    """Whether a valid subject could start with `prefix`: none holds a control character (such as NUL)."""
    return not any(unicodedata.category(ch) == "Cc" for ch in prefix)


def small_number(text: str) -> int | None:
    """`text` as a number if it is ASCII digits (leading zeros allowed) of at most 2^31-1; None otherwise (a
    schema id in a path)."""
    if not (text.isascii() and text.isdigit()):
        return None
    found = version_of(text)
    return found if isinstance(found, int) else None


def parse_version(text: str) -> VersionRef:
    """A version path segment: an int in [1, 2^31-1], or LATEST for `latest` (any case) and `-1`; 42202."""
    version = version_of(text)
    if version is None:
        raise InvalidVersion(text if len(text) <= 64 else text[:64] + "...")
    return version


def listing_prefix(prefix: str) -> str:
    """The subject prefix a listing filters on: the all-contexts wildcard filters on nothing."""
    return "" if prefix == ALL_CONTEXTS_PREFIX else prefix
