"""The invariants a finished workload must satisfy, each a function returning what broke (empty = held).

Expected values are computed from the workload's own record (what was acknowledged), never read back from
the server alone, so a server that lost, duplicated or invented data fails them.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .cluster import Cluster, DbSnapshot, schema_name, seg
from .workload import Record, Registration


def _by_subject(registrations: list[Registration]) -> dict[str, list[Registration]]:
    grouped: dict[str, list[Registration]] = defaultdict(list)
    for r in registrations:
        grouped[r.subject].append(r)
    return grouped


def duplicate_answers(record: Record) -> list[str]:
    """Distinct schemas got distinct (subject, version) pairs and distinct ids."""
    pairs = Counter((r.subject, r.version) for r in record.registrations)
    ids = Counter(r.schema_id for r in record.registrations)
    return (
        [f"{pair} answered {n} times" for pair, n in pairs.items() if n > 1]
        + [f"id {i} answered for {n} different schemas" for i, n in ids.items() if n > 1]
        + [f"the burst schema also got id {i}" for i in set(ids) & set(record.burst_ids)]
    )


def burst_problems(record: Record, threads: int) -> list[str]:
    """The schema registered by every thread at once: one id, version 1 in each of its subjects."""
    problems = [] if len(record.burst_ids) == threads else [f"{len(record.burst_ids)}/{threads} burst answers"]
    if len(set(record.burst_ids)) != 1:
        problems.append(f"one schema, several ids: {sorted(set(record.burst_ids))}")
    problems += [f"{s} got versions {sorted(v)}" for s, v in record.burst_versions.items() if v != {1}]
    return problems


def version_problems(record: Record, db: DbSnapshot) -> list[str]:
    """Per subject: acknowledged versions are exactly 1..n; the database holds them minus the permanently
    deleted ones, flagged deleted exactly where soft-deleted."""
    hard = {(r.subject, r.version) for r in record.hard_deleted}
    soft = {(r.subject, r.version) for r in record.soft_deleted} - hard
    problems: list[str] = []
    for subject, registrations in _by_subject(record.registrations).items():
        acknowledged = sorted(r.version for r in registrations)
        if acknowledged != list(range(1, len(acknowledged) + 1)):
            problems.append(f"{subject}: acknowledged versions {acknowledged} are not 1..{len(acknowledged)}")
        expected = sorted(set(acknowledged) - {v for s, v in hard if s == subject})
        if db.subject_versions(subject) != expected:
            problems.append(f"{subject}: database holds {db.subject_versions(subject)}, expected {expected}")
        flagged = sorted(v for (s, v), (_, deleted) in db.versions.items() if s == subject and deleted)
        if flagged != sorted(v for s, v in soft if s == subject):
            by_workload = sorted(v for s, v in soft if s == subject)
            problems.append(f"{subject}: soft-deleted in database {flagged}, by the workload {by_workload}")
    return problems


def id_problems(record: Record, db: DbSnapshot) -> list[str]:
    """Ids are 1..n for the n distinct schemas registered (none lost to a failed write), the counter says n,
    and the database holds exactly the ids not permanently deleted."""
    acknowledged = {r.schema_id for r in record.registrations} | set(record.burst_ids)
    problems = []
    if acknowledged != set(range(1, len(acknowledged) + 1)):
        problems.append(f"ids handed out {sorted(acknowledged)} are not 1..{len(acknowledged)}")
    if db.counters["schema_id"] != len(acknowledged):
        problems.append(f"id counter {db.counters['schema_id']}, distinct schemas {len(acknowledged)}")
    expected = acknowledged - {r.schema_id for r in record.hard_deleted}
    if set(db.schemas) != expected:
        problems.append(f"schema rows {sorted(set(db.schemas) ^ expected)} differ from what was acknowledged")
    return problems


def generation_problems(cluster: Cluster, db: DbSnapshot) -> list[str]:
    """Every acknowledged write bumped the change counter once, and nothing else did (failed writes roll back).
    Writes left unanswered (a killed node) may or may not have committed."""
    low, high = cluster.acknowledged_writes(), cluster.acknowledged_writes() + cluster.unanswered_writes()
    generation = db.counters["generation"]
    return [] if low <= generation <= high else [f"generation {generation}, acknowledged writes {low}..{high}"]


def resolution_problems(cluster: Cluster, db: DbSnapshot, names: dict[int, str]) -> list[str]:
    """On every node: each live version answers its id, each id a live version uses answers its schema
    (the record name in `names` when known), and each soft-deleted version is not found."""
    problems: list[str] = []
    for node in range(len(cluster.urls)):
        for schema_id in sorted(db.live_ids()):
            call = cluster.call(node, "GET", f"/schemas/ids/{schema_id}")
            if call.status != 200 or schema_name(call.body) != names.get(schema_id, schema_name(call.body)):
                problems.append(f"node {node}: id {schema_id} -> {call.status} {str(call.body)[:120]}")
        for (subject, version), (schema_id, deleted) in sorted(db.versions.items()):
            call = cluster.call(node, "GET", f"/subjects/{seg(subject)}/versions/{version}")
            answered = call.body.get("id") if call.status == 200 else None
            if (deleted and call.status != 404) or (not deleted and answered != schema_id):
                problems.append(f"node {node}: {subject} v{version} -> {call.status} {str(call.body)[:120]}")
    return problems


def removed_id_problems(cluster: Cluster, db: DbSnapshot, removed: set[int]) -> list[str]:
    """Ids whose schema is gone from the database are not found on any node (40403), cached or not."""
    problems: list[str] = []
    for schema_id in sorted(removed - set(db.schemas)):
        for node in range(len(cluster.urls)):
            call = cluster.call(node, "GET", f"/schemas/ids/{schema_id}")
            if call.status != 404:
                problems.append(f"node {node}: removed id {schema_id} -> {call.status}")
    return problems
