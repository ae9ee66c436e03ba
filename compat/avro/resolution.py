"""The reader/writer walk of the Avro specification's "Schema Resolution", written once for every rule.

The walk matches reader elements to writer elements (union branches, array items, map values, record
fields by name or alias), runs the rules of `schemata.compat.avro.rules` on each pair, and places their findings
at Confluent-style paths into the reader schema (`/fields/1/type/symbols`). A writer union is readable
when each of its branches is; a writer type is readable by a reader union when some branch reads it.

Recursive named types make the pair graph cyclic, so pairs are memoised: a pair met again while it is
still being compared is assumed readable (its problems, if any, are reported where it was first met),
and a pair compared before gives its earlier result. Results are relative to their pair, so a memoised
result can be placed anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from schemata.compat.avro.matching import corresponding_branch, writer_field_for
from schemata.compat.avro.model import Array, AvroType, Field, Map, Named, Record, Union
from schemata.compat.avro.rules import AVRO_RULES
from schemata.compat.budget import spend
from schemata.compat.catalogue import Kind, incompatible
from schemata.compat.findings import Finding

#: The kind of the rules for a pair of named types, by the types' kind.
_NAMED_KINDS = {"record": Kind.RECORD, "enum": Kind.ENUM, "fixed": Kind.FIXED}


def check(reader: AvroType, writer: AvroType, policy: str) -> list[Finding]:
    """Every finding that stops `reader` from reading data written with `writer` under `policy` (Avro has
    one, STRICT, which accepts none), in schema order."""
    findings = sorted(_Walk(policy).compare(reader, writer), key=_position)
    return [_placed(reader, finding) for finding in findings]


class _Walk:
    def __init__(self, policy: str) -> None:
        self.policy = policy
        #: (id(reader), id(writer)) -> findings; None while the pair is being compared.
        self.memo: dict[tuple[int, int], list[Finding] | None] = {}

    def _run(self, kind: Kind, reader: AvroType, writer: AvroType) -> list[Finding]:
        """The findings of the rules of `kind` on one pair that the policy does not accept."""
        return incompatible(AVRO_RULES.run(kind, reader, writer, policy=self.policy), self.policy)

    def compare(self, reader: AvroType, writer: AvroType) -> list[Finding]:
        key = (id(reader), id(writer))
        if key in self.memo:
            return self.memo[key] or []
        self.memo[key] = None
        spend()
        findings = self._compare(reader, writer)
        self.memo[key] = findings
        return findings

    def _compare(self, reader: AvroType, writer: AvroType) -> list[Finding]:
        if isinstance(writer, Union):
            if isinstance(reader, Union):
                return [f for i, branch in enumerate(writer.branches) for f in self._read_by_union(reader, branch, i)]
            return [f for branch in writer.branches for f in self.compare(reader, branch)]
        if isinstance(reader, Union):
            return self._read_by_union(reader, writer, None)
        findings = self._run(Kind.PAIR, reader, writer)
        if findings or reader.kind != writer.kind:
            return findings
        if isinstance(reader, Array) and isinstance(writer, Array):
            return _under("/items", self.compare(reader.items, writer.items))
        if isinstance(reader, Map) and isinstance(writer, Map):
            return _under("/values", self.compare(reader.values, writer.values))
        if isinstance(reader, Named):
            findings = self._run(Kind.NAMED, reader, writer) + self._run(_NAMED_KINDS[reader.kind], reader, writer)
        if isinstance(reader, Record) and isinstance(writer, Record):
            findings += self._fields(reader, writer)
        return findings

    def _read_by_union(self, reader: Union, writer: AvroType, writer_branch: int | None) -> list[Finding]:
        """Findings when no reader branch reads `writer`: the reasons of the branch meant for it, if any.

        Otherwise MISSING_UNION_BRANCH, at the writer's branch index when the writer is a union too
        (as Confluent reports it).
        """
        attempts: list[list[Finding]] = []
        for branch in reader.branches:
            findings = self.compare(branch, writer)
            if not findings:
                return []
            attempts.append(findings)
        match = corresponding_branch(reader, writer)
        if match is not None:
            return _under(f"/{match}", attempts[match])
        at = "" if writer_branch is None else f"/{writer_branch}"
        return _under(at, self._run(Kind.UNION, reader, writer))

    def _fields(self, reader: Record, writer: Record) -> list[Finding]:
        """Each reader field against the writer field it reads; the rules handle fields the writer lacks."""
        findings: list[Finding] = []
        for index, field in enumerate(reader.fields):
            written = writer_field_for(writer, field)
            if written is not None:
                findings += _under(f"/fields/{index}/type", self.compare(field.type, written.type))
        return findings


def _under(prefix: str, findings: Iterable[Finding]) -> list[Finding]:
    return [replace(finding, path=prefix + finding.path) for finding in findings]


def _position(finding: Finding) -> tuple[tuple[int, int, str], ...]:
    """A sort key that puts `/fields/2` before `/fields/10` (the sort is stable for equal paths)."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in finding.path.split("/"))


def _placed(reader: AvroType, finding: Finding) -> Finding:
    """The finding with its final path and a message that starts with where it is."""
    path = finding.path or "/"
    return replace(finding, path=path, message=f"{_where(reader, path)}: {finding.message}")


def _where(reader: AvroType, path: str) -> str:
    """`Field 'orders[].price'` for a path into the reader, following field names; `At the top level`."""
    text = ""
    node: AvroType | Field = reader
    segments = iter(path.strip("/").split("/"))
    for segment in segments:
        if isinstance(node, Record) and segment == "fields":
            node = node.fields[int(next(segments))]
            text += ("." if text else "") + node.name
        elif isinstance(node, Field) and segment == "type":
            node = node.type
        elif isinstance(node, Array) and segment == "items":
            node, text = node.items, text + "[]"
        elif isinstance(node, Map) and segment == "values":
            node, text = node.values, text + "{}"
        elif isinstance(node, Union) and segment.isdigit() and int(segment) < len(node.branches):
            node = node.branches[int(segment)]
        else:
            break
    if not text:
        return "At the top level"
    return f"At '{text}'" if text[0] in "[{" else f"Field '{text}'"
