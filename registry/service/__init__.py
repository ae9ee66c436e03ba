"""The registry's behaviour, callable without HTTP: routers parse, call these, and shape the answer."""

from __future__ import annotations

from dataclasses import dataclass

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
from schemata.registry.settings import Settings
from schemata.registry.storage import Storage

__all__ = ["CompatibilityResult", "Registered", "Registry", "SchemaById"]


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

    @classmethod
    def open(cls, settings: Settings) -> Registry:
        storage = Storage(settings.database_url, timeout=settings.db_timeout_seconds)
        ctx = ServiceContext(storage, SchemaParser(max_schema_bytes=settings.max_schema_bytes), settings)
        contracts = ContractService(ctx)
        compatibility = CompatibilityService(ctx, contracts)
        lint = LintPolicyService(ctx)
        return cls(
            ctx=ctx,
            registration=RegistrationService(ctx, compatibility, lint),
            compatibility=compatibility,
            deletion=DeletionService(ctx),
            settings=SettingsService(ctx),
            queries=QueryService(ctx),
            reads=CachedReads(storage),
            contracts=contracts,
            catalog=CatalogService(ctx),
            lint=lint,
            audit=AuditService(storage),
        )

    def check_database(self) -> None:
        """Reads the change counters: StoreError or StoreTimeout when the database does not answer."""
        self.ctx.storage.counters()

    def close(self) -> None:
        self.reads.close()
        self.ctx.storage.dispose()
