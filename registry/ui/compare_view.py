"""What the diff and "would this break?" pages draw: the side-by-side rows with each line highlighted, and each
finding with the lines it concerns on either side.

Where a finding's path points depends on the format: Avro's paths are into the reader schema (the new one for
BACKWARD, the old one for FORWARD, a consumer's own reader for a consumer), JSON Schema's and Protobuf's name the
element in both schemas. A side that holds the node itself wins over one that holds only an enclosing node.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape
from pygments.token import STANDARD_TYPES, _TokenType

from schemata.compat import Finding
from schemata.registry.service.event_contracts import ConsumerFinding
from schemata.registry.service.ui_compare import ProposalCheck, VersionComparison
from schemata.registry.ui.diff import Listing, Row, SideBySide, listing, side_by_side
from schemata.registry.ui.highlight import highlightable, lexer_for

OLD, NEW = "old", "new"


@dataclass(frozen=True, slots=True)
class Target:
    """Lines `first`..`last` of one side (`old` or `new`)."""

    side: str
    first: int
    last: int

    @property
    def anchor(self) -> str:
        """The id of the first line's cell."""
        return f"{self.side}-L{self.first}"


@dataclass(frozen=True, slots=True)
class ShownFinding:
    """A finding as a page lists it: its parts, who it is about, and where it points (`targets`, maybe none)."""

    id: str
    finding: Finding
    targets: tuple[Target, ...]
    against: int | None = None
    consumer: str | None = None

    @property
    def lines(self) -> str:
        """`old:3-5 new:7-7`: the ranges a script highlights when the finding is picked."""
        return " ".join(f"{t.side}:{t.first}-{t.last}" for t in self.targets)


@dataclass(frozen=True, slots=True)
class ShownRow:
    row: Row
    old_html: Markup | None
    new_html: Markup | None
    #: The findings that point at this row's lines, per side.
    old_findings: tuple[ShownFinding, ...]
    new_findings: tuple[ShownFinding, ...]


@dataclass(frozen=True)
class DiffView:
    rows: tuple[ShownRow, ...]
    aligned: bool
    changed: int


class Pointing:
    """Locates findings on the two listings of a page: `old` is the version shown on the left (its number
    `old_version`; None when there is no left side), `new` the one on the right."""

    def __init__(self, schema_type: str, old: Listing | None, old_version: int | None, new: Listing) -> None:
        self.schema_type = schema_type
        self.old = old
        self.old_version = old_version
        self.new = new

    def finding(self, id: str, finding: Finding) -> ShownFinding:
        against = finding.against.number if finding.against is not None else None
        old_shown = self.old is not None and against == self.old_version
        sides: dict[str, Listing] = {}
        if self.schema_type != "AVRO":  # the element in both schemas
            sides[NEW] = self.new
            if old_shown and self.old is not None:
                sides[OLD] = self.old
        elif finding.direction == "BACKWARD":  # a path into the reader: the new schema
            sides[NEW] = self.new
        elif old_shown and self.old is not None:  # FORWARD: the old schema reads
            sides[OLD] = self.old
        return ShownFinding(id, finding, _targets(finding.path, sides), against)

    def consumer(self, id: str, found: ConsumerFinding) -> ShownFinding:
        """A consumer's finding: Avro's path is into the consumer's reader, which the page does not show."""
        sides = {} if self.schema_type == "AVRO" else {NEW: self.new}
        return ShownFinding(id, found.finding, _targets(found.finding.path, sides), found.version, found.service)


def _targets(path: str, sides: dict[str, Listing]) -> tuple[Target, ...]:
    located = [(side, listing.locate(path)) for side, listing in sides.items()]
    found = [(side, where) for side, where in located if where is not None]
    exact = [(side, where) for side, where in found if where.exact]
    return tuple(Target(side, where.first, where.last) for side, where in (exact or found))


def diff_view(old: Listing | None, new: Listing, findings: Sequence[ShownFinding]) -> DiffView:
    """The rows of `old` beside `new` (all of `new` as added when there is no `old`), highlighted, each line
    with the findings that point at it."""
    compared: SideBySide = side_by_side(old.lines if old is not None else (), new.lines)
    old_html = highlight_lines(old) if old is not None else []
    new_html = highlight_lines(new)
    marks: dict[tuple[str, int], list[ShownFinding]] = {}
    for shown in findings:
        for target in shown.targets:
            for line in range(target.first, target.last + 1):
                marks.setdefault((target.side, line), []).append(shown)
    rows = tuple(
        ShownRow(
            row,
            old_html[row.old.number - 1] if row.old is not None else None,
            new_html[row.new.number - 1] if row.new is not None else None,
            tuple(marks.get((OLD, row.old.number), ())) if row.old is not None else (),
            tuple(marks.get((NEW, row.new.number), ())) if row.new is not None else (),
        )
        for row in compared.rows
    )
    return DiffView(rows, compared.aligned, compared.changed)


def highlight_lines(listing: Listing) -> list[Markup]:
    """Each line of `listing` as highlighted HTML (Pygments' token classes, the `.highlight` stylesheet's),
    lexed as one text so that a token spanning lines (a block comment) keeps its colour on each."""
    text = "\n".join(listing.lines)
    if not highlightable(text):
        return [escape(line) for line in listing.lines]
    lexer = lexer_for(listing.schema_type)
    lexer.stripnl = False  # line n stays line n
    lines: list[list[str]] = [[]]
    for token_type, value in lexer.get_tokens(text):
        css = _css_class(token_type)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece:
                text = str(escape(piece))
                lines[-1].append(f'<span class="{css}">{text}</span>' if css else text)
    shown = [Markup("".join(parts)) for parts in lines]
    return (shown + [Markup("")] * len(listing.lines))[: len(listing.lines)]


def _css_class(token_type: _TokenType) -> str:
    """The class Pygments' HTML formatter gives a token type (that of its nearest standard ancestor)."""
    for candidate in _ancestry(token_type):
        if candidate in STANDARD_TYPES:
            return STANDARD_TYPES[candidate]
    return ""


def _ancestry(token_type: _TokenType) -> Iterator[_TokenType]:
    current: _TokenType | None = token_type
    while current is not None:
        yield current
        current = current.parent


# -- the pages ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelView:
    """One level's verdict: `own` marks the subject's level; without one, `stopped` says why, or `deferred` is the
    number of versions it waits to be asked to check."""

    level: str
    own: bool
    compatible: bool | None
    checked: tuple[int | None, ...]
    findings: tuple[ShownFinding, ...]
    stopped: str = ""
    deferred: int = 0


@dataclass(frozen=True)
class ComparisonPage:
    comparison: VersionComparison
    levels: tuple[LevelView, ...]
    diff: DiffView


def comparison_page(comparison: VersionComparison) -> ComparisonPage:
    """The diff of two versions with the findings of every level located on it."""
    old, new = comparison.old, comparison.new
    old_listing, new_listing = listing(old.schema_type, old.text), listing(new.schema_type, new.text)
    pointing = Pointing(new.schema_type, old_listing, old.version, new_listing)
    levels = []
    for decided in comparison.decisions:
        found = decided.decision.findings if decided.decision is not None else ()
        levels.append(LevelView(
            decided.level.value,
            decided.level is comparison.level,
            decided.decision.compatible if decided.decision is not None else None,
            tuple(v.number for v in decided.decision.checked) if decided.decision is not None else (),
            tuple(pointing.finding(f"{decided.level.value}-{i}", f) for i, f in enumerate(found)),
            decided.stopped,
            decided.deferred,
        ))
    every = [f for level in levels for f in level.findings]
    return ComparisonPage(comparison, tuple(levels), diff_view(old_listing, new_listing, every))


@dataclass(frozen=True)
class CheckPage:
    check: ProposalCheck
    decision: LevelView
    consumers: tuple[ShownFinding, ...]
    diff: DiffView

    @property
    def refused(self) -> bool:
        """Whether registering the schema would be refused (its level, or a consumer under ENFORCE)."""
        return not self.check.result.is_compatible


def check_page(check: ProposalCheck) -> CheckPage:
    """A proposal's verdict at the subject's level and by its consumers, located on its diff against the latest
    version."""
    proposed, latest = check.proposed, check.latest
    new_listing = listing(proposed.schema_type, proposed.text)
    old_listing = listing(latest.schema_type, latest.text) if latest is not None else None
    pointing = Pointing(proposed.schema_type, old_listing, latest.version if latest else None, new_listing)
    decision = check.result.decision
    found = decision.findings if decision is not None else ()
    level = LevelView(
        check.level.value, True, decision.compatible if decision is not None else None,
        tuple(v.number for v in decision.checked) if decision is not None else (),
        tuple(pointing.finding(f"{check.level.value}-{i}", f) for i, f in enumerate(found)),
    )
    consumers = check.result.consumers
    readers = tuple(
        pointing.consumer(f"consumer-{i}", f) for i, f in enumerate(consumers.findings if consumers else ())
    )
    return CheckPage(check, level, readers, diff_view(old_listing, new_listing, [*level.findings, *readers]))
