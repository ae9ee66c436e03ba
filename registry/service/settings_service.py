"""Config and modes, global and per subject. The routers turn JSON into `ConfigRecord` changes and back
(see config_fields); this service stores them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from schemata.registry.domain import (
    DEFAULT_CONTEXT_PREFIX,
    GLOBAL_KEY,
    ConfigRecord,
    Mode,
    context_of,
    in_context,
)
from schemata.registry.errors import (
    InvalidMode,
    OperationNotPermitted,
    SubjectConfigNotFound,
    SubjectModeNotFound,
    SubjectNotFound,
)
from schemata.registry.service.context import ServiceContext, merged_config, scope_keys


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
        """The subject's own config (40408 if none), or with `default_to_global` (and for the registry) each
        field from the nearest scope that sets it (see `scope_keys`)."""
        with self.ctx.storage.read() as txn:
            keys = scope_keys(subject)
            stored = txn.configs(keys)
            if subject is not None and not default_to_global:
                if subject not in stored:
                    raise SubjectConfigNotFound(subject)
                return stored[subject]
            return self._with_default_level(merged_config(*(stored.get(key) for key in keys)))

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
                stored = txn.config(GLOBAL_KEY) or ConfigRecord()
                txn.delete_config(GLOBAL_KEY)
                return self._with_default_level(stored)
            own = txn.config(subject)
            if own is None:
                raise SubjectNotFound(subject)
            txn.delete_config(subject)
            return own

    def resolve_alias(self, subject: str) -> str:
        """The subject that `subject` stands for: its config's `alias`, else itself (one step, as Confluent).
        An alias names a subject of the aliased subject's own context unless it is qualified (Confluent's
        AliasFilter qualifies it with the subject as parent): `s` set on `:.ctx:a` is `:.ctx:s`, `:.:s` is `s`."""
        with self.ctx.storage.read() as txn:
            own = txn.config(subject)
        if own is None or not own.alias:
            return subject
        if own.alias.startswith(DEFAULT_CONTEXT_PREFIX):
            return own.alias.removeprefix(DEFAULT_CONTEXT_PREFIX)
        return in_context(own.alias, context_of(subject))

    def scopes(self) -> dict[str, list[str]]:
        """The subjects and contexts that hold a config, mode, lint policy or contract enforcement of their own
        (by kind): what a backup must read besides the subjects that have versions."""
        with self.ctx.storage.read() as txn:
            return txn.setting_scopes()

    def _with_default_level(self, config: ConfigRecord) -> ConfigRecord:
        return replace(config, compatibility=config.compatibility or self.ctx.settings.default_compatibility)

    # -- mode -----------------------------------------------------------------------------------------
    def get_mode(self, subject: str | None, *, default_to_global: bool = False) -> Mode:
        """The subject's own mode (40409 if none), or with `default_to_global` (and for the registry) the
        nearest one set (see `scope_keys`)."""
        with self.ctx.storage.read() as txn:
            keys = scope_keys(subject)
            stored = txn.modes(keys)
            if subject is not None and not default_to_global and subject not in stored:
                raise SubjectModeNotFound(subject)
            nearest = next((stored[key] for key in keys if key in stored), None)
            return Mode(nearest) if nearest else Mode.READWRITE

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
