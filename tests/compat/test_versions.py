"""The one spelling of a subject's version: numbers from 1, and "latest" (also -1), as text or number."""

from __future__ import annotations

import pytest

from schemata.compat.versions import LATEST, MAX_VERSION, parse_version, version_number


@pytest.mark.parametrize(
    ("given", "version"),
    [
        ("latest", LATEST), ("LATEST", LATEST), ("Latest", LATEST), ("-1", LATEST), (-1, LATEST),
        ("1", 1), (7, 7), (str(MAX_VERSION), MAX_VERSION),
    ],
)
def test_versions(given: str | int, version: object) -> None:
    assert parse_version(given) == version


@pytest.mark.parametrize(
    "given", ["0", 0, "-2", -2, str(MAX_VERSION + 1), MAX_VERSION + 1, "", " 1", "1.0", "+1", "\u0661", "new", True]
)
def test_not_versions(given: str | int) -> None:
    assert parse_version(given) is None


def test_latest_as_a_number_is_minus_one() -> None:
    assert (version_number(LATEST), version_number(3)) == (-1, 3)
