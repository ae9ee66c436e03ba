"""What the web UI's comparison pages show: two versions of a subject with the compatibility decision at every
level, a proposed schema's decision against the subject's level and its registered consumers, and the topics of
the contract map.

Every verdict is `schemata.compat.decide`'s (through the compatibility service for a proposal, exactly as
`POST /compatibility/subjects/{s}/versions` takes it): nothing here judges compatibility itself. The work of a
request is bounded as the API's is: each check runs on the engine's budget, and the map is read from the
catalogue's outline (names and contracts, no schema), kept and brought up to date after writes in the
background.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from schemata.compat import Decision, Level, OldVersion, ParsedSchema, Previous, Proposed, decide
from schemata.compat.errors import CheckLimitError
from schemata.registry.domain import SchemaKey, SchemaRecord, SchemaRequest, SubjectVersion
from schemata.registry.errors import InvalidSchema, SchemaNotFound, SubjectNotFound, VersionNotFound
from schemata.registry.service.catalog import CatalogService, TopicOutline
from schemata.registry.service.compatibility import CompatibilityResult, CompatibilityService
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.names import check_subject
from schemata.registry.storage import ReadTxn

log = logging.getLogger(__name__)

#: Versions the transitive levels are decided against without being asked: a longer history (each version a
#: check of its own) is decided when the page asks for `every_version`.
TRANSITIVE_AT_ONCE = 10
#: The levels the diff of two versions is judged at (NONE checks nothing).
COMPARED_LEVELS = (
    Level.BACKWARD, Level.FORWARD, Level.FULL, Level.BACKWARD_TRANSITIVE, Level.FORWARD_TRANSITIVE,
    Level.FULL_TRANSITIVE,
)


@dataclass(frozen=True, slots=True)
class ShownSchema:
    """A schema a page shows: a version of the subject (`version` None: a proposed schema)."""

    schema_type: str
    text: str
    version: int | None = None
    schema_id: int | None = None
    deleted: bool = False


@dataclass(frozen=True, slots=True)
class LevelDecision:
    """The decision at one level; when there is none, `stopped` says why (the check ran out of its budget), or
    `deferred` is the number of versions it waits to be asked to check."""

    level: Level
    decision: Decision | None
    stopped: str = ""
    deferred: int = 0


@dataclass(frozen=True)
class VersionComparison:
    """Version `new` of a subject as a proposal following version `old`, decided at every level: the plain
    levels against `old`, the transitive ones against `old` and every live version between the two."""

    subject: str
    old: ShownSchema
    new: ShownSchema
    versions: tuple[SubjectVersion, ...]
    level: Level
    decisions: tuple[LevelDecision, ...]


@dataclass(frozen=True)
class ProposalCheck:
    """A proposed schema decided as registration would take it (the subject's level, its consumers), with the
    latest live version it would follow (None: the subject has none)."""

    subject: str
    proposed: ShownSchema
    latest: ShownSchema | None
    level: Level
    result: CompatibilityResult


@dataclass(frozen=True)
class ContractMap:
    """The topics that have a producer or a consumer, and how many live topics have neither."""

    topics: tuple[TopicOutline, ...]
    without_contracts: int


class ComparisonService:
    def __init__(self, ctx: ServiceContext, compatibility: CompatibilityService, catalog: CatalogService) -> None:
        self.ctx = ctx
        self.compatibility = compatibility
        self.catalog = catalog
        #: The map and the generation it was read at; whether a thread is reading a newer one.
        self._map: tuple[int, ContractMap] | None = None
        self._map_lock = threading.Lock()
        self._refreshing = False

    # -- two versions -----------------------------------------------------------------------------------------
    def compare(
        self, subject: str, old: int | None, new: int | None, *, every_version: bool = False
    ) -> VersionComparison:
        """Versions `old` and `new` of `subject` (soft-deleted ones too) and the decision at every level on
        `new` following `old`; 40401 or 40402 when one is not there. `new` None: the latest live version;
        `old` None: the live version before `new` (else `new` itself). The transitive levels wait for
        `every_version` when they would check more than TRANSITIVE_AT_ONCE versions."""
        check_subject(subject)
        with self.ctx.storage.read() as txn:
            versions = txn.versions(subject)
            if not versions:
                raise SubjectNotFound(subject)
            by_number = {v.version: v for v in versions}
            live = [v.version for v in versions if not v.deleted] or [versions[-1].version]
            new = live[-1] if new is None else new
            old = max((n for n in live if n < new), default=new) if old is None else old
            for number in (old, new):
                if number not in by_number:
                    raise VersionNotFound(number)
            between = [v for v in versions if v.version == old or (not v.deleted and old < v.version < new)]
            deferred = len(between) if len(between) > TRANSITIVE_AT_ONCE and not every_version else 0
            records = _records(txn, [by_number[old], by_number[new]] if deferred else [*between, by_number[new]])

            def parsed(version: SubjectVersion) -> ParsedSchema:
                return self.ctx.parser.parsed(txn, records[version.schema_key])

            proposed = Proposed(parsed(by_number[new]), "")
            pair = [Previous(OldVersion.numbered(old), None, parsed(by_number[old]))]
            every = [Previous(OldVersion.numbered(v.version), None, partial(parsed, v)) for v in between]
            config = self.ctx.effective_config(txn, subject)
            decisions = tuple(
                LevelDecision(level, None, deferred=deferred) if deferred and level.rule.transitive else
                _decided(level, partial(decide, proposed, every if level.rule.transitive else pair, level=level,
                                        policy=config.policy, deduplicate=False))
                for level in COMPARED_LEVELS
            )
        return VersionComparison(
            subject, _shown(by_number[old], records), _shown(by_number[new], records), tuple(versions),
            config.level, decisions,
        )

    # -- a proposed schema ------------------------------------------------------------------------------------
    def check(self, subject: str, request: SchemaRequest) -> ProposalCheck:
        """`request` decided as `POST /compatibility/subjects/{subject}/versions` decides it (the subject's level
        and policy, the contract parts it inherits, its registered consumers), beside the latest live version.
        Bad input raises the API's error (42201 for an invalid schema, or a check that ran out of budget)."""
        latest, level = self.latest(subject)
        try:
            result = self.compatibility.check(subject, None, request, normalize=False, verbose=False)
        except CheckLimitError as error:
            raise InvalidSchema(str(error)) from None
        proposed = ShownSchema(request.schema_type, request.schema)
        return ProposalCheck(subject, proposed, latest, level, result)

    def latest(self, subject: str) -> tuple[ShownSchema | None, Level]:
        """The latest live version of `subject` (None: it has none) and the subject's level."""
        check_subject(subject)
        with self.ctx.storage.read() as txn:
            live = [v for v in txn.versions(subject) if not v.deleted]
            latest = _shown(live[-1], _records(txn, live[-1:])) if live else None
            return latest, self.ctx.effective_config(txn, subject).level

    # -- the contract map -------------------------------------------------------------------------------------
    def contract_map(self) -> tuple[ContractMap, bool]:
        """The catalogue's topics that have contracts, and whether that is the map of the database as it is now.

        The map is read from the catalogue's outline once per database generation (any write on any node moves
        it). The first request reads it; after a write, the map kept is answered (not current) while one
        background thread reads the new one, so that no page waits for a read of the whole catalogue and the
        next request has it.
        """
        generation = self.ctx.storage.counters().generation  # before the read: a write in between is seen next
        with self._map_lock:
            kept = self._map
            if kept is not None and kept[0] == generation:
                return kept[1], True
            if kept is not None:
                if not self._refreshing:
                    self._refreshing = True
                    threading.Thread(target=self._refresh, args=(generation,), name="ui-map", daemon=True).start()
                return kept[1], False
        return self._read_map(generation), True

    def _refresh(self, generation: int) -> None:
        try:
            self._read_map(generation)
        except Exception:  # the next request tries again, and a request that must read the map says why
            log.exception("the contract map could not be read")
        finally:
            with self._map_lock:
                self._refreshing = False

    def _read_map(self, generation: int) -> ContractMap:
        outline = self.catalog.outline()
        with_contracts = tuple(t for t in outline if t.producers or t.consumers)
        built = ContractMap(with_contracts, len(outline) - len(with_contracts))
        with self._map_lock:
            if self._map is None or self._map[0] <= generation:
                self._map = (generation, built)
        return built


def _records(txn: ReadTxn, versions: list[SubjectVersion]) -> dict[SchemaKey, SchemaRecord]:
    records = txn.schemas(list({v.schema_key for v in versions}))
    for version in versions:
        if version.schema_key not in records:
            raise SchemaNotFound(version.schema_id)
    return records


def _shown(version: SubjectVersion, records: dict[SchemaKey, SchemaRecord]) -> ShownSchema:
    record = records[version.schema_key]
    return ShownSchema(record.schema_type, record.text, version.version, record.id, version.deleted)


def _decided(level: Level, run: Callable[[], Decision]) -> LevelDecision:
    try:
        return LevelDecision(level, run())
    except CheckLimitError as error:
        return LevelDecision(level, None, str(error))

