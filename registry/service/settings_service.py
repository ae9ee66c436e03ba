"""Config and modes, global and per subject. The routers turn JSON into `ConfigRecord` changes and back
(see config_fields); this service stores them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from schemata.registry.domain import GLOBAL_KEY, ConfigRecord, Mode
from schemata.registry.errors import (
    InvalidMode,
    OperationNotPermitted,
    SubjectConfigNotFound,
    SubjectModeNotFound,
    SubjectNotFound,
)
from schemata.registry.service.context import ServiceContext, merged_config


def parse_mode(text: object) -> Mode:
    try:
        return Mode(str(text).upper())
    except ValueError:
        raise InvalidMode() from None


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- config ---------------------------------------------------------------------------------------
    def get_config(self, subject: str | None, *, default_to_global: bool = False) -> ConfigRecord:
        with self.ctx.storage.read() as txn:
            glob = txn.config(GLOBAL_KEY)
            if subject is None:
                return self._with_default_level(glob or ConfigRecord())
            own = txn.config(subject)
            if default_to_global:
                return self._with_default_level(merged_config(own, glob))
            if own is None:
                raise SubjectConfigNotFound(subject)
            return own

    def set_config(self, subject: str | None, changes: dict[str, Any]) -> None:
        """Apply `changes` (`ConfigRecord` attribute -> value, None clearing it) to the stored config; the
        fields not named keep their value."""
        key = subject or GLOBAL_KEY
        with self.ctx.storage.write() as txn:
            txn.set_config(key, replace(txn.config(key) or ConfigRecord(), **changes))

    def delete_config(self, subject: str | None) -> ConfigRecord:
        """Remove the subject's (or the global) config; returns what it was."""
        with self.ctx.storage.write() as txn:
            if subject is None:
                previous = txn.config(GLOBAL_KEY) or ConfigRecord()
                txn.delete_config(GLOBAL_KEY)
                return self._with_default_level(previous)
            previous = txn.config(subject)
            if previous is None:
                raise SubjectNotFound(subject)
            txn.delete_config(subject)
            return previous

    def resolve_alias(self, subject: str) -> str:
        """The subject that `subject` stands for: its config's `alias`, else itself (one step, as Confluent)."""
        with self.ctx.storage.read() as txn:
            own = txn.config(subject)
        return own.alias if own is not None and own.alias else subject

    def _with_default_level(self, config: ConfigRecord) -> ConfigRecord:
        return replace(config, compatibility=config.compatibility or self.ctx.settings.default_compatibility)

    # -- mode -----------------------------------------------------------------------------------------
    def get_mode(self, subject: str | None, *, default_to_global: bool = False) -> Mode:
        with self.ctx.storage.read() as txn:
            if subject is not None:
                own = txn.mode(subject)
                if own is not None:
                    return Mode(own)
                if not default_to_global:
                    raise SubjectModeNotFound(subject)
            stored = txn.mode(GLOBAL_KEY)
            return Mode(stored) if stored else Mode.READWRITE

    def set_mode(self, subject: str | None, mode: Mode, *, force: bool) -> Mode:
        """Set a mode. Entering IMPORT over live schemas needs `force`: imports bring their own ids."""
        with self.ctx.storage.write() as txn:
            if mode is Mode.IMPORT and not force:
                if subject is None:
                    has_live = txn.has_live_subject()
                else:
                    has_live = any(not v.deleted for v in txn.versions(subject))
                if has_live:
                    raise OperationNotPermitted(
                        "Cannot import since found existing subjects; set force=true to switch to IMPORT anyway"
                    )
            txn.set_mode(subject or GLOBAL_KEY, mode.value)
        return mode

    def delete_mode(self, subject: str | None) -> Mode:
        with self.ctx.storage.write() as txn:
            key = subject or GLOBAL_KEY
            previous = txn.mode(key)
            if previous is None and subject is not None:
                raise SubjectModeNotFound(subject)
            txn.delete_mode(key)
            return Mode(previous) if previous else Mode.READWRITE
