"""Schema tags: a new version of a subject with tags added to or removed from the records and fields of a
version's schema (POST /subjects/{s}/versions/{v}/tags), and registration with tags (`schemaTagsToAdd`).

The schema is rewritten by its format (`ParsedSchema.retagged`); the new version is then registered like
any other (mode, compatibility, contracts, lint, audit), as Confluent's registry does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from schemata.compat import ParsedSchema
from schemata.compat.tags import SchemaEntity, TagChanges, TagPathError, TagsNotSupportedError
from schemata.compat.versions import LATEST
from schemata.registry.domain import SchemaRequest, context_of
from schemata.registry.errors import InvalidRuleSet, InvalidSchema, VersionNotFound
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.contracts import (
    RULE_LISTS,
    canonical_json,
    loaded_json,
    merge_rule_sets,
    with_confluent_version,
)
from schemata.registry.service.registration import Registered, RegistrationService
from schemata.registry.storage import ReadTxn


@dataclass(frozen=True)
class TagRequest:
    """Confluent's TagSchemaRequest: the tag changes, and the new version's contract parts. `metadata` and
    `rule_set` (canonical JSON) replace the tagged version's; `rules_to_merge` and `rules_to_remove` edit
    the rule set of the version before the new one instead."""

    changes: TagChanges
    new_version: int | None = None
    metadata: str | None = None
    rule_set: str | None = None
    rules_to_merge: str | None = None
    rules_to_remove: tuple[str, ...] | None = None


@dataclass(frozen=True)
class RegistrationTags:
    """A registration's `schemaTagsToAdd`/`schemaTagsToRemove`, and `propagateSchemaTags`: the latest live
    version's tags carried over to the new schema, after the changes."""

    changes: TagChanges
    propagate: bool = False

    def __bool__(self) -> bool:
        return self.propagate or bool(self.changes.entities())


class TagService:
    def __init__(self, ctx: ServiceContext, registration: RegistrationService) -> None:
        self.ctx = ctx
        self.registration = registration

    def tag_version(self, subject: str, version: int | str, request: TagRequest) -> Registered:
        """Register, as the next version of `subject` (or `request.new_version`: outside IMPORT the next), the
        schema of live version `version` with the tag changes made: its references, the given metadata (else
        the version's) with a `confluent:version` property (which registration makes the new number), and the
        given rule set (else the latest's, as any registration inherits it)."""
        if request.rule_set is not None and (request.rules_to_merge is not None or request.rules_to_remove is not None):
            raise InvalidRuleSet("ruleSet should be omitted if specifying rulesToMerge or rulesToRemove")
        with self.ctx.storage.read() as txn:
            found = self.ctx.find_version(txn, subject, version)
            record = self.ctx.schema_record(txn, found)
            parsed = self.ctx.parser.parsed(txn, record)
            # Registration makes confluent:version the new number; IMPORT mode keeps what it is given.
            number = request.new_version or txn.versions(subject)[-1].version + 1
            rule_set = request.rule_set
            if request.rules_to_merge is not None or request.rules_to_remove is not None:
                base = self._rule_set_before(txn, subject, request.new_version)
                rule_set = _edited_rule_set(base, request.rules_to_merge, request.rules_to_remove)
        schema = SchemaRequest(
            schema=_retagged(parsed, request.changes),
            schema_type=record.schema_type,
            references=tuple((ref.name, ref.subject, ref.version) for ref in record.references),
            version=request.new_version,
            metadata=with_confluent_version(record.metadata if request.metadata is None else request.metadata, number),
            rule_set=rule_set,
        )
        return self.registration.register(subject, schema, normalize=False)

    def _rule_set_before(self, txn: ReadTxn, subject: str, new_version: int | None) -> str | None:
        """The rule set of the version before `new_version` (the latest live one when None); None if none."""
        try:
            before = self.ctx.find_version(txn, subject, LATEST if new_version is None else new_version - 1)
        except VersionNotFound:
            return None
        return self.ctx.schema_record(txn, before).rule_set

    def register_tagged(
        self, subject: str, request: SchemaRequest, tags: RegistrationTags, *, normalize: bool, force: bool = False
    ) -> Registered:
        """Register `request` with its schema's tags changed first (see `RegistrationTags`)."""
        changes = tags.changes
        with self.ctx.storage.read() as txn:
            parsed, _ = self.ctx.parser.parse_new(
                txn, request.schema, request.schema_type, request.references, normalize=False,
                context=context_of(subject),
            )
            live = [v for v in txn.versions(subject) if not v.deleted] if tags.propagate else []
            if live:
                latest = self.ctx.parser.parsed(txn, self.ctx.schema_record(txn, live[-1]))
                changes = changes.with_propagated(_tagged_entities(latest))
        tagged = replace(request, schema=_retagged(parsed, changes))
        return self.registration.register(subject, tagged, normalize=normalize, force=force)


def _retagged(parsed: ParsedSchema, changes: TagChanges) -> str:
    try:
        return parsed.retagged(changes)
    except (TagPathError, TagsNotSupportedError) as error:
        raise InvalidSchema(str(error)) from None


def _tagged_entities(parsed: ParsedSchema) -> dict[SchemaEntity, tuple[str, ...]]:
    try:
        return parsed.tagged_entities()
    except (TagPathError, TagsNotSupportedError) as error:
        raise InvalidSchema(f"The tags of the latest version cannot be propagated: {error}") from None


def _edited_rule_set(base: str | None, merge: str | None, remove: tuple[str, ...] | None) -> str | None:
    """`base` with the rules of `merge` merged in (as Confluent merges rule sets), then those named in
    `remove` taken out of every list."""
    rule_set = merge_rule_sets(loaded_json(base), loaded_json(merge))
    if rule_set is not None and remove:
        gone = set(remove)
        rule_set = {
            group: [rule for rule in rules if rule.get("name") not in gone] if group in RULE_LISTS else rules
            for group, rules in rule_set.items()
        }
    return canonical_json(rule_set)
