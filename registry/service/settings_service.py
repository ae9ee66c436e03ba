"""Compatibility config and modes, global and per subject.

Confluent answers GET with `compatibilityLevel` but takes (and echoes) PUT with `compatibility`; clients
depend on both spellings, so the routers keep them apart and this service deals in `ConfigRecord`s.
"""

from __future__ import annotations

from schemata.compat import Level, UnknownPolicyError, validate_policy
from schemata.registry.domain import GLOBAL_KEY, ConfigRecord, Mode
from schemata.registry.errors import (
    InvalidCompatibilityLevel,
    InvalidMode,
    OperationNotPermitted,
    SubjectConfigNotFound,
    SubjectModeNotFound,
    SubjectNotFound,
)
from schemata.registry.service.context import ServiceContext


def parse_level(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidCompatibilityLevel()
    try:
        return Level.parse(text).value
    except ValueError:
        raise InvalidCompatibilityLevel() from None


def parse_policy(text: object) -> str:
    if not isinstance(text, str):
        raise InvalidCompatibilityLevel(f"Invalid compatibilityPolicy {text!r}")
    try:
        return validate_policy(text)
    except UnknownPolicyError as error:
        raise InvalidCompatibilityLevel(str(error)) from None


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
            if subject is not None:
                own = txn.config(subject)
                if own is not None:
                    return own
                if not default_to_global:
                    raise SubjectConfigNotFound(subject)
            stored = txn.config(GLOBAL_KEY) or ConfigRecord()
            level = stored.compatibility or self.ctx.settings.default_compatibility
            return ConfigRecord(level, stored.policy, stored.normalize)

    def set_config(self, subject: str | None, update: ConfigRecord) -> ConfigRecord:
        """Merge `update` into the stored config (fields left None keep their value); returns the update."""
        key = subject or GLOBAL_KEY
        with self.ctx.storage.write() as txn:
            current = txn.config(key) or ConfigRecord()
            merged = ConfigRecord(
                update.compatibility or current.compatibility,
                update.policy or current.policy,
                update.normalize if update.normalize is not None else current.normalize,
            )
            txn.set_config(key, merged)
        return update

    def delete_config(self, subject: str | None) -> ConfigRecord:
        """Remove the subject's (or the global) config; returns what it was."""
        with self.ctx.storage.write() as txn:
            if subject is None:
                previous = txn.config(GLOBAL_KEY) or ConfigRecord()
                txn.delete_config(GLOBAL_KEY)
                return ConfigRecord(
                    previous.compatibility or self.ctx.settings.default_compatibility,
                    previous.policy,
                    previous.normalize,
                )
            own = txn.config(subject)
            if own is None:
                raise SubjectNotFound(subject)
            txn.delete_config(subject)
            return own

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
