"""The order to register an export in: every referenced version before the versions that reference it.

A topological order over references (Kahn's algorithm); among the versions ready at any point the smallest
(id, subject, version) goes first, so ids are mostly imported in the order the source allocated them, and
the order is the same on every run.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from schemata.cli.backup.document import Backup, FormatError, VersionRecord

Key = tuple[str, int]
"""A subject version: (subject, version)."""


def registration_order(backup: Backup) -> list[tuple[str, VersionRecord]]:
    """Every (subject, version) of `backup`, references first; FormatError if the references form a cycle."""
    records = {(subject.name, record.version): record for subject in backup.subjects for record in subject.versions}
    waiting_on: dict[Key, int] = {}
    referrers: dict[Key, list[Key]] = defaultdict(list)
    for key, record in records.items():
        # A reference to a version missing from the export must already be in the target: no edge.
        targets = {(ref.subject, ref.version) for ref in record.schema.references} & records.keys()
        waiting_on[key] = len(targets)
        for target in targets:
            referrers[target].append(key)
    ready = [_rank(key, records[key]) for key, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    order: list[tuple[str, VersionRecord]] = []
    while ready:
        _, subject, version = heapq.heappop(ready)
        order.append((subject, records[(subject, version)]))
        for referrer in referrers[(subject, version)]:
            waiting_on[referrer] -= 1
            if waiting_on[referrer] == 0:
                heapq.heappush(ready, _rank(referrer, records[referrer]))
    if len(order) < len(records):
        cycle = sorted(key for key, count in waiting_on.items() if count > 0)
        raise FormatError("references form a cycle among " + ", ".join(f"{s!r} version {v}" for s, v in cycle))
    return order


def _rank(key: Key, record: VersionRecord) -> tuple[int, str, int]:
    return record.schema_id, key[0], key[1]
