"""The contract map's layout: producers, topics and consumers in three layers, left to right, with an edge from
each producer to the subject it writes and from each subject to the service that reads it.

A service that both produces and consumes shows in both outer layers. Within a layer, nodes are ordered by the
barycentre of their neighbours (a few sweeps of the classic Sugiyama heuristic, ties by name), which keeps most
edges from crossing; positions are in SVG user units.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

#: Geometry, in SVG user units.
ROW = 22  # one line of text in a node
PAD = 8  # inside a node, above and below its lines
GAP = 14  # between the nodes of a layer
GUTTER = 150  # between layers, where the edges run
MARGIN = 16
CHAR = 7.4  # the width of a character of the map's 13px font, near enough to size a box
MIN_WIDTH, MAX_WIDTH = 140, 300
#: Sweeps of the barycentre ordering (each orders the topics, then both service layers).
SWEEPS = 4


@dataclass(frozen=True, slots=True)
class MapTopic:
    """A topic as the map takes it: its subjects, who produces them and who consumes them."""

    topic: str
    subjects: tuple[str, ...]
    #: (service, subject) pairs.
    producers: tuple[tuple[str, str], ...]
    consumers: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Node:
    """A box: a service (`producer` or `consumer` layer) or a topic with one row per subject."""

    kind: str
    name: str
    x: float
    y: float
    width: float
    height: float
    rows: tuple[str, ...] = ()

    def row_y(self, index: int) -> float:
        """The vertical middle of row `index` (a topic's subjects start on the second line)."""
        return self.y + PAD + ROW * (index + 1.5)

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True, slots=True)
class Edge:
    """`service` produces or consumes `subject` of `topic`; `path` is the SVG curve between the boxes."""

    kind: str
    service: str
    topic: str
    subject: str
    path: str


@dataclass(frozen=True, slots=True)
class Layout:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    width: float
    height: float


def box_width(labels: Sequence[str]) -> float:
    """A width that holds the longest of `labels` (longer ones are cut to fit, see `fit`)."""
    longest = max((len(label) for label in labels), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, round(longest * CHAR) + 2 * PAD + 8))


def fit(label: str, width: float) -> str:
    """`label`, cut with an ellipsis where it would overflow a box of `width`."""
    room = int((width - 2 * PAD) / CHAR)
    return label if len(label) <= room else label[: max(room - 1, 1)] + "…"


def layout(topics: Sequence[MapTopic]) -> Layout:
    """The three layers of `topics`, ordered to keep edges short and uncrossed."""
    producers = sorted({s for t in topics for s, _ in t.producers})
    consumers = sorted({s for t in topics for s, _ in t.consumers})
    ordered = sorted(topics, key=lambda t: t.topic)
    for _ in range(SWEEPS):
        ordered = _by_barycentre(ordered, _services(producers, consumers), key=lambda t: t.topic)
        rank = {t.topic: i for i, t in enumerate(ordered)}
        producers = _by_barycentre(producers, _topics(ordered, rank, "producers"), key=str)
        consumers = _by_barycentre(consumers, _topics(ordered, rank, "consumers"), key=str)

    service_width = box_width([*producers, *consumers])
    topic_width = box_width([t.topic for t in ordered] + [s for t in ordered for s in t.subjects])
    x_topics = MARGIN + service_width + GUTTER
    x_consumers = x_topics + topic_width + GUTTER
    left = _stack("producer", [(name, ()) for name in producers], MARGIN, service_width)
    middle = _stack("topic", [(t.topic, t.subjects) for t in ordered], x_topics, topic_width)
    right = _stack("consumer", [(name, ()) for name in consumers], x_consumers, service_width)
    height = max((n.y + n.height for n in (*left, *middle, *right)), default=0) + MARGIN
    left, middle, right = (_centred(layer, height) for layer in (left, middle, right))

    by_name = {("producer", n.name): n for n in left} | {("consumer", n.name): n for n in right}
    edges: list[Edge] = []
    for node, topic in zip(middle, ordered, strict=True):
        for service, subject in topic.producers:
            source = by_name["producer", service]
            y = node.row_y(_row(topic, subject))
            edges.append(Edge("produces", service, topic.topic, subject,
                              _curve(source.x + source.width, source.middle, node.x, y)))
        for service, subject in topic.consumers:
            target = by_name["consumer", service]
            y = node.row_y(_row(topic, subject))
            edges.append(Edge("consumes", service, topic.topic, subject,
                              _curve(node.x + node.width, y, target.x, target.middle)))
    width = x_consumers + service_width + MARGIN if consumers else x_topics + topic_width + MARGIN
    return Layout((*left, *middle, *right), tuple(edges), width, height)


def _services(producers: Sequence[str], consumers: Sequence[str]) -> Callable[[MapTopic], list[int]]:
    """For the topic layer: a function giving the ranks of a topic's producers and consumers."""
    rank_p = {name: i for i, name in enumerate(producers)}
    rank_c = {name: i for i, name in enumerate(consumers)}
    return lambda t: [rank_p[s] for s, _ in t.producers] + [rank_c[s] for s, _ in t.consumers]


def _topics(ordered: Sequence[MapTopic], rank: dict[str, int], role: str) -> Callable[[str], list[int]]:
    """For a service layer (`role`: producers or consumers): a function giving a service's topics' ranks."""
    ranks: dict[str, list[int]] = {}
    for topic in ordered:
        pairs = topic.producers if role == "producers" else topic.consumers
        for service, _ in pairs:
            ranks.setdefault(service, []).append(rank[topic.topic])
    return lambda service: ranks.get(service, [])


def _by_barycentre(items: Sequence[T], neighbours: Callable[[T], list[int]], *, key: Callable[[T], str]) -> list[T]:
    """`items` sorted by the mean rank of their neighbours in the adjacent layers (those without any keep
    their place), ties by `key`."""
    placed: list[tuple[float, str, T]] = []
    for index, item in enumerate(items):
        ranks = neighbours(item)
        placed.append((sum(ranks) / len(ranks) if ranks else float(index), key(item), item))
    placed.sort(key=lambda entry: (entry[0], entry[1]))
    return [item for _, _, item in placed]


def _stack(kind: str, entries: Sequence[tuple[str, tuple[str, ...]]], x: float, width: float) -> list[Node]:
    nodes: list[Node] = []
    y = float(MARGIN)
    for name, rows in entries:
        height = 2 * PAD + ROW * (1 + len(rows))
        nodes.append(Node(kind, name, x, y, width, height, rows))
        y += height + GAP
    return nodes


def _centred(layer: list[Node], height: float) -> list[Node]:
    """`layer` moved down to sit in the middle of a drawing `height` tall."""
    if not layer:
        return layer
    shift = (height - MARGIN - (layer[-1].y + layer[-1].height)) / 2
    return [Node(n.kind, n.name, n.x, n.y + shift, n.width, n.height, n.rows) for n in layer]


def _row(topic: MapTopic, subject: str) -> int:
    """The row of `subject` in its topic's box; a contract on a subject that has no live version yet points at
    the topic's name."""
    return topic.subjects.index(subject) if subject in topic.subjects else -1


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = (x2 - x1) / 2
    return f"M{x1:.1f},{y1:.1f} C{x1 + bend:.1f},{y1:.1f} {x2 - bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
