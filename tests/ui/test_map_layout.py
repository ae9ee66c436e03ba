"""The contract map's layout, pure: three layers left to right, boxes that never overlap, an edge per contract
from its box to its subject's row, and the barycentre ordering that uncrosses what alphabetical order crosses."""

from __future__ import annotations

from itertools import combinations, pairwise

from schemata.registry.domain import ContractRecord, ContractRole
from schemata.registry.service.catalog import TopicOutline
from schemata.registry.service.ui_compare import ContractMap
from schemata.registry.ui.graph import MAX_WIDTH, Edge, Layout, MapTopic, Node, fit, layout
from schemata.registry.ui.map_view import MapViews


def _topic(name: str, producers: list[str], consumers: list[str], subjects: tuple[str, ...] = ()) -> MapTopic:
    subjects = subjects or (f"{name}-value",)
    first = subjects[0]
    return MapTopic(name, subjects, tuple((p, first) for p in producers), tuple((c, first) for c in consumers))


def _crossings(drawn: Layout) -> int:
    """Pairs of consume edges whose ends are in opposite vertical order (they cross between the layers)."""
    ends = [_ends(drawn, e) for e in drawn.edges if e.kind == "consumes"]
    return sum(1 for (a1, b1), (a2, b2) in combinations(ends, 2) if (a1 - a2) * (b1 - b2) < 0)


def _ends(drawn: Layout, edge: Edge) -> tuple[float, float]:
    numbers = [float(n) for n in edge.path.replace("M", "").replace("C", "").replace(",", " ").split()]
    return numbers[1], numbers[-1]


def _node(drawn: Layout, kind: str, name: str) -> Node:
    return next(n for n in drawn.nodes if n.kind == kind and n.name == name)


def test_services_and_topics_sit_in_three_layers_with_an_edge_per_contract() -> None:
    topics = [
        _topic("orders", ["order-service"], ["payment-service", "shipping-service"]),
        _topic("payments", ["payment-service"], ["order-service"]),
    ]
    drawn = layout(topics)
    kinds = {n.kind: n.x for n in drawn.nodes}
    assert kinds["producer"] < kinds["topic"] < kinds["consumer"]
    assert len([n for n in drawn.nodes if n.kind == "topic"]) == 2
    # A service that produces and consumes is in both outer layers.
    assert _node(drawn, "producer", "payment-service") and _node(drawn, "consumer", "payment-service")
    assert sorted((e.kind, e.service, e.topic) for e in drawn.edges) == [
        ("consumes", "order-service", "payments"), ("consumes", "payment-service", "orders"),
        ("consumes", "shipping-service", "orders"), ("produces", "order-service", "orders"),
        ("produces", "payment-service", "payments"),
    ]
    for node in drawn.nodes:
        assert node.x >= 0 and node.x + node.width <= drawn.width
        assert node.y >= 0 and node.y + node.height <= drawn.height


def test_an_edge_runs_from_its_producer_to_its_subjects_row_and_on_to_its_consumer() -> None:
    topics = [_topic("orders", ["shop"], ["billing"], subjects=("orders-key", "orders-value"))]
    drawn = layout(topics)
    producer, topic, consumer = (_node(drawn, k, n) for k, n in
                                 (("producer", "shop"), ("topic", "orders"), ("consumer", "billing")))
    produced, consumed = sorted(drawn.edges, key=lambda e: e.kind, reverse=True)
    assert produced.path.startswith(f"M{producer.x + producer.width:.1f},{producer.middle:.1f} ")
    assert produced.path.endswith(f"{topic.x:.1f},{topic.row_y(0):.1f}")
    assert consumed.path.startswith(f"M{topic.x + topic.width:.1f},{topic.row_y(0):.1f} ")
    assert consumed.path.endswith(f"{consumer.x:.1f},{consumer.middle:.1f}")
    assert topic.y < topic.row_y(0) < topic.row_y(1) < topic.y + topic.height


def test_boxes_of_a_layer_never_overlap() -> None:
    topics = [_topic(f"t{i}", [f"p{i % 3}"], [f"c{i % 4}", f"c{(i + 1) % 4}"],
                     subjects=tuple(f"t{i}-{k}" for k in range(1 + i % 3))) for i in range(12)]
    drawn = layout(topics)
    for kind in ("producer", "topic", "consumer"):
        layer = sorted((n for n in drawn.nodes if n.kind == kind), key=lambda n: n.y)
        assert all(a.y + a.height < b.y for a, b in pairwise(layer)), kind


def test_the_barycentre_order_uncrosses_what_the_alphabet_crosses() -> None:
    # By name, a-topic's consumer would be drawn last and z-topic's first: the two edges would cross.
    topics = [_topic("a-topic", ["p"], ["zulu"]), _topic("z-topic", ["p"], ["alpha"])]
    drawn = layout(topics)
    assert _crossings(drawn) == 0
    upper = min((n for n in drawn.nodes if n.kind == "topic"), key=lambda n: n.y)
    above = "zulu" if upper.name == "a-topic" else "alpha"
    assert _node(drawn, "consumer", above).y == min(n.y for n in drawn.nodes if n.kind == "consumer")


def test_an_empty_map_and_long_names() -> None:
    assert layout([]).nodes == ()
    long = "a-very-long-service-name-" * 10
    drawn = layout([_topic("t", [long], [])])
    assert _node(drawn, "producer", long).width == MAX_WIDTH
    cut = fit(long, MAX_WIDTH)
    assert cut.endswith("…") and len(cut) < len(long)
    assert fit("short", MAX_WIDTH) == "short"


def _outline(topic: str, producer: str, consumer: str) -> TopicOutline:
    subject = f"{topic}-value"
    return TopicOutline(topic, (subject,), (ContractRecord(producer, subject, ContractRole.PRODUCES, topic),),
                        (ContractRecord(consumer, subject, ContractRole.CONSUMES, topic),))


def test_drawn_maps_are_kept_for_their_source_and_centre_on_a_service() -> None:
    views = MapViews()
    source = ContractMap((_outline("a", "p1", "c1"), _outline("b", "p2", "c1")), 0)
    whole = views.drawn(source, "")
    assert [n.name for n in whole.layout.nodes if n.kind == "topic"] == ["a", "b"]
    assert views.drawn(source, "") is whole
    centred = views.drawn(source, "p2")
    assert [n.name for n in centred.layout.nodes if n.kind == "topic"] == ["b"]
    assert views.drawn(source, "nobody").layout.nodes == ()
    newer = ContractMap((_outline("a", "p1", "c1"),), 0)
    assert views.drawn(newer, "") is not whole
    assert views.drawn(newer, "p2").total == 0
