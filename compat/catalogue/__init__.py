"""The rule catalogue: every compatibility rule of every format, as data, each id spelled once.

An entry says what a rule inspects, why, what to do about a finding of it (the hint), and under which policies
its findings still leave a change compatible. The rule books (`schemata.compat.rules`) attach a function to each
entry; the formats ask the catalogue whether the policy accepts a finding; REST, SARIF and `docs/rules.md`
(`python -m schemata.compat.catalogue > docs/rules.md`) read the same entries. A rule id that is not here is an
error (`UnknownRuleError`), never a difference silently let through or dropped.
"""

from __future__ import annotations

from collections.abc import Iterable

from schemata.compat.catalogue.avro import Avro
from schemata.compat.catalogue.buf import Buf
from schemata.compat.catalogue.engine import Engine
from schemata.compat.catalogue.json_schema import Json
from schemata.compat.catalogue.protobuf import Protobuf
from schemata.compat.catalogue.table import NEVER, Entry, Format, Kind, Policy, Table, UnknownRuleError
from schemata.compat.findings import Finding

#: The tables in the order the documentation lists them.
TABLES: tuple[type[Table], ...] = (Engine, Avro, Json, Protobuf, Buf)


def _index() -> dict[str, Entry]:
    index: dict[str, Entry] = {}
    for table in TABLES:
        for entry in table.entries:
            if entry.id in index:
                raise ValueError(f"rule id {entry.id} is in the catalogue twice")
            index[entry.id] = entry
    return index


_BY_ID = _index()


def entries() -> tuple[Entry, ...]:
    """Every entry, table by table."""
    return tuple(_BY_ID.values())


def get(rule_id: str) -> Entry | None:
    """The entry of `rule_id`, or None for an id that is not a compatibility rule's."""
    return _BY_ID.get(rule_id)


def lookup(rule_id: str) -> Entry:
    """The entry of `rule_id`; UnknownRuleError if the catalogue has none."""
    entry = _BY_ID.get(rule_id)
    if entry is None:
        raise UnknownRuleError(f"rule id {rule_id!r} is not in the rule catalogue")
    return entry


def accepted(finding: Finding, policy: str) -> bool:
    """Whether `policy` accepts `finding` (the change stays compatible); UnknownRuleError for an unknown id."""
    return policy in lookup(finding.rule).compatible_under


def incompatible(findings: Iterable[Finding], policy: str) -> list[Finding]:
    """The findings `policy` does not accept, in order."""
    return [finding for finding in findings if not accepted(finding, policy)]


__all__ = [
    "NEVER",
    "TABLES",
    "Avro",
    "Buf",
    "Engine",
    "Entry",
    "Format",
    "Json",
    "Kind",
    "Policy",
    "Protobuf",
    "Table",
    "UnknownRuleError",
    "accepted",
    "entries",
    "get",
    "incompatible",
    "lookup",
]
