"""The order to register an export in: every referenced version before the versions that reference it.

A topological order over references (Kahn's algorithm); among the versions ready at any point the smallest
(context, id, subject, version) goes first (the default context first), so each context's ids are mostly
imported in the order the source allocated them, and the order is the same on every run.
"""

from __future__ import annotations

import heapq
from collections import defaultdict

from schemata.cli.backup.document import Backup, FormatError, VersionRecord
from schemata.registry.domain import DEFAULT_CONTEXT, context_of, in_context

Key = tuple[str, int]
"""A subject version: (subject, version)."""


def registration_order(backup: Backup) -> list[tuple[str, VersionRecord]]:
    """Every (subject, version) of `backup`, references first; FormatError if the references form a cycle."""
    records = {(subject.name, record.version): record for subject in backup.subjects for record in subject.versions}
    waiting_on: dict[Key, int] = {}
    referrers: dict[Key, list[Key]] = defaultdict(list)
    for key, record in records.items():
        # A reference to a version missing from the export must already be in the target: no edge. A
        # reference names a subject within its referrer's context (see `in_context`).
        context = context_of(key[0])
        targets = {(in_context(ref.subject, context), ref.version) for ref in record.schema.references}
        targets &= records.keys()
        waiting_on[key] = len(targets)
        for target in targets:
            referrers[target].append(key)
    ready = [_rank(key, records[key]) for key, count in waiting_on.items() if count == 0]
    heapq.heapify(ready)
    order: list[tuple[str, VersionRecord]] = []
    while ready:
        *_, subject, version = heapq.heappop(ready)
        order.append((subject, records[(subject, version)]))
        for referrer in referrers[(subject, version)]:
            waiting_on[referrer] -= 1
            if waiting_on[referrer] == 0:
                heapq.heappush(ready, _rank(referrer, records[referrer]))
    if len(order) < len(records):
        cycle = sorted(key for key, count in waiting_on.items() if count > 0)
        raise FormatError("references form a cycle among " + ", ".join(f"{s!r} version {v}" for s, v in cycle))
    return order


def _rank(key: Key, record: VersionRecord) -> tuple[bool, str, int, str, int]:
    """The default context first, then each other context in name order (ids are per context), each in the
    order its ids were allocated."""
    context = context_of(key[0])
    return context != DEFAULT_CONTEXT, context, record.schema_id, key[0], key[1]
