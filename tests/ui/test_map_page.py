"""The contract map in real Chromium: the sample's services around their topics (the payment service consuming
orders), every node linking on, the AsyncAPI document for download, the global read role required."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect

from tests.ui.conftest import OpenPage, SeededRegistry, screenshot


def test_the_map_shows_who_produces_and_consumes_each_topic(page: Page) -> None:
    page.goto("/ui/map")
    svg = page.locator("svg.contract-map")
    expect(svg).to_be_visible()
    consumes = svg.locator('path.edge.consumes[data-service="payment-service"][data-subject="orders-value"]')
    expect(consumes).to_have_count(1)
    expect(consumes.locator("title")).to_have_text("payment-service consumes orders-value")
    produces = svg.locator('path.edge.produces[data-service="order-service"][data-topic="orders"]')
    expect(produces).to_have_count(1)
    # Every manifest's contracts are drawn: 4 services, 5 topics (shipments under its record name's topic).
    expect(svg.locator("a.service.producer")).to_have_count(4)
    expect(svg.locator("g.topic")).to_have_count(5)
    expect(svg.locator("a.service.consumer")).to_have_count(4)
    # An edge starts at its producer's box and ends at its consumer's (left to right).
    producer = svg.locator('a.service.producer[data-service="order-service"] rect').bounding_box()
    topic = svg.locator('g.topic[data-topic="orders"] > rect').bounding_box()
    consumer = svg.locator('a.service.consumer[data-service="payment-service"] rect').bounding_box()
    assert producer and topic and consumer
    assert producer["x"] + producer["width"] < topic["x"] < topic["x"] + topic["width"] < consumer["x"]
    # The same as a list, for keyboards and screen readers.
    page.get_by_text("The map as a list").click()
    row = page.locator("details.map-list tr").filter(has_text="payment-service").filter(has_text="orders-value")
    expect(row.locator("td").nth(1)).to_have_text("consumes")
    screenshot(page, "contract-map")


def test_a_subject_node_opens_the_subject_and_a_service_node_centres_the_map(page: Page) -> None:
    page.goto("/ui/map")
    page.locator('svg.contract-map a.subject[data-subject="orders-value"]').click()
    expect(page).to_have_url(re.compile(r"/ui/subjects/orders-value$"))
    page.goto("/ui/map")
    page.locator('svg.contract-map a.service.consumer[data-service="payment-service"]').click()
    expect(page).to_have_url(re.compile(r"/ui/map\?service=payment-service$"))
    expect(page.get_by_text("Centred on")).to_contain_text("payment-service")
    topics = page.locator("svg.contract-map g.topic")
    expect(topics).to_have_count(2)  # orders (consumed), payments (produced)
    expect(topics.nth(0)).to_have_attribute("data-topic", re.compile("^(orders|payments)$"))
    page.get_by_role("link", name="Show every service").click()
    expect(page.locator("svg.contract-map g.topic")).to_have_count(5)


def test_the_map_is_usable_by_keyboard(page: Page) -> None:
    page.goto("/ui/map")
    link = page.locator("svg.contract-map a").first
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ui/map\?service="))


def test_the_asyncapi_link_downloads_the_document(page: Page) -> None:
    page.goto("/ui/map")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the AsyncAPI document").click()
    saved = download.value
    assert saved.suggested_filename == "asyncapi.json"
    document = json.loads(Path(saved.path()).read_text())
    assert document["asyncapi"] == "3.0.0"
    assert any(op["x-schemata-service"] == "payment-service" and op["action"] == "receive"
               for op in document["operations"].values())


def test_the_map_needs_the_global_read_role(open_page: OpenPage, secure_ui_registry: SeededRegistry) -> None:
    assert httpx.get(secure_ui_registry.url + "/ui/map", auth=("rex", "rex-pw")).status_code == 403
    admin = open_page(secure_ui_registry, "ada")
    admin.goto("/ui/map")
    expect(admin.locator('path.edge.consumes[data-service="payment-service"]')).not_to_have_count(0)
