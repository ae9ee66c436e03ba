"""The export file: a registry's whole state as one versioned, deterministic JSON document.

Layout (format version 2)::

    {
      "format": "schemata-export",
      "version": 2,
      "exportedFrom": "http://registry:8081",
      "config": {"compatibilityLevel": "BACKWARD", "validateFields": true},  # global config, as GET /config
                                                                          #  answers it: every field set
      "mode": "READWRITE",                               # global mode
      "lint": {"enabled": true, ...},                    # global lint policy (absent: a registry without one)
      "enforcement": "WARN",                             # global contract enforcement (absent: likewise)
      "audit": [{"id": 1, "time": "...", "principal": "ann", "method": "POST", "path": "/subjects/s/versions",
                 "subject": "s", "status": 200}],       # schemata's audit log of writes; absent: none
      "subjects": [                                      # every subject, soft-deleted ones included
        {
          "subject": "orders-value",
          "config": {"compatibilityLevel": "FULL", "compatibilityPolicy": "..."},  # absent: no config of
                                                                                    #  its own
          "mode": "READONLY",                            # absent: no subject-level mode
          "lint": {...}, "enforcement": "OFF",           # absent: none of its own
          "versions": [
            {"version": 1, "id": 7, "schemaType": "AVRO", "schema": "...", "deleted": false,
             "references": [{"name": "com.acme.Money", "subject": "money", "version": 1}],  # absent: none
             "metadata": {...}, "ruleSet": {...}}                                          # absent: none
          ]
        },
        {"subject": ":.staging:", "versions": [], "config": {...}, "mode": "..."}  # a context's own config
      ],                                                 #  and mode (`:.__GLOBAL:`: Confluent's __GLOBAL context)
      "contracts": [                                     # services' event contracts (absent: none, or the
        {"service": "payment-service",                   #  source has no contract endpoints)
         "produces": [{"subject": "payments-value", "topic": "payments"}],
         "consumes": [{"subject": "orders-value", "topic": "orders", "schemaType": "AVRO", "schema": "...",
                       "references": [...], "fromVersion": 2}]}
      ]
    }

Subjects and services are sorted by name, versions by number, and object keys alphabetically, with no timestamp, so two
exports of the same registry are byte-identical. A reference list keeps its order: it is the order in which
the registry resolves the referenced schemas. Version 1 (read still) differs only in holding fewer config
fields, no lint policies, enforcement or context settings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from schemata.registry.client import Schema, SchemaReference
from schemata.registry.json_kinds import json_kind

FORMAT = "schemata-export"
FORMAT_VERSION = 2
#: The versions `loads` reads (1 wrote only some config fields; it reads back as it did).
READABLE_VERSIONS = (1, FORMAT_VERSION)

T = TypeVar("T")


class FormatError(ValueError):
    """The text is not a schemata export this version can read; the message says where and why."""


@dataclass(frozen=True, slots=True)
class VersionRecord:
    """One version of a subject: its number, global id, schema and whether it is soft-deleted."""

    version: int
    schema_id: int
    schema: Schema
    deleted: bool


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    """A subject with its versions (oldest first) and its own settings, if it has them: config (as GET
    /config/{subject} answers it), mode, lint policy and contract enforcement. A context's own settings are a
    record named `:.ctx:` without versions."""

    name: str
    versions: tuple[VersionRecord, ...]
    config: dict[str, Any] | None = None
    mode: str | None = None
    lint: dict[str, Any] | None = None
    enforcement: str | None = None


@dataclass(frozen=True, slots=True)
class ServiceContracts:
    """A service's event contracts, each entry as the registry's contract endpoints take it."""

    service: str
    produces: tuple[dict[str, Any], ...]
    consumes: tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Backup:
    """A registry's state: the global settings, every subject (sorted by name), and the services'
    contracts."""

    exported_from: str
    config: dict[str, Any]
    mode: str
    subjects: tuple[SubjectRecord, ...]
    contracts: tuple[ServiceContracts, ...] = ()
    #: The source's audit log of writes (a schemata registry's; others have none), oldest first.
    audit: tuple[dict[str, Any], ...] = ()
    #: The global lint policy and contract enforcement (a schemata registry's; None from others).
    lint: dict[str, Any] | None = None
    enforcement: str | None = None

    @property
    def version_count(self) -> int:
        return sum(len(subject.versions) for subject in self.subjects)

    @property
    def subject_count(self) -> int:
        """The subjects (a context's settings, held as a record without versions, is none)."""
        return sum(1 for subject in self.subjects if subject.versions)


def dumps(backup: Backup) -> str:
    """The export file's text for `backup`."""
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exportedFrom": backup.exported_from,
        "config": backup.config,
        "mode": backup.mode,
        "subjects": [_subject_json(subject) for subject in sorted(backup.subjects, key=lambda s: s.name)],
        **_present(lint=backup.lint, enforcement=backup.enforcement),
    }
    if backup.contracts:
        document["contracts"] = [
            {"service": c.service, "produces": list(c.produces), "consumes": list(c.consumes)}
            for c in sorted(backup.contracts, key=lambda c: c.service)
        ]
    if backup.audit:
        document["audit"] = list(backup.audit)
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def loads(text: str) -> Backup:
    """The backup in an export file's text; FormatError if it is not one."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"not JSON: {error}") from None
    except RecursionError:
        raise FormatError("nested too deeply (an export is a few levels deep)") from None
    root = _typed(document, dict, "the document")
    if root.get("format") != FORMAT:
        raise FormatError(f'`format` must be "{FORMAT}"')
    if root.get("version") not in READABLE_VERSIONS:
        readable = " and ".join(map(str, READABLE_VERSIONS))
        raise FormatError(f"`version` {root.get('version')!r} is not supported (this schemata reads {readable})")
    subjects = _field(root, "subjects", list, "the document")
    return Backup(
        _field(root, "exportedFrom", str, "the document"),
        _field(root, "config", dict, "the document"),
        _field(root, "mode", str, "the document"),
        tuple(_subject(_typed(item, dict, f"subjects[{index}]"), f"subjects[{index}]")
              for index, item in enumerate(subjects)),
        tuple(_contracts(_typed(item, dict, f"contracts[{index}]"), f"contracts[{index}]")
              for index, item in enumerate(_optional(root, "contracts", list, "the document") or [])),
        tuple(_typed(entry, dict, f"audit[{index}]")
              for index, entry in enumerate(_optional(root, "audit", list, "the document") or [])),
        _optional(root, "lint", dict, "the document"),
        _optional(root, "enforcement", str, "the document"),
    )


def _present(**values: Any) -> dict[str, Any]:
    """The `values` that are set (an absent setting is left out of the file)."""
    return {key: value for key, value in values.items() if value is not None}


def _subject_json(subject: SubjectRecord) -> dict[str, Any]:
    body: dict[str, Any] = {
        "subject": subject.name,
        "versions": [_version_json(record) for record in sorted(subject.versions, key=lambda v: v.version)],
    }
    return {**body, **_present(config=subject.config, mode=subject.mode, lint=subject.lint,
                               enforcement=subject.enforcement)}


def _version_json(record: VersionRecord) -> dict[str, Any]:
    return {"version": record.version, "id": record.schema_id, "deleted": record.deleted, **record.schema.to_dict()}


def _subject(item: dict[str, Any], where: str) -> SubjectRecord:
    name = _field(item, "subject", str, where)
    where = f"subject {name!r}"
    versions = _field(item, "versions", list, where)
    return SubjectRecord(
        name,
        tuple(_version(_typed(entry, dict, f"{where} versions[{index}]"), f"{where} versions[{index}]")
              for index, entry in enumerate(versions)),
        _optional(item, "config", dict, where),
        _optional(item, "mode", str, where),
        _optional(item, "lint", dict, where),
        _optional(item, "enforcement", str, where),
    )


def _version(item: dict[str, Any], where: str) -> VersionRecord:
    references = _optional(item, "references", list, where) or []
    schema = Schema(
        _field(item, "schema", str, where),
        _field(item, "schemaType", str, where),
        [_reference(_typed(ref, dict, f"{where} references"), f"{where} references") for ref in references],
        _optional(item, "metadata", dict, where),
        _optional(item, "ruleSet", dict, where),
    )
    return VersionRecord(_field(item, "version", int, where), _field(item, "id", int, where), schema,
                         _field(item, "deleted", bool, where))


def _contracts(item: dict[str, Any], where: str) -> ServiceContracts:
    service = _field(item, "service", str, where)
    where = f"the contracts of {service!r}"

    def entries(key: str) -> tuple[dict[str, Any], ...]:
        listed = _optional(item, key, list, where) or []
        found = tuple(_typed(entry, dict, f"{where} {key}[{i}]") for i, entry in enumerate(listed))
        for i, entry in enumerate(found):
            _field(entry, "subject", str, f"{where} {key}[{i}]")
        return found

    return ServiceContracts(service, entries("produces"), entries("consumes"))


def _reference(item: dict[str, Any], where: str) -> SchemaReference:
    return SchemaReference(_field(item, "name", str, where), _field(item, "subject", str, where),
                           _field(item, "version", int, where))


def _typed(value: Any, kind: type[T], where: str) -> T:
    # bool is an int in Python; a version or id of `true` is still a mistake.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise FormatError(f"{where} must be {_NAMES[kind]}, not {json_kind(value)}")
    return value


def _field(item: Mapping[str, Any], key: str, kind: type[T], where: str) -> T:
    if key not in item:
        raise FormatError(f"{where} has no `{key}`")
    return _typed(item[key], kind, f"{where} `{key}`")


def _optional(item: Mapping[str, Any], key: str, kind: type[T], where: str) -> T | None:
    return None if item.get(key) is None else _field(item, key, kind, where)


_NAMES: dict[type, str] = {dict: "an object", list: "an array", str: "a string", int: "an integer",
                           bool: "true or false"}
