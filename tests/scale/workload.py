"""A bounded concurrent workload against several nodes, and the record of what each operation saw.

`Hammer.run` executes a fixed, shuffled plan of operations from a thread pool, stopping at the plan's end
or at its deadline. Operations check what must hold across nodes and log a violation otherwise: at once
for what no node caches (a config written on one node is read on the other), and within the nodes'
staleness bound for their cached lookups (a version just registered is never newer than the other node's
`latest` once the bound has passed since the write was acknowledged; a deleted version or id is not found).
Everything else is checked afterwards against the log and the database.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from .cluster import Call, Cluster, record_schema, schema_name, seg

LEVELS = ("BACKWARD", "FORWARD", "FULL", "NONE", "FULL_TRANSITIVE")
#: The share of each kind in a plan (the rest are registrations).
MIX = {"lookup": 0.22, "delete": 0.14, "config": 0.06, "mode": 0.06}


@dataclass(frozen=True)
class Registration:
    subject: str
    name: str
    version: int
    schema_id: int
    doomed: bool


@dataclass
class Record:
    """What the workload did and saw (appended from many threads; guarded by `lock`)."""

    registrations: list[Registration] = field(default_factory=list)
    soft_deleted: list[Registration] = field(default_factory=list)
    hard_deleted: list[Registration] = field(default_factory=list)
    burst_ids: list[int] = field(default_factory=list)
    burst_versions: dict[str, set[int]] = field(default_factory=dict)
    executed: dict[str, int] = field(default_factory=dict)
    #: (category, description) of everything that broke an expectation while running.
    violations: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str) -> None:
        with self.lock:
            self.executed[kind] = self.executed.get(kind, 0) + 1

    def violation(self, category: str, text: str) -> None:
        with self.lock:
            self.violations.append((category, text))

    def violations_of(self, *categories: str) -> list[str]:
        return [text for category, text in self.violations if category in categories]


class Hammer:
    """Concurrent registrations, deletes, lookups, config and mode changes on every node of `cluster`."""

    def __init__(self, cluster: Cluster, *, subjects: int = 4, seed: int = 7, bound: float = 0.1) -> None:
        self.cluster = cluster
        #: Seconds after which a node's cached lookups show another node's acknowledged write.
        self.bound = bound
        self.nodes = len(cluster.urls)
        self.tag = uuid.uuid4().hex[:8]
        self.shared = [f"shared-{self.tag}-{i}" for i in range(subjects)]
        self.random = random.Random(seed)
        self.record = Record()
        self._pending_deletes: list[Registration] = []

    # -- running ----------------------------------------------------------------------------------------
    def run(self, *, operations: int, threads: int, seconds: float) -> Record:
        """Set up, burst one schema from every thread, then run a mixed plan."""
        self.setup()
        self.same_schema_burst(threads)
        return self.execute(self.plan(operations), threads=threads, seconds=seconds)

    def setup(self) -> None:
        """Compatibility NONE on the shared subjects, so any schema registers."""
        for subject in self.shared:
            self._expect(self.cluster.call(0, "PUT", f"/config/{seg(subject)}", {"compatibility": "NONE"}), 200)

    def execute(self, plan: list[tuple[str, int]], *, threads: int, seconds: float) -> Record:
        """Run `plan` from `threads` threads; steps not started within `seconds` are skipped."""
        deadline = time.monotonic() + seconds
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda step: self._step(step, deadline), plan))
        return self.record

    def plan(self, operations: int) -> list[tuple[str, int]]:
        """Kinds in the proportions of MIX; deletes only in the last two thirds, when victims exist."""
        counts = {kind: int(operations * share) for kind, share in MIX.items()}
        kinds = [kind for kind, n in counts.items() for _ in range(n)]
        kinds += ["register"] * (operations - len(kinds))
        self.random.shuffle(kinds)
        early = [k for k in kinds[: operations // 3] if k != "delete"]
        late = kinds[operations // 3 :] + [k for k in kinds[: operations // 3] if k == "delete"]
        self.random.shuffle(late)
        return [(kind, i) for i, kind in enumerate(early + late)]

    def _step(self, step: tuple[str, int], deadline: float) -> None:
        kind, index = step
        if time.monotonic() > deadline:
            return
        action: Callable[[int], bool] = getattr(self, f"op_{kind}")
        if action(index):
            self.record.note(kind)

    # -- operations ---------------------------------------------------------------------------------------
    def same_schema_burst(self, threads: int) -> None:
        """Every thread registers one schema at the same moment: two subjects, each through every node."""
        schema = record_schema(f"Same{self.tag}")
        barrier = threading.Barrier(threads)
        subjects = [f"same-{self.tag}-{t // self.nodes % 2}" for t in range(threads)]

        def one(t: int) -> None:
            barrier.wait(10)
            call = self.cluster.call(
                t % self.nodes, "POST", f"/subjects/{seg(subjects[t])}/versions", {"schema": schema}
            )
            if self._expect(call, 200):
                with self.record.lock:
                    self.record.burst_ids.append(call.body["id"])
                    self.record.burst_versions.setdefault(subjects[t], set()).add(call.body["version"])

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(threads)))

    def op_register(self, index: int) -> bool:
        subject = self.shared[index % len(self.shared)]
        registered = self.register(index % self.nodes, subject, f"R{self.tag}n{index}", doomed=index % 3 == 0)
        if registered is None:
            return False
        other, acknowledged = (index + 1) % self.nodes, time.monotonic()
        latest = self._within_bound(
            other,
            f"/subjects/{seg(subject)}/versions/latest",
            acknowledged,
            lambda call: call.status != 200 or call.body["version"] >= registered.version,
        )
        if self._expect(latest, 200) and latest.body["version"] < registered.version:
            self.record.violation(
                "latest",
                f"node {other} answered latest={latest.body['version']} of {subject} {self.bound}s after version "
                f"{registered.version} was acknowledged by node {index % self.nodes}",
            )
        return True

    def register(self, node: int, subject: str, name: str, *, doomed: bool = False) -> Registration | None:
        call = self.cluster.call(node, "POST", f"/subjects/{seg(subject)}/versions", {"schema": record_schema(name)})
        if not self._expect(call, 200):
            return None
        registered = Registration(subject, name, call.body["version"], call.body["id"], doomed)
        with self.record.lock:
            self.record.registrations.append(registered)
            if doomed:
                self._pending_deletes.append(registered)
        return registered

    def op_lookup(self, index: int) -> bool:
        with self.record.lock:
            kept = [r for r in self.record.registrations if not r.doomed and r.subject in self.shared]
        if not kept:
            return False
        target = self.random.choice(kept)
        by_id = self.cluster.call(index % self.nodes, "GET", f"/schemas/ids/{target.schema_id}")
        if self._expect(by_id, 200) and schema_name(by_id.body) != target.name:
            self.record.violation(
                "lookup", f"id {target.schema_id} answered {schema_name(by_id.body)}, not {target.name}"
            )
        path = f"/subjects/{seg(target.subject)}/versions/{target.version}"
        by_version = self.cluster.call((index + 1) % self.nodes, "GET", path)
        if self._expect(by_version, 200) and by_version.body["id"] != target.schema_id:
            self.record.violation(
                "lookup", f"{path} answered id {by_version.body['id']}, registered {target.schema_id}"
            )
        return True

    def op_delete(self, index: int) -> bool:
        """Soft-delete a doomed version that is not its subject's newest (so its number is never reused);
        every other one also permanently, after both nodes have served its id (and cached it)."""
        victim = self._take_victim()
        if victim is None:
            return False
        node, other = index % self.nodes, (index + 1) % self.nodes
        path = f"/subjects/{seg(victim.subject)}/versions/{victim.version}"
        if not self._expect(self.cluster.call(node, "DELETE", path), 200):
            return False
        self.record.soft_deleted.append(victim)
        gone = self._within_bound(other, path, time.monotonic(), lambda call: call.status == 404)
        self._expect(gone, 404, what="stale-version")
        if index % 2:
            return True
        for n in range(self.nodes):
            self._expect(self.cluster.call(n, "GET", f"/schemas/ids/{victim.schema_id}"), 200)
        if not self._expect(self.cluster.call(other, "DELETE", path, params={"permanent": "true"}), 200):
            return False
        self.record.hard_deleted.append(victim)
        acknowledged = time.monotonic()
        for n in range(self.nodes):
            by_id = f"/schemas/ids/{victim.schema_id}"
            gone = (
                self.cluster.call(n, "GET", by_id)
                if n == other
                else self._within_bound(n, by_id, acknowledged, lambda call: call.status == 404)
            )
            self._expect(gone, 404, what="stale-id")
        return True

    def _take_victim(self) -> Registration | None:
        with self.record.lock:
            newest: dict[str, int] = {}
            for r in self.record.registrations:
                newest[r.subject] = max(newest.get(r.subject, 0), r.version)
            for r in self._pending_deletes:
                if r.version < newest[r.subject]:
                    self._pending_deletes.remove(r)
                    return r
        return None

    def op_config(self, index: int) -> bool:
        subject, level = f"cfg-{self.tag}-{index}", LEVELS[index % len(LEVELS)]
        put = self.cluster.call(index % self.nodes, "PUT", f"/config/{subject}", {"compatibility": level})
        if not self._expect(put, 200):
            return False
        seen = self.cluster.call((index + 1) % self.nodes, "GET", f"/config/{subject}")
        if self._expect(seen, 200) and seen.body.get("compatibilityLevel") != level:
            self.record.violation("config", f"config {subject}: wrote {level}, the other node read {seen.body}")
        return True

    def op_mode(self, index: int) -> bool:
        """READONLY on one node is enforced by the other at once; READWRITE back, and a registration passes."""
        subject, node, other = f"mode-{self.tag}-{index}", index % self.nodes, (index + 1) % self.nodes
        if not self._expect(self.cluster.call(node, "PUT", f"/mode/{subject}", {"mode": "READONLY"}), 200):
            return False
        seen = self.cluster.call(other, "GET", f"/mode/{subject}")
        if self._expect(seen, 200) and seen.body.get("mode") != "READONLY":
            self.record.violation("mode", f"mode {subject}: wrote READONLY, the other node read {seen.body}")
        refused = self.cluster.call(
            other, "POST", f"/subjects/{subject}/versions", {"schema": record_schema(f"M{self.tag}n{index}")}
        )
        if self._expect(refused, 422, what="mode") and refused.body["error_code"] != 42205:
            self.record.violation("mode", f"READONLY refusal with {refused.body}")
        self._expect(self.cluster.call(other, "PUT", f"/mode/{subject}", {"mode": "READWRITE"}), 200)
        return self.register(node, subject, f"M{self.tag}n{index}") is not None

    # -- helpers -------------------------------------------------------------------------------------------
    def _within_bound(self, node: int, path: str, acknowledged: float, current: Callable[[Call], bool]) -> Call:
        """GET `path` on `node`; if the answer is not `current` yet (the node may still hold its cached
        answer from before another node's write, acknowledged at `acknowledged`), asked again once the
        staleness bound has passed, and that answer is returned."""
        call = self.cluster.call(node, "GET", path)
        if current(call):
            return call
        time.sleep(max(0.0, acknowledged + self.bound - time.monotonic()))
        return self.cluster.call(node, "GET", path)

    def _expect(self, call: Call, status: int, *, what: str = "answer") -> bool:
        """True if `call` answered `status`; logs a violation of category `what` otherwise."""
        if call.status == status:
            return True
        self.record.violation(
            "unanswered" if call.status is None else what,
            f"{call.method} {call.path} on node {call.node} "
            f"-> {call.status} {str(call.body)[:300]} (expected {status})",
        )
        return False
