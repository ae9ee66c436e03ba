"""Soft and permanent deletion of versions and subjects, with Confluent's preconditions."""

from __future__ import annotations

from schemata.registry.domain import SubjectVersion
from schemata.registry.errors import (
    ContextNotEmpty,
    InvalidRequest,
    OperationNotPermitted,
    ReferenceExists,
    SubjectNotFound,
    SubjectNotSoftDeleted,
    SubjectSoftDeleted,
    VersionNotSoftDeleted,
    VersionSoftDeleted,
)
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.names import DEFAULT_CONTEXT, LATEST, context_of, could_begin_a_subject
from schemata.registry.storage import WriteTxn


class DeletionService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def delete_subject(self, subject: str, *, permanent: bool) -> list[int]:
        """Soft: mark every live version deleted. Permanent: after a soft delete, remove the versions, the
        schemas no longer used anywhere, and the subject's config and mode. Returns the versions affected."""
        with self.ctx.storage.write() as txn:
            self.ctx.require_writable(txn, subject)
            versions = txn.versions(subject)
            if not versions:
                raise SubjectNotFound(subject)
            live = [v for v in versions if not v.deleted]
            if permanent:
                if live:
                    raise SubjectNotSoftDeleted(subject)
                refuse_if_referenced(txn, versions, live_only=False, whole_subject=True)
                self.ctx.remove_versions(txn, subject, versions)
                txn.delete_config(subject)
                txn.delete_mode(subject)
                return [v.version for v in versions]
            if not live:
                raise SubjectSoftDeleted(subject)
            refuse_if_referenced(txn, live, live_only=True, whole_subject=True)
            txn.mark_deleted(subject, [v.version for v in live])
            return [v.version for v in live]

    def delete_context(self, context: str) -> None:
        """DELETE /contexts/{context}, as Confluent (8.0.1 on) deletes one: only an empty context, none of
        whose subjects is left even soft-deleted (42211); the default context never (42205). A context is
        the contexts of its subjects here, so deleting an empty one (or one never used) changes nothing."""
        if context == DEFAULT_CONTEXT:
            raise OperationNotPermitted("The default context '.' cannot be deleted.")
        if context_of(f":{context}:") != context or not could_begin_a_subject(context):
            raise InvalidRequest(f"'{context[:64]}' is not a context name: one starts with '.' and has no ':'.")
        with self.ctx.storage.write() as txn:
            if txn.subjects(prefix=f":{context}:", deleted=True, limit=1):
                raise ContextNotEmpty(context)

    def delete_version(self, subject: str, version: int | str, *, permanent: bool) -> int:
        """Soft-delete one version, or remove a soft-deleted one for good. Returns its number."""
        with self.ctx.storage.write() as txn:
            self.ctx.require_writable(txn, subject)
            # A numeric version is found even when soft-deleted, so a second soft delete says so (40406).
            found = self.ctx.find_version(txn, subject, version, deleted=permanent or version != LATEST)
            if permanent:
                if not found.deleted:
                    raise VersionNotSoftDeleted(subject, found.version)
                refuse_if_referenced(txn, [found], live_only=False)
                self.ctx.remove_versions(txn, subject, [found])
            else:
                if found.deleted:
                    raise VersionSoftDeleted(subject, found.version)
                refuse_if_referenced(txn, [found], live_only=True)
                txn.mark_deleted(subject, [found.version])
            return found.version


def refuse_if_referenced(
    txn: WriteTxn, versions: list[SubjectVersion], *, live_only: bool, whole_subject: bool = False
) -> None:
    """42206 while another schema refers to one of `versions` (a soft delete only minds live referrers;
    deleting a `whole_subject` does not mind its own versions referring to each other), naming the version
    as Confluent's key does."""
    for version in versions:
        referrers = [
            r
            for r in txn.referrers(version.subject, version.version)
            if not (live_only and r.deleted) and not (whole_subject and r.subject == version.subject)
        ]
        if referrers:
            raise ReferenceExists(f"{{magic=1,keytype=SCHEMA,subject={version.subject},version={version.version}}}")
