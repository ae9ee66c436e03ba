"""Parsing posted and stored schemas with their references, and the cache of parsed stored schemas."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

import orjson

from compat import CompatError, Dependency, ParsedSchema, SchemaParseError, parse_schema, schema_types
from registry.domain import Reference, SchemaRecord
from registry.errors import InvalidSchema, SchemaTooLarge
from registry.service.names import LATEST
from registry.storage import ReadTxn

#: How many characters of an invalid schema an error message quotes.
QUOTE_LIMIT = 200


class ParsedCache:
    """An LRU of parsed schemas by schema id. Safe across requests because a schema id never changes
    meaning: rows are immutable, and ids are never reused."""

    def __init__(self, capacity: int = 20_000) -> None:
        self._items: OrderedDict[int, ParsedSchema] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, schema_id: int) -> ParsedSchema | None:
        with self._lock:
            item = self._items.get(schema_id)
            if item is not None:
                self._items.move_to_end(schema_id)
            return item

    def put(self, schema_id: int, parsed: ParsedSchema) -> None:
        with self._lock:
            self._items[schema_id] = parsed
            self._items.move_to_end(schema_id)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)


def fingerprint(schema_type: str, canonical: str, references: Sequence[Reference]) -> str:
    """The de-duplication key of a schema: its type, canonical text and resolved references."""
    payload = orjson.dumps([schema_type, canonical, [[r.name, r.subject, r.version] for r in references]])
    return hashlib.sha256(payload).hexdigest()


class SchemaParser:
    """Turns schema texts plus references into `ParsedSchema`s, with errors in Confluent's terms."""

    def __init__(self, *, max_schema_bytes: int, cache: ParsedCache | None = None) -> None:
        self.max_schema_bytes = max_schema_bytes
        self.cache = cache or ParsedCache()

    def parse_new(
        self,
        txn: ReadTxn,
        text: str,
        schema_type: str,
        references: Sequence[tuple[str, str, int | str]],
        *,
        normalize: bool,
    ) -> tuple[ParsedSchema, tuple[Reference, ...]]:
        """Parse a posted schema: resolve its references (`latest` to a number), then parse with them."""
        if schema_type not in schema_types():
            raise InvalidSchema(f"Invalid schema type {schema_type}")
        if not text.strip():
            raise InvalidSchema("Empty schema")
        size = len(text.encode())
        if size > self.max_schema_bytes:
            raise SchemaTooLarge(size, self.max_schema_bytes)
        resolved = tuple(self._resolve_reference(txn, name, subject, version) for name, subject, version in references)
        dependencies = self.dependencies(txn, resolved)
        try:
            parsed = parse_schema(schema_type, text, dependencies, normalize=normalize)
        except CompatError as error:
            raise InvalidSchema(self._describe(text, resolved, schema_type, error)) from error
        return parsed, resolved

    def parsed(self, txn: ReadTxn, record: SchemaRecord) -> ParsedSchema:
        """The parsed form of a stored schema, from the cache when it is there."""
        cached = self.cache.get(record.id)
        if cached is not None:
            return cached
        parsed = parse_schema(record.schema_type, record.text, self.dependencies(txn, record.references))
        self.cache.put(record.id, parsed)
        return parsed

    def dependencies(self, txn: ReadTxn, references: Sequence[Reference]) -> list[Dependency]:
        """The referenced schemas, transitively, depth first (each one's own dependencies before it)."""
        ordered: dict[str, Dependency] = {}
        self._collect(txn, references, ordered, set())
        return list(ordered.values())

    def _collect(
        self,
        txn: ReadTxn,
        references: Sequence[Reference],
        into: dict[str, Dependency],
        visiting: set[tuple[str, int]],
    ) -> None:
        for ref in references:
            key = (ref.subject, ref.version)
            if ref.name in into or key in visiting:
                continue
            visiting.add(key)
            version = txn.subject_version(ref.subject, ref.version)
            record = txn.schema(version.schema_id) if version else None
            if record is None:
                raise InvalidSchema(
                    f"Invalid reference {ref.name}: subject '{ref.subject}' version {ref.version} not found"
                )
            self._collect(txn, record.references, into, visiting)
            into.setdefault(ref.name, Dependency(ref.name, record.schema_type, record.text))

    def _resolve_reference(self, txn: ReadTxn, name: str, subject: str, version: int | str) -> Reference:
        if version == LATEST:
            live = [v for v in txn.versions(subject) if not v.deleted]
            if not live:
                raise InvalidSchema(f"Invalid reference {name}: subject '{subject}' has no live version")
            return Reference(name, subject, live[-1].version)
        assert isinstance(version, int)
        if txn.subject_version(subject, version) is None:
            raise InvalidSchema(f"Invalid reference {name}: subject '{subject}' version {version} not found")
        return Reference(name, subject, version)

    @staticmethod
    def _describe(text: str, refs: Sequence[Reference], schema_type: str, error: CompatError) -> str:
        quoted = text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "..."
        detail = str(error)
        if isinstance(error, SchemaParseError):
            detail = error.reason + (f" (at {error.location})" if error.location else "")
        ref_text = [r.as_dict() for r in refs]
        return f"Invalid schema {quoted} with refs {ref_text} of type {schema_type}, details: {detail}"
