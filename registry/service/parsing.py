"""Parsing posted and stored schemas with their references, and the cache of parsed stored schemas."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from schemata.compat import (
    CompatError,
    Dependency,
    ParsedSchema,
    SchemaParseError,
    parse_schema,
    schema_types,
    with_reserved_names,
)
from schemata.compat.lru import LruCache
from schemata.registry.domain import Reference, SchemaKey, SchemaRecord, in_context
from schemata.registry.errors import InvalidSchema, SchemaTooLarge
from schemata.registry.service.names import LATEST
from schemata.registry.storage import ReadTxn

log = logging.getLogger(__name__)

#: How many characters of an invalid schema an error message quotes.
QUOTE_LIMIT = 200
#: How deep references may nest (a schema referring to one that refers to another...).
MAX_REFERENCE_DEPTH = 100


def normalized_references(references: Sequence[Reference]) -> tuple[Reference, ...]:
    """References as Confluent's normalization lists them: by subject, then version (a stable sort, so
    references to the same version keep their order), each listed once."""
    ordered = sorted(references, key=lambda ref: (ref.subject, ref.version))
    return tuple(dict.fromkeys(ordered))


class SchemaParser:
    """Turns schema texts plus references into `ParsedSchema`s, with errors in Confluent's terms."""

    def __init__(
        self,
        *,
        max_schema_bytes: int,
        cache_size: int = 20_000,
        cache_bytes: int = 16 * 2**20,
        normalized_cache_bytes: int = 16 * 2**20,
    ) -> None:
        self.max_schema_bytes = max_schema_bytes
        #: Parsed stored schemas by key, with the record they were parsed from: rows are immutable, but a key
        #: deleted for good may be taken again by another schema, so a hit must match the record.
        #: At most `cache_bytes` of schema text.
        self.cache: LruCache[SchemaKey, tuple[SchemaRecord, ParsedSchema]] = LruCache(
            cache_size, max_bytes=cache_bytes, size=_parsed_size
        )
        #: The same for their normalized forms (every lookup not found as posted, and every registration that
        #: normalizes, compares the stored versions normalized). At most `normalized_cache_bytes`.
        self.normalized_cache: LruCache[SchemaKey, tuple[SchemaRecord, ParsedSchema]] = LruCache(
            cache_size, max_bytes=normalized_cache_bytes, size=_parsed_size
        )

    def parse_new(
        self,
        txn: ReadTxn,
        text: str,
        schema_type: str,
        references: Sequence[tuple[str, str, int | str]],
        *,
        normalize: bool,
        context: str,
    ) -> tuple[ParsedSchema, tuple[Reference, ...]]:
        """Parse a posted schema for a subject of `context`: resolve its references (`latest` to a number;
        subjects within `context`, see `domain.in_context`), then parse with them; normalizing also puts the
        references in Confluent's order (`normalized_references`)."""
        if schema_type not in schema_types():
            raise InvalidSchema(f"Invalid schema type {schema_type}")
        if not text.strip():
            raise InvalidSchema("Empty schema")
        try:
            size = len(text.encode())
        except UnicodeEncodeError:
            raise InvalidSchema(
                "Invalid schema: the text holds a lone UTF-16 surrogate (an invalid \\u escape)"
            ) from None
        if size > self.max_schema_bytes:
            raise SchemaTooLarge(size, self.max_schema_bytes)
        resolved = tuple(
            self._resolve_reference(txn, name, subject, version, context) for name, subject, version in references
        )
        dependencies = self.dependencies(txn, resolved, context)
        try:
            parsed = parse_schema(schema_type, text, dependencies, normalize=normalize)
            parsed.canonical.encode()
        except CompatError as error:
            raise InvalidSchema(self._describe(text, resolved, schema_type, error)) from error
        except UnicodeEncodeError as error:
            reason = SchemaParseError(f"the schema holds a lone UTF-16 surrogate ({error.reason})")
            raise InvalidSchema(self._describe(text, resolved, schema_type, reason)) from error
        except Exception as error:
            # A parser should only raise SchemaParseError; anything else (a library's bug on odd input, say)
            # is still about this input, so the client gets a 42201, not a 500 (the log keeps the trace).
            log.exception("parser for %s raised %s", schema_type, type(error).__name__)
            reason = SchemaParseError(f"{type(error).__name__}: {error}")
            raise InvalidSchema(self._describe(text, resolved, schema_type, reason)) from error
        return parsed, normalized_references(resolved) if normalize else resolved

    def parsed(self, txn: ReadTxn, record: SchemaRecord) -> ParsedSchema:
        """The parsed form of a stored schema with the names its metadata reserves, from the cache when it is there."""
        cached = self.cache.get(record.key)
        if cached is not None and cached[0] == record:
            return cached[1]
        dependencies = self.dependencies(txn, record.references, record.context)
        parsed = with_reserved_names(parse_schema(record.schema_type, record.text, dependencies), record.metadata)
        self.cache.put(record.key, (record, parsed))
        return parsed

    def normalized(self, txn: ReadTxn, record: SchemaRecord) -> ParsedSchema:
        """A stored schema parsed in its normalized form, from `normalized_cache` when it is there."""
        cached = self.normalized_cache.get(record.key)
        if cached is not None and cached[0] == record:
            return cached[1]
        dependencies = self.dependencies(txn, record.references, record.context)
        parsed = parse_schema(record.schema_type, record.text, dependencies, normalize=True)
        self.normalized_cache.put(record.key, (record, parsed))
        return parsed

    def dependencies(self, txn: ReadTxn, references: Sequence[Reference], context: str) -> list[Dependency]:
        """The referenced schemas, transitively, depth first (each one's own dependencies before it), each
        under its reference's name; the references of a schema of `context` name subjects within it (see
        `domain.in_context`), those of a referenced schema within its own. Walked with a stack, not recursion:
        a chain deeper than MAX_REFERENCE_DEPTH is a 42201. Each subject version is read and descended into
        once (one being read when met again, in a cycle, is not descended into)."""
        into: dict[str, Dependency] = {}
        resolved: dict[tuple[str, int], SchemaRecord] = {}
        #: Frames: the references still to visit, and the reference (with its record) they belong to.
        stack: list[tuple[Iterator[Reference], tuple[Reference, SchemaRecord] | None]] = [(iter(references), None)]
        while stack:
            pending, owner = stack[-1]
            ref = next(pending, None)
            if ref is None:
                stack.pop()
                if owner is not None:
                    into.setdefault(owner[0].name, Dependency(owner[0].name, owner[1].schema_type, owner[1].text))
                continue
            if ref.name in into:
                continue
            subject = in_context(ref.subject, owner[1].context if owner is not None else context)
            record = resolved.get((subject, ref.version))
            if record is not None:
                into.setdefault(ref.name, Dependency(ref.name, record.schema_type, record.text))
                continue
            if len(stack) > MAX_REFERENCE_DEPTH:
                raise InvalidSchema(
                    f"Invalid reference {ref.name}: references nest more than {MAX_REFERENCE_DEPTH} deep, the limit"
                )
            version = txn.subject_version(subject, ref.version)
            record = txn.schema(version.schema_key) if version else None
            if record is None:
                raise InvalidSchema(
                    f"Invalid reference {ref.name}: subject '{subject}' version {ref.version} not found"
                )
            resolved[(subject, ref.version)] = record
            stack.append((iter(record.references), (ref, record)))
        return list(into.values())

    def _resolve_reference(self, txn: ReadTxn, name: str, subject: str, version: int | str, context: str) -> Reference:
        """A posted reference with its version resolved; the subject stays as given (answers show it so)."""
        target = in_context(subject, context)
        if version == LATEST:
            live = [v for v in txn.versions(target) if not v.deleted]
            if not live:
                raise InvalidSchema(f"Invalid reference {name}: subject '{target}' has no live version")
            return Reference(name, subject, live[-1].version)
        assert isinstance(version, int)
        if txn.subject_version(target, version) is None:
            raise InvalidSchema(f"Invalid reference {name}: subject '{target}' version {version} not found")
        return Reference(name, subject, version)

    @staticmethod
    def _describe(text: str, refs: Sequence[Reference], schema_type: str, error: CompatError) -> str:
        quoted = text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "..."
        detail = str(error)
        if isinstance(error, SchemaParseError):
            detail = error.reason + (f" (at {error.location})" if error.location else "")
        ref_text = ", ".join(f"{{name='{r.name}', subject='{r.subject}', version={r.version}}}" for r in refs)
        return f"Invalid schema {quoted} with refs [{ref_text}] of type {schema_type}, details: {detail}"


def _parsed_size(entry: tuple[SchemaRecord, ParsedSchema]) -> int:
    """What a parsed stored schema counts against the cache's bytes: its texts' lengths."""
    record, parsed = entry
    return len(record.text) + len(parsed.canonical) + len(record.metadata or "") + len(record.rule_set or "")
