""""Would this break?" in real Chromium: the sample's breaking v3 submitted through the form shows the findings
with their rule ids and its diff against the latest version; a change that passes the subject's level but
breaks a registered consumer names the consumer; bad input shows the registry's error; writers only; no
cross-site posts."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.ui.conftest import OpenPage, SeededRegistry, screenshot
from tests.ui.seed import SAMPLES, SUBJECTS


def _submit(page: Page, schema: str, schema_type: str = "AVRO", references: str = "") -> None:
    page.locator("#schema").fill(schema)
    page.locator("#schemaType").select_option(schema_type)
    page.locator("#references").fill(references)
    page.get_by_role("button", name="Check").click()


def test_the_breaking_v3_is_refused_with_its_findings_on_its_diff(page: Page) -> None:
    orders = SUBJECTS[0]
    page.goto("/ui/subjects/orders-value/check")
    expect(page.locator("#schema")).to_have_value(re.compile('"name": "coupon_code"'))  # the latest, to edit
    _submit(page, orders.schema(3))
    expect(page.locator("#verdict")).to_contain_text("Registering it would be refused")
    level = page.locator("section.level.own")
    expect(level.get_by_role("heading")).to_contain_text("BACKWARD")
    expect(level.locator("code.rule")).to_have_text(["TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"])
    expect(level.locator("p.checked")).to_have_text("Checked against version 2.")
    # The diff is against the latest version (2): the changed type and the added field are marked.
    expect(page.locator("table.diff thead")).to_contain_text("version 2")
    expect(page.locator("table.diff tr.row-replace td.code.changed").filter(has_text='"type": "int"')).to_have_count(1)
    expect(page.locator("table.diff tr.row-insert").filter(has_text='"name": "shipping_address"')).to_have_count(1)
    finding = level.locator("li.finding").filter(has_text="TYPE_MISMATCH")
    finding.locator("a.target").click()
    expect(page.locator("tr.lit td.code.lit-side code")).to_have_text('      "type": "int"')
    # The form keeps what was posted.
    expect(page.locator("#schema")).to_have_value(re.compile("shipping_address"))
    screenshot(page, "check-breaking-v3")


def test_a_change_that_breaks_a_registered_consumer_names_it(page: Page) -> None:
    change = (SAMPLES / "avro" / "order_placed" / "evolutions" / "v2_without_customer.avsc").read_text()
    page.goto("/ui/subjects/orders-value/check")
    _submit(page, change)
    expect(page.locator("#verdict")).to_contain_text("refused")
    expect(page.locator("section.level.own .badge.ok")).to_have_text("compatible")
    consumers = page.locator("section.level.consumers")
    expect(consumers.get_by_role("heading")).to_contain_text("ENFORCE")
    finding = consumers.locator("li.finding").filter(has_text="payment-service")
    expect(finding.locator("code.rule")).to_have_text("READER_FIELD_MISSING_DEFAULT_VALUE")
    expect(finding).to_contain_text("customer_id")
    expect(finding).to_contain_text("in payment-service's reader schema")  # an Avro path into the reader


def test_a_compatible_schema_would_be_accepted(page: Page) -> None:
    page.goto("/ui/subjects/notifications-value/check")
    notifications = next(s for s in SUBJECTS if s.subject == "notifications-value")
    _submit(page, notifications.schema(2), "JSON")
    expect(page.locator("#verdict")).to_contain_text("Registering it would be accepted")
    expect(page.locator("#verdict")).to_contain_text("It is version 2 already.")


def test_an_invalid_schema_shows_the_registrys_error_and_code(page: Page) -> None:
    page.goto("/ui/subjects/orders-value/check")
    _submit(page, '{"type": "record", "name": "Broken"')
    error = page.get_by_role("alert")
    expect(error).to_contain_text("error 42201")
    expect(error).to_contain_text("Invalid schema")
    expect(page.locator("#schema")).to_have_value('{"type": "record", "name": "Broken"')
    _submit(page, '{"type": "record", "name": "R", "fields": []}', references="[{\"name\": 1}]")
    expect(page.get_by_role("alert")).to_contain_text("references[0] needs a non-empty 'name' and 'subject'")
    _submit(page, "{}", references="not json")
    expect(page.get_by_role("alert")).to_contain_text("the references are not JSON")
    _submit(page, 'syntax = "proto3"; message M { string a = 1; }', "PROTOBUF")
    expect(page.get_by_role("alert")).to_have_count(0)  # a schema of another type is a finding, not an error
    expect(page.locator("section.level.own code.rule")).to_have_text("SCHEMA_TYPE_CHANGED")


def test_only_writers_see_and_use_the_form(open_page: OpenPage, secure_ui_registry: SeededRegistry) -> None:
    reader = open_page(secure_ui_registry, "rex")
    reader.goto("/ui/subjects/orders-value/diff?from=1&to=2")
    expect(reader.get_by_role("link", name="Would a new schema break?")).to_have_count(0)
    writer = open_page(secure_ui_registry, "wil")
    writer.goto("/ui/subjects/orders-value/diff?from=1&to=2")
    writer.get_by_role("link", name="Would a new schema break?").click()
    _submit(writer, SUBJECTS[0].schema(3))
    expect(writer.locator("#verdict")).to_contain_text("refused")
    url = secure_ui_registry.url + "/ui/subjects/orders-value/check"
    body = {"schema": SUBJECTS[0].schema(3)}
    assert httpx.get(url, auth=("rex", "rex-pw")).status_code == 403
    assert httpx.post(url, data=body, auth=("rex", "rex-pw")).status_code == 403
    assert httpx.post(url, data=body, auth=("wil", "wil-pw")).status_code == 200
    other = secure_ui_registry.url + "/ui/subjects/payments-value/check"
    assert httpx.post(other, data=body, auth=("wil", "wil-pw")).status_code == 403


def test_a_post_from_another_sites_page_is_refused(ui_registry: SeededRegistry) -> None:
    url = ui_registry.url + "/ui/subjects/orders-value/check"
    body = {"schema": SUBJECTS[0].schema(3)}
    for headers in (
        {"Origin": "http://attacker.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": ui_registry.url.replace("127.0.0.1", "localhost")},
    ):
        response = httpx.post(url, data=body, headers=headers)
        assert response.status_code == 403, headers
        assert "another site" in response.text
    assert httpx.post(url, data=body, headers={"Origin": ui_registry.url, "Sec-Fetch-Site": "same-origin"}).is_success


def test_bad_bodies_are_clear_errors_never_500s(ui_registry: SeededRegistry) -> None:
    url = ui_registry.url + "/ui/subjects/orders-value/check"
    cases = [
        ({"json": {"schema": "{}"}}, 422, "application/x-www-form-urlencoded"),
        ({"content": b"schema=%FF%FE", "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 422,
         "could not be read"),
        ({"data": {"schema": "x", "a": "1", "b": "2", "c": "3"}}, 422, "could not be read"),
        ({"data": {"schema": "{}", "schemaType": "XML"}}, 200, "Invalid schema type"),
        ({"data": {"schema": ""}}, 200, "Empty schema"),
    ]
    for arguments, status, text in cases:
        response = httpx.post(url, **arguments)  # type: ignore[arg-type]
        assert response.status_code == status, (arguments, response.text)
        assert text in response.text, arguments
    big = {"schema": '{"type": "record", "name": "R", "doc": "' + "x" * 9_000_000 + '", "fields": []}'}
    response = httpx.post(url, data=big, timeout=30)
    assert response.status_code == 200 and "error 42209" in response.text  # the registry's size limit
