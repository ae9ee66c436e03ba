"""The contract map as drawn: the catalogue's topics as the layout takes them, indexed by service, and the
drawings rendered from them (the whole map, or one centred on a service), kept for as long as the map they
were drawn from is the service's, so that a request for an unchanged map renders only the page around it."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from markupsafe import Markup

from schemata.registry.service.ui_compare import ContractMap
from schemata.registry.ui.graph import Layout, MapTopic, fit, layout
from schemata.registry.ui.rendering import environment

#: The most topics the map draws at once; beyond, it asks for a service to centre on.
MAX_MAP_TOPICS = 120
#: Layouts kept (the whole map and the services centred on most recently).
KEPT_LAYOUTS = 64


@dataclass(frozen=True)
class DrawnMap:
    layout: Layout
    #: The map's SVG and its list form, rendered.
    drawing: Markup
    #: The topics there are to draw, and how many of them the layout leaves out.
    total: int
    cut: int


class MapViews:
    def __init__(self) -> None:
        self._source: ContractMap | None = None
        self._topics: list[MapTopic] = []
        self._by_service: dict[str, list[MapTopic]] = {}
        self._drawn: dict[str, DrawnMap] = {}
        self._lock = threading.Lock()

    def drawn(self, source: ContractMap, centre: str) -> DrawnMap:
        """The map of `source`, or of the topics that service `centre` produces or consumes (`centre` "")."""
        with self._lock:
            if source is not self._source:
                self._index(source)
            found = self._drawn.get(centre)
            if found is not None:
                return found
            topics = self._by_service.get(centre, []) if centre else self._topics
        shown = topics[:MAX_MAP_TOPICS]
        drawn = layout(shown)
        drawing = environment().get_template("map_drawing.html").render(layout=drawn, fit=fit, centre=centre)
        found = DrawnMap(drawn, Markup(drawing), len(topics), len(topics) - len(shown))
        with self._lock:
            if source is self._source:
                if len(self._drawn) >= KEPT_LAYOUTS:
                    self._drawn.clear()
                self._drawn[centre] = found
        return found

    def _index(self, source: ContractMap) -> None:
        self._source, self._drawn = source, {}
        self._topics = [
            MapTopic(
                t.topic,
                t.subjects,
                tuple(dict.fromkeys((c.service, c.subject) for c in t.producers)),
                tuple(dict.fromkeys((c.service, c.subject) for c in t.consumers)),
            )
            for t in source.topics
        ]
        self._by_service = {}
        for topic in self._topics:
            for service in dict.fromkeys(s for s, _ in (*topic.producers, *topic.consumers)):
                self._by_service.setdefault(service, []).append(topic)
