"""`docs/rules.md`, written from the catalogue: one table per format, one row per rule."""

from __future__ import annotations

from schemata.compat.catalogue.table import Entry, Table

_HEADER = """\
# Compatibility rules

Generated from the rule catalogue (`schemata.compat.catalogue`) by `python -m schemata.compat.catalogue >
docs/rules.md`; a test fails when this page and the catalogue differ. Do not edit it by hand.

Every finding names one of these rules. *Checked under*: the compatibility policies (a subject's
`compatibilityPolicy`) under which the rule runs. *Compatible under*: the policies that accept a finding of it,
so that the change stays compatible; everywhere else the finding makes the change incompatible. The hint is the
default one; a finding may give a more precise hint. Ids are stable: they are never renamed.
"""


def render(tables: tuple[type[Table], ...]) -> str:
    """The whole page."""
    parts = [_HEADER]
    for table in tables:
        parts.append(_section(table))
    return "\n".join(parts)


def _section(table: type[Table]) -> str:
    lines = [
        f"## {table.title}",
        "",
        f"{_count(len(table.entries))}, checked under {_policies(table.policies)}."
        + ("" if table.names_differences else " These ids are not Confluent difference types."),
        "",
        "| Rule | Inspects | Checked under | Compatible under | Purpose | Hint |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [_row(entry) for entry in table.entries]
    return "\n".join(lines) + "\n"


def _row(entry: Entry) -> str:
    cells = (
        f"`{entry.id}`",
        str(entry.kind),
        _policies(entry.checked_under),
        _policies(entry.compatible_under) or "never",
        _sentence(entry.purpose),
        entry.hint,
    )
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _count(rules: int) -> str:
    return "1 rule" if rules == 1 else f"{rules} rules"


def _policies(policies: frozenset[str]) -> str:
    return ", ".join(sorted(policies))


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]
