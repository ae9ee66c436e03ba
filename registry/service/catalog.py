"""The event catalogue: topics, the subjects that carry their events, latest versions, producers and consumers;
and the same catalogue as an AsyncAPI 3.0 document.

A subject belongs to the topic its contracts name, else to the topic the default TopicNameStrategy gives it
(`orders-value` -> `orders`); subjects of other strategies name their own topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

from schemata.registry.domain import ContractRecord, ContractRole, Reference
from schemata.registry.service.context import ServiceContext
from schemata.registry.service.event_contracts import topic_of


@dataclass(frozen=True, slots=True)
class CatalogSubject:
    """A subject's latest live version, as the catalogue lists it."""

    subject: str
    version: int
    schema_id: int
    schema_type: str
    schema: str
    references: tuple[Reference, ...]


@dataclass(slots=True)
class CatalogTopic:
    """A topic: its subjects, and the services that produce and consume them."""

    topic: str
    subjects: list[CatalogSubject] = field(default_factory=list)
    producers: list[ContractRecord] = field(default_factory=list)
    consumers: list[ContractRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class TopicOutline:
    """A topic by names only: its live subjects, and the contracts of the services producing and consuming them."""

    topic: str
    subjects: tuple[str, ...]
    producers: tuple[ContractRecord, ...]
    consumers: tuple[ContractRecord, ...]


class CatalogService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def topics(self) -> list[CatalogTopic]:
        """Every topic with a live subject or a contract, sorted by name (two queries and one batch read)."""
        with self.ctx.storage.read() as txn:
            latest = txn.listing(prefix="", deleted=False, latest_only=True, offset=0, limit=-1)
            records = txn.schemas([v.schema_key for v in latest])
            contracts = txn.contracts()
        subjects = []
        for version in latest:
            record = records[version.schema_key]
            subjects.append(CatalogSubject(
                version.subject, version.version, record.id, record.schema_type, record.text, record.references
            ))
        return [CatalogTopic(name, *members) for name, members in _by_topic(subjects, contracts)]

    def outline(self) -> list[TopicOutline]:
        """The topics of `topics` without their schemas (two queries, no schema read: what a map of who
        produces and consumes what needs, at a fraction of the cost on a large registry)."""
        with self.ctx.storage.read() as txn:
            names = txn.subjects()
            contracts = txn.contracts()
        return [
            TopicOutline(name, tuple(s.subject for s in subjects), tuple(producers), tuple(consumers))
            for name, (subjects, producers, consumers) in _by_topic([_Named(n) for n in names], contracts)
        ]


@dataclass(frozen=True, slots=True)
class _Named:
    subject: str


_S = TypeVar("_S", CatalogSubject, _Named)


def _by_topic(
    subjects: list[_S], contracts: list[ContractRecord]
) -> list[tuple[str, tuple[list[_S], list[ContractRecord], list[ContractRecord]]]]:
    """Subjects and contracts grouped by topic, sorted by its name: a subject belongs to the topic its contracts
    name, else to the one of the default TopicNameStrategy."""
    named = {c.subject: c.topic for c in contracts if c.topic}
    topics: dict[str, tuple[list[_S], list[ContractRecord], list[ContractRecord]]] = {}

    def topic(subject: str) -> tuple[list[_S], list[ContractRecord], list[ContractRecord]]:
        return topics.setdefault(named.get(subject) or topic_of(subject), ([], [], []))

    for subject in subjects:
        topic(subject.subject)[0].append(subject)
    for contract in contracts:
        entry = topic(contract.subject)
        (entry[1] if contract.role is ContractRole.PRODUCES else entry[2]).append(contract)
    return sorted(topics.items(), key=lambda item: item[0])


def catalog_json(topics: list[CatalogTopic]) -> dict[str, Any]:
    """GET /catalog's answer."""
    return {
        "topics": [
            {
                "topic": t.topic,
                "subjects": [
                    {"subject": s.subject, "version": s.version, "id": s.schema_id, "schemaType": s.schema_type}
                    for s in t.subjects
                ],
                "producers": sorted({c.service for c in t.producers}),
                "consumers": [_consumer_json(c) for c in t.consumers],
            }
            for t in topics
        ]
    }


def _consumer_json(contract: ContractRecord) -> dict[str, Any]:
    body: dict[str, Any] = {"service": contract.service, "subject": contract.subject}
    if contract.from_version is not None:
        body["fromVersion"] = contract.from_version
    return body


#: AsyncAPI's schemaFormat for each schema type.
SCHEMA_FORMATS = {
    "AVRO": "application/vnd.apache.avro+json;version=1.9.0",
    "JSON": "application/schema+json;version=draft-07",
    "PROTOBUF": "application/vnd.google.protobuf;version=3",
}
_ID = re.compile(r"[^A-Za-z0-9._-]")


def asyncapi_document(topics: list[CatalogTopic], *, title: str = "Schemata event catalogue") -> dict[str, Any]:
    """The catalogue as an AsyncAPI 3.0 document: a channel per topic, a message per subject (its latest
    schema as the payload), a `send` operation per producer and a `receive` per consumer."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    ids = _Ids()
    for topic in topics:
        channel_id = ids.new(topic.topic)
        by_subject = {s.subject: ids.new(s.subject) for s in topic.subjects}
        for subject in topic.subjects:
            messages[by_subject[subject.subject]] = _message(subject)
        channels[channel_id] = {
            "address": topic.topic,
            "messages": {m: {"$ref": f"#/components/messages/{m}"} for m in by_subject.values()},
        }
        channel_ref = {"$ref": f"#/channels/{channel_id}"}
        for action, contracts in (("send", topic.producers), ("receive", topic.consumers)):
            for contract in contracts:
                message = by_subject.get(contract.subject)
                verb = "produces" if action == "send" else "consumes"
                operations[ids.new(f"{contract.service}.{action}.{topic.topic}")] = {
                    "action": action,
                    "channel": channel_ref,
                    "messages": [{"$ref": f"#/channels/{channel_id}/messages/{message}"}] if message else [],
                    "summary": f"{contract.service} {verb} {contract.subject}",
                    "x-schemata-service": contract.service,
                }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": title,
            "version": "1.0.0",
            "description": "Topics, the schemas of their events, and the services that produce and consume them.",
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _message(subject: CatalogSubject) -> dict[str, Any]:
    """A subject's message. A schema with references is not complete on its own, and AsyncAPI's parsers would
    try to resolve what it names themselves: its text and references go in extensions instead of a payload."""
    message: dict[str, Any] = {
        "name": subject.subject,
        "title": f"{subject.subject} version {subject.version}",
        "x-schemata-subject": subject.subject,
        "x-schemata-version": subject.version,
        "x-schemata-schema-id": subject.schema_id,
    }
    if subject.references:
        message["description"] = (
            f"The schema ({subject.schema_type}) uses references to other subjects; the registry serves it "
            f"complete by id ({subject.schema_id})."
        )
        message["x-schemata-schema"] = subject.schema
        message["x-schemata-references"] = [r.as_dict() for r in subject.references]
        return message
    schema: Any = subject.schema if subject.schema_type == "PROTOBUF" else orjson.loads(subject.schema)
    message["payload"] = {"schemaFormat": SCHEMA_FORMATS[subject.schema_type], "schema": schema}
    return message


class _Ids:
    """AsyncAPI component keys (letters, digits, `.`, `_`, `-`), each unique."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def new(self, name: str) -> str:
        base = _ID.sub("_", name) or "_"
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate
