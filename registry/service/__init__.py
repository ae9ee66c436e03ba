"""The registry's behaviour, callable without HTTP: routers parse, call these, and shape the answer."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Protocol

from schemata.registry.service.audit import AuditService
from schemata.registry.service.cached_reads import CachedReads
from schemata.registry.service.catalog import CatalogService
from schemata.registry.service.compatibility import CompatibilityResult, CompatibilityService
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.deletion import DeletionService
from schemata.registry.service.event_contracts import ContractService
from schemata.registry.service.lint_policy import LintPolicyService
from schemata.registry.service.parsing import SchemaParser
from schemata.registry.service.queries import QueryService, SchemaById
from schemata.registry.service.registration import Registered, RegistrationService
from schemata.registry.service.settings_service import SettingsService
from schemata.registry.service.tags import TagService
from schemata.registry.settings import Settings
from schemata.registry.storage import Storage, wait_budget

__all__ = ["CompatibilityResult", "Registered", "Registry", "SchemaById"]

#: How many caches share `Settings.cache_max_bytes` equally: the two of CachedReads, the parser's two (schemas
#: as stored and normalized), the readers', the subjects' aliases (registry/api/aliases.py), and the access
#: check's three (with authentication on: routes, granted requests, subjects of each schema).
CACHE_SHARES = 9


class ByteSized(Protocol):
    """A cache that counts the bytes it holds."""

    @property
    def bytes(self) -> int: ...


@dataclass
class Registry:
    """The services of one registry node, sharing one storage and one parsed-schema cache."""

    ctx: ServiceContext
    registration: RegistrationService
    compatibility: CompatibilityService
    deletion: DeletionService
    settings: SettingsService
    queries: QueryService
    reads: CachedReads
    contracts: ContractService
    catalog: CatalogService
    lint: LintPolicyService
    audit: AuditService
    tags: TagService
    #: Caches kept outside the services (the access check's), by name: reported with theirs.
    other_caches: dict[str, ByteSized] = field(default_factory=dict)

    @classmethod
    def open(cls, settings: Settings) -> Registry:
        storage = Storage(settings.database_url, timeout=settings.db_timeout_seconds)
        share = settings.cache_max_bytes // CACHE_SHARES
        parser = SchemaParser(
            max_schema_bytes=settings.max_schema_bytes, cache_bytes=share, normalized_cache_bytes=share
        )
        ctx = ServiceContext(storage, parser, settings)
        contracts = ContractService(ctx, reader_cache_bytes=share)
        compatibility = CompatibilityService(ctx, contracts)
        lint = LintPolicyService(ctx)
        registration = RegistrationService(ctx, compatibility, lint)
        return cls(
            ctx=ctx,
            registration=registration,
            compatibility=compatibility,
            deletion=DeletionService(ctx),
            settings=SettingsService(ctx),
            queries=QueryService(ctx),
            reads=CachedReads(storage, max_bytes=share),
            contracts=contracts,
            catalog=CatalogService(ctx),
            lint=lint,
            audit=AuditService(storage),
            tags=TagService(ctx, registration),
        )

    def cache_bytes(self) -> dict[str, int]:
        """The bytes each of the node's read caches holds now, by name."""
        return {
            **self.reads.cache_bytes(),
            "parsed_schemas": self.ctx.parser.cache.bytes,
            "normalized_schemas": self.ctx.parser.normalized_cache.bytes,
            "consumer_readers": self.contracts.reader_cache_bytes,
            **{name: cache.bytes for name, cache in self.other_caches.items()},
        }

    def database_wait_budget(self) -> AbstractContextManager[None]:
        """Around a request: its failed waits for the database add up to at most the database timeout."""
        return wait_budget(self.ctx.settings.db_timeout_seconds)

    def check_database(self) -> None:
        """Reads the change counters: StoreError or StoreTimeout when the database does not answer."""
        self.ctx.storage.counters()

    def close(self) -> None:
        self.reads.close()
        self.ctx.storage.dispose()
