"""The browsing pages in headless Chromium against the seeded sample flow: the subject list (types, versions,
services, search, pages), a subject (versions, deleted ones marked, settings, services, the highlighted
schema), the audit log; links followed, no console error (the `open_page` fixture fails a test on one)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.ui.conftest import OpenPage, SeededRegistry, screenshot
from tests.ui.seed import ODD_SUBJECT


def row(page: Page, subject: str) -> Locator:
    return page.locator("table.subjects tbody tr").filter(has=page.get_by_role("link", name=subject, exact=True))


def cells(page: Page, subject: str) -> list[str]:
    return [text.strip() for text in row(page, subject).locator("td").all_inner_texts()]


def test_the_list_shows_each_sample_subject_with_its_type_versions_level_and_services(page: Page) -> None:
    page.goto("/ui/subjects")
    expect(page.locator("#summary")).to_contain_text("6 subjects")
    # Subject, type, latest, versions, level, producers, consumers.
    assert cells(page, "orders-value") == [
        "orders-value", "AVRO", "2", "2", "BACKWARD", "order-service",
        "notification-service, payment-service, shipping-service",
    ]
    assert cells(page, "payments-value")[:5] == ["payments-value", "AVRO", "1", "1", "BACKWARD"]
    assert cells(page, "inventory-value")[1:3] == ["JSON", "1"]
    assert cells(page, "notifications-value")[1:3] == ["JSON", "2"]
    assert cells(page, "com.example.shop.ShipmentDispatched")[1:3] == ["PROTOBUF", "2"]
    assert cells(page, ODD_SUBJECT.subject)[1:4] == ["AVRO", "2", "1 (+1 deleted)"]


def test_search_keeps_the_subjects_whose_name_holds_the_text_in_any_case(page: Page) -> None:
    page.goto("/ui/subjects")
    page.keyboard.press("/")  # ui.js: "/" focuses the search box
    expect(page.get_by_label("Search subjects")).to_be_focused()
    page.keyboard.type("ORDERS")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/ui/subjects\?q=ORDERS$"))
    expect(page.locator("#summary")).to_contain_text("2 subjects matching “ORDERS”")
    names = page.locator("table.subjects tbody tr td:first-child").all_inner_texts()
    assert names == ["orders-value", ODD_SUBJECT.subject]
    page.get_by_label("Search subjects").fill("no-such-thing")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#summary")).to_have_text("No subject matches “no-such-thing”.")
    expect(page.locator("table.subjects")).to_have_count(0)


def test_the_list_pages_on_with_next_and_previous(page: Page) -> None:
    page.goto("/ui/subjects?limit=4")
    first = page.locator("table.subjects tbody tr td:first-child").all_inner_texts()
    assert len(first) == 4
    page.get_by_role("link", name="Next →").click()
    expect(page.locator("#summary")).to_contain_text("showing 5\N{EN DASH}6")
    second = page.locator("table.subjects tbody tr td:first-child").all_inner_texts()
    assert len(second) == 2 and not set(first) & set(second)
    assert sorted(first + second) == first + second  # sorted by name across pages
    expect(page.get_by_role("link", name="Next →")).to_have_count(0)
    page.get_by_role("link", name="← Previous").click()
    assert page.locator("table.subjects tbody tr td:first-child").all_inner_texts() == first


def test_a_subject_page_shows_versions_settings_services_and_the_highlighted_schema(page: Page) -> None:
    page.goto("/ui/subjects")
    page.get_by_role("link", name="orders-value", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ui/subjects/orders-value$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("orders-value AVRO")
    settings = page.locator("dl.facts")
    expect(settings).to_contain_text("Compatibility levelBACKWARD (inherited)")
    expect(settings).to_contain_text("Contract enforcementENFORCE")
    expect(settings).to_contain_text("ModeREADWRITE")
    versions = page.locator("table.versions tbody tr")
    expect(versions).to_have_count(2)
    expect(versions.nth(1)).to_have_attribute("aria-current", "true")  # the latest is shown
    services = page.locator("table.services tbody")
    expect(services).to_contain_text("order-service")
    expect(services.locator("tr", has_text="payment-service")).to_contain_text("consumes")
    # The schema: indented JSON with Pygments' token classes (a key is a Name.Tag, `nt`).
    schema = page.locator(".schema .highlight pre")
    expect(schema).to_contain_text('"name": "OrderPlaced"')
    expect(schema.locator("span.nt", has_text='"fields"').first).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("^Version 2"))).to_be_visible()
    # Each pair of consecutive versions links to its diff, and a writer may check a schema.
    expect(page.get_by_role("link", name="Diff v1 → v2")).to_have_attribute(
        "href", "/ui/subjects/orders-value/diff?from=1&to=2"
    )
    expect(page.get_by_role("link", name="Would this break?")).to_have_attribute(
        "href", "/ui/subjects/orders-value/check"
    )


def test_a_protobuf_schema_is_highlighted_as_protobuf(page: Page) -> None:
    page.goto("/ui/subjects/com.example.shop.ShipmentDispatched")
    schema = page.locator(".schema .highlight pre")
    expect(schema).to_contain_text("message ShipmentDispatched")
    expect(schema.locator("span.kd, span.k", has_text="message").first).to_be_visible()


def test_a_version_page_shows_that_version_and_a_deleted_one_is_marked(page: Page) -> None:
    page.goto("/ui/subjects/orders-value")
    page.locator("table.versions").get_by_role("link", name="1", exact=True).click()
    expect(page).to_have_url(re.compile(r"/ui/subjects/orders-value/versions/1$"))
    expect(page.get_by_role("heading", name=re.compile("^Version 1"))).to_be_visible()
    expect(page.locator("table.versions tbody tr").first).to_have_attribute("aria-current", "true")


def test_a_subject_with_a_slash_and_accents_opens_and_marks_its_deleted_version(page: Page) -> None:
    page.goto("/ui/subjects?q=z%C3%BCrich")
    page.get_by_role("link", name=ODD_SUBJECT.subject).click()
    expect(page).to_have_url(re.compile(re.escape("/ui/subjects/" + quote(ODD_SUBJECT.subject, safe="")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(ODD_SUBJECT.subject)
    first, second = page.locator("table.versions tbody tr").all()
    expect(first).to_have_class("deleted")
    expect(first.locator(".badge")).to_have_text("soft-deleted")
    expect(second.locator(".badge")).to_have_text("live")
    first.get_by_role("link", name="1", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Version 1"))).to_contain_text("soft-deleted")
    expect(page.locator(".schema")).to_contain_text("NotificationSent")


@pytest.mark.console_errors(r"status of 404 \(Not Found\)")
def test_an_unknown_subject_is_a_404_page(page: Page) -> None:
    response = page.goto("/ui/subjects/no-such-subject")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("404: Subject 'no-such-subject' not found.")
    page.get_by_role("link", name="Back to the subjects").click()
    expect(page).to_have_url(re.compile(r"/ui/subjects$"))


def test_the_audit_log_lists_the_registrations_newest_first(page: Page) -> None:
    page.goto("/ui/subjects")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit").click()
    expect(page).to_have_url(re.compile(r"/ui/audit$"))
    entries = page.locator("table.audit tbody tr")
    expect(entries.first).to_contain_text("DELETE /subjects/" + quote(ODD_SUBJECT.subject, safe=""))
    registered = entries.filter(has_text="POST /subjects/orders-value/versions")
    expect(registered).to_have_count(2)
    refused = entries.filter(has_text="POST /subjects/payments-value/versions")
    expect(refused.locator(".badge.bad")).to_have_text(["409"])  # v2, refused by order-service's reader
    expect(entries.filter(has_text="PUT /contracts/services/payment-service")).to_contain_text("anonymous")


def test_a_subjects_audit_log_holds_its_writes_only(page: Page) -> None:
    page.goto("/ui/subjects/payments-value")
    page.get_by_role("link", name="Audit log of this subject").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log of payments-value")
    statuses = page.locator("table.audit tbody tr td:last-child").all_inner_texts()
    assert statuses == ["409", "200"]  # newest first: the refused v2, then v1
    page.get_by_role("heading", level=1).get_by_role("link", name="payments-value").click()
    expect(page).to_have_url(re.compile(r"/ui/subjects/payments-value$"))


def test_the_read_only_pages_work_without_javascript(browser: Browser, ui_registry: SeededRegistry) -> None:
    context = browser.new_context(base_url=ui_registry.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/ui/subjects")
        page.get_by_label("Search subjects").fill("payments")
        page.get_by_role("button", name="Search").click()
        expect(page.locator("#summary")).to_contain_text("1 subject matching")
        page.get_by_role("link", name="payments-value").click()
        expect(page.locator(".schema")).to_contain_text("PaymentProcessed")
        page.goto("/ui/audit")
        expect(page.locator("table.audit tbody tr").first).to_be_visible()
    finally:
        context.close()


def test_every_link_of_the_subject_page_leads_somewhere(open_page: OpenPage, ui_registry: SeededRegistry) -> None:
    """Every link of a subject page answers 200, except those of the comparison pages when they are absent."""
    page = open_page(ui_registry)
    page.goto("/ui/subjects/orders-value")
    hrefs = {a.get_attribute("href") or "" for a in page.locator("a[href^='/']").all()}
    with ui_registry.client() as client:
        for href in sorted(hrefs):
            status = client.get(href).status_code
            assert status == 200 or (status == 404 and re.search(r"/(diff|check)\b|/map$", href)), (href, status)


def test_a_reader_sees_only_its_subjects_and_no_write_actions(
    open_page: OpenPage, secure_ui_registry: SeededRegistry
) -> None:
    page = open_page(secure_ui_registry, "rex")
    page.goto("/ui/subjects")
    expect(page.locator(".principal")).to_have_text("Signed in as rex")
    assert page.locator("table.subjects tbody tr td:first-child").all_inner_texts() == ["orders-value"]
    page.get_by_role("link", name="orders-value").click()
    expect(page.locator(".schema")).to_contain_text("OrderPlaced")
    expect(page.get_by_role("link", name="Would this break?")).to_have_count(0)
    expect(page.get_by_role("link", name="Audit log of this subject")).to_have_count(0)
    denied = page.request.get("/ui/subjects/payments-value")
    assert denied.status == 403
    assert page.request.get("/ui/audit").status == 403


def test_a_principal_without_grants_sees_no_subject(open_page: OpenPage, secure_ui_registry: SeededRegistry) -> None:
    page = open_page(secure_ui_registry, "nia")
    page.goto("/ui/subjects")
    expect(page.locator("#summary")).to_have_text("No subjects yet.")
    assert page.request.get("/ui/subjects/orders-value").status == 403


def test_a_writer_is_offered_the_check_and_an_admin_the_audit_log(
    open_page: OpenPage, secure_ui_registry: SeededRegistry
) -> None:
    writer = open_page(secure_ui_registry, "wil")
    writer.goto("/ui/subjects/orders-value")
    expect(writer.get_by_role("link", name="Would this break?")).to_be_visible()
    expect(writer.get_by_role("link", name="Audit log of this subject")).to_have_count(0)
    admin = open_page(secure_ui_registry, "ada")
    admin.goto("/ui/subjects/orders-value")
    admin.get_by_role("link", name="Audit log of this subject").click()
    expect(admin.locator("table.audit tbody tr").first).to_contain_text("ada")


def test_the_readmes_screenshots(page: Page) -> None:
    """The two screenshots of the README (docs/images/ui-*.png are copies of build/ui-screenshots/readme-*.png)."""
    page.goto("/ui/subjects")
    expect(page.locator("table.subjects tbody tr")).to_have_count(6)
    screenshot(page, "readme-subjects")
    page.goto("/ui/subjects/orders-value")
    expect(page.locator(".schema")).to_contain_text("OrderPlaced")
    screenshot(page, "readme-subject")
