"""The invariants a finished workload must satisfy, each a function returning what broke (empty = held).

Expected values are computed from the workload's own record (what was acknowledged), never read back from
the server alone, so a server that lost, duplicated or invented data fails them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

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
        by_workload = sorted(v for s, v in soft if s == subject)
        if flagged != by_workload:
            problems.append(f"{subject}: soft-deleted in database {flagged}, by the workload {by_workload}")
    return problems


def new_ids(before: DbSnapshot, after: DbSnapshot) -> set[int]:
    """The ids allocated between two snapshots (ids only grow, so: above the earlier counter)."""
    return set(range(before.counters["schema_id"] + 1, after.counters["schema_id"] + 1))


def id_problems(record: Record, before: DbSnapshot, db: DbSnapshot) -> list[str]:
    """The n distinct schemas registered took exactly the next n ids (none lost to a failed or rolled-back
    write), and the database holds exactly those not permanently deleted since."""
    acknowledged = {r.schema_id for r in record.registrations} | set(record.burst_ids)
    problems = []
    if acknowledged != new_ids(before, db):
        problems.append(f"ids handed out {sorted(acknowledged)}, counter went {before.counters} -> {db.counters}")
    expected = acknowledged - {r.schema_id for r in record.hard_deleted}
    if set(db.schemas) - set(before.schemas) != expected:
        problems.append(f"new schema rows {sorted((set(db.schemas) - set(before.schemas)) ^ expected)} differ")
    return problems


def generation_problems(cluster: Cluster, before: DbSnapshot, db: DbSnapshot) -> list[str]:
    """Every acknowledged write that changed something bumped the change counter once, and nothing else did
    (failed writes roll back; registering a schema a subject has already writes nothing). Writes left
    unanswered (a killed node) may or may not have committed."""
    low = cluster.acknowledged_writes()
    high = low + cluster.unanswered_writes()
    bumps = db.counters["generation"] - before.counters["generation"]
    return [] if low <= bumps <= high else [f"generation bumped {bumps} times, acknowledged writes {low}..{high}"]


def _check_id(cluster: Cluster, node: int, schema_id: int, name: str | None) -> str | None:
    call = cluster.call(node, "GET", f"/schemas/ids/{schema_id}")
    if call.status == 200 and name in (None, schema_name(call.body)):
        return None
    return f"node {node}: id {schema_id} -> {call.status} {str(call.body)[:120]}"


def _check_version(cluster: Cluster, node: int, key: tuple[str, int], row: tuple[int, bool]) -> str | None:
    (subject, version), (schema_id, deleted) = key, row
    call = cluster.call(node, "GET", f"/subjects/{seg(subject)}/versions/{version}")
    answered = call.body.get("id") if call.status == 200 else None
    if (deleted and call.status == 404) or (not deleted and answered == schema_id):
        return None
    return f"node {node}: {subject} v{version} -> {call.status} {str(call.body)[:120]}"


def resolution_problems(cluster: Cluster, db: DbSnapshot, names: dict[int, str]) -> list[str]:
    """On every node: each live version answers its id, each id a live version uses answers its schema
    (the record name in `names` when known), and each soft-deleted version is not found."""
    checks: list[Callable[[], str | None]] = []
    for node in range(len(cluster.urls)):
        checks += [partial(_check_id, cluster, node, i, names.get(i)) for i in sorted(db.live_ids())]
        checks += [partial(_check_version, cluster, node, k, v) for k, v in sorted(db.versions.items())]
    with ThreadPoolExecutor(8) as pool:
        return [p for p in pool.map(lambda check: check(), checks) if p is not None]


def removed_id_problems(cluster: Cluster, db: DbSnapshot, removed: set[int]) -> list[str]:
    """Ids whose schema is gone from the database are not found on any node (40403), cached or not."""
    problems: list[str] = []
    for schema_id in sorted(removed - set(db.schemas)):
        for node in range(len(cluster.urls)):
            call = cluster.call(node, "GET", f"/schemas/ids/{schema_id}")
            if call.status != 404:
                problems.append(f"node {node}: removed id {schema_id} -> {call.status}")
    return problems


def contiguity_problems(subjects: set[str], before: DbSnapshot, db: DbSnapshot) -> list[str]:
    """Where nothing was deleted: versions 1..n in each of `subjects`, and every new id has its schema row."""
    problems = [
        f"{s}: versions {db.subject_versions(s)}"
        for s in sorted(subjects)
        if db.subject_versions(s) != list(range(1, len(db.subject_versions(s)) + 1))
    ]
    missing = new_ids(before, db) - set(db.schemas)
    return problems + ([f"ids allocated without a schema row: {sorted(missing)}"] if missing else [])


def acknowledged_problems(record: Record, db: DbSnapshot) -> list[str]:
    """Every acknowledged registration is in the database, live, with the version and id it was answered."""
    return [
        f"acknowledged {r} is not in the database"
        for r in record.registrations
        if db.versions.get((r.subject, r.version)) != (r.schema_id, False)
    ]
