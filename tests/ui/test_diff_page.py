"""The diff of two versions in real Chromium: the changed lines marked, every level's findings with their rule
ids, a finding's link targeting its lines; subjects with `/` and non-ASCII letters; bad versions as pages."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from schemata.registry.service.ui_compare import TRANSITIVE_AT_ONCE
from tests.conftest import LiveServer
from tests.ui.conftest import OpenPage, SeededRegistry, screenshot
from tests.ui.seed import ODD_SUBJECT, SAMPLES, encoded, register, seed

#: Subjects of this module's own: the sample's v2 then its breaking v3 (registered under NONE), per format.
PAIRS = {
    "diff-breaking-value": ("AVRO", SAMPLES / "avro" / "order_placed"),
    "diff-payments-value": ("AVRO", SAMPLES / "avro" / "payment_processed"),
    "diff-proto-value": ("PROTOBUF", SAMPLES / "protobuf" / "order_placed"),
}


#: Versions of diff-long-value: more than the transitive levels decide without being asked.
LONG = TRANSITIVE_AT_ONCE + 2


@pytest.fixture(scope="module")
def diff_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeededRegistry]:
    """The sample flow plus `PAIRS`, on a registry of this module's own (the shared one stays as seeded)."""
    tmp = tmp_path_factory.mktemp("diff-registry")
    server = LiveServer(f"sqlite:///{tmp / 'registry.db'}", tmp / "server.log")
    registry = SeededRegistry(server.url, server)
    with registry.client() as client:
        seed(client)
        for subject, (schema_type, folder) in PAIRS.items():
            client.put(f"/config/{subject}", json={"compatibility": "NONE"}).raise_for_status()
            for version in (2, 3):
                text = next(folder.glob(f"v{version}.*")).read_text()
                register(client, subject, schema_type, text).raise_for_status()
        for n in range(1, LONG + 1):  # a long history: one more optional field each time
            fields = [{"name": f"f{i}", "type": "string", "default": ""} for i in range(n)]
            text = json.dumps({"type": "record", "name": "Long", "fields": fields})
            register(client, "diff-long-value", "AVRO", text).raise_for_status()
    yield registry
    server.stop()


@pytest.fixture
def page(open_page: OpenPage, diff_registry: SeededRegistry) -> Page:
    return open_page(diff_registry)


def test_the_diff_of_v1_and_v2_marks_the_lines_v2_added(page: Page) -> None:
    page.goto("/ui/subjects/orders-value/diff?from=1&to=2")
    expect(page.get_by_role("heading", level=1)).to_contain_text("from version 1 to version 2")
    added = page.locator("table.diff tr.row-insert td.code.changed")
    expect(added.filter(has_text='"name": "coupon_code"')).to_have_count(1)
    expect(page.locator("table.diff tr.row-equal td.code.changed")).to_have_count(0)
    expect(page.locator("table.diff tr.row-equal").filter(has_text='"name": "order_id"')).to_have_count(1)
    # v2 only adds an optional field: compatible at BACKWARD; the old reader ignores it (FORWARD too).
    own = page.locator("section.level.own")
    expect(own.get_by_role("heading")).to_contain_text("BACKWARD")
    expect(own.locator(".badge.ok")).to_have_text("compatible")
    expect(page.locator("section.level")).to_have_count(6)


def test_a_breaking_pair_shows_every_levels_findings_and_links_them_to_their_lines(page: Page) -> None:
    subject = "diff-breaking-value"  # the sample order v2 then its v3
    page.goto(f"/ui/subjects/{subject}/diff?from=1&to=2")
    backward = page.locator("section.level").filter(has=page.get_by_role("heading", name=re.compile("^BACKWARD ")))
    expect(backward.locator("code.rule")).to_have_text(["TYPE_MISMATCH", "READER_FIELD_MISSING_DEFAULT_VALUE"])
    full = page.locator("section.level").filter(has=page.get_by_role("heading", name=re.compile("^FULL ")))
    expect(full.locator("code.rule").first).to_have_text("TYPE_MISMATCH")
    expect(page.locator(".subject-level")).to_have_text("NONE")
    expect(page.locator("section.level.own")).to_have_count(0)

    finding = backward.locator("li.finding").filter(has_text="READER_FIELD_MISSING_DEFAULT_VALUE")
    expect(finding).to_contain_text("shipping_address")
    expect(finding.locator(".hint")).to_contain_text("default")
    link = finding.locator("a.target")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href is not None and href.startswith("#new-L")
    first = int(href.removeprefix("#new-L"))
    link.click()
    expect(page).to_have_url(re.compile(f"#new-L{first}$"))
    target_row = page.locator(f"tr:has(#new-L{first})")
    expect(target_row).to_have_class(re.compile(r"\blit\b"))
    expect(target_row).to_contain_text("{")
    lit = page.locator("tr.lit")
    expect(lit.filter(has_text='"name": "shipping_address"')).to_have_count(1)
    expect(lit.last).to_contain_text("}")
    expect(finding).to_have_class(re.compile(r"\blit\b"))
    screenshot(page, "diff-findings")

    # The mark beside a concerned line leads back to its finding.
    mark = page.locator(f"tr:has(#new-L{first}) a.mark")
    expect(mark).to_have_count(1)
    mark.click()
    expect(page).to_have_url(re.compile(r"#finding-"))


def test_an_avro_forward_finding_points_into_the_old_schema(page: Page) -> None:
    page.goto("/ui/subjects/diff-payments-value/diff?from=1&to=2")
    forward = page.locator("section.level").filter(has=page.get_by_role("heading", name=re.compile("^FORWARD ")))
    expect(forward.locator("code.rule")).to_have_text(["READER_FIELD_MISSING_DEFAULT_VALUE"])
    # Avro's paths are into the reader, which for FORWARD is the old schema: its field the new one dropped.
    target = forward.locator("a.target")
    expect(target).to_have_attribute("href", re.compile(r"^#old-L\d+$"))
    target.click()
    expect(page.locator("tr.lit td.code.lit-side").filter(has_text='"name": "amount_cents"')).to_have_count(1)


def test_a_subject_with_a_slash_and_non_ascii_letters_and_a_deleted_version(page: Page) -> None:
    page.goto(f"/ui/subjects/{encoded(ODD_SUBJECT.subject)}/diff?from=1&to=2")
    expect(page.get_by_role("heading", level=1)).to_contain_text(ODD_SUBJECT.subject)
    expect(page.locator("select[name=from] option[selected]")).to_have_text("version 1 (deleted)")
    expect(page.locator("table.diff tr.row-equal").first).to_be_visible()
    page.get_by_role("link", name="Swap").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("from version 2 to version 1")


def test_pickers_and_finding_links_work_without_javascript(browser: Browser, diff_registry: SeededRegistry) -> None:
    context = browser.new_context(base_url=diff_registry.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/ui/subjects/diff-breaking-value/diff?from=2&to=2")
        page.locator("select[name=from]").select_option("1")
        page.get_by_role("button", name="Compare").click()
        expect(page).to_have_url(re.compile(r"diff\?from=1&to=2$"))
        expect(page.locator("table.diff tr.row-insert")).not_to_have_count(0)
        link = page.locator("li.finding a.target").first
        href = link.get_attribute("href")
        link.click()
        expect(page).to_have_url(re.compile(f"{href}$"))
        assert page.evaluate(f"document.querySelector('{href}').matches(':target')")
        expect(page.locator("tr.lit")).to_have_count(0)  # the script's range highlighting is not there
        screenshot(page, "diff-without-javascript")
    finally:
        context.close()


def test_protobuf_findings_point_at_the_field_on_both_sides(page: Page) -> None:
    page.goto("/ui/subjects/diff-proto-value/diff?from=1&to=2")
    backward = page.locator("section.level").filter(has=page.get_by_role("heading", name=re.compile("^BACKWARD ")))
    finding = backward.locator("li.finding").first
    expect(finding.locator("code.rule")).to_have_text("FIELD_SCALAR_KIND_CHANGED")
    expect(finding.locator("a.target")).to_have_count(2)
    finding.locator("a.target").last.click()
    expect(page.locator("tr.lit")).to_have_count(1)
    expect(page.locator("tr.lit td.code.lit-side").first).to_contain_text("total_cents = 4")


def test_bad_versions_and_unknown_subjects_are_error_pages(diff_registry: SeededRegistry) -> None:
    with diff_registry.client() as client:
        for path, status, code in (
            ("/ui/subjects/orders-value/diff?from=9&to=1", 404, "40402"),
            ("/ui/subjects/orders-value/diff?from=x", 422, "42202"),
            ("/ui/subjects/no-such-subject/diff", 404, "40401"),
        ):
            response = client.get(path)
            assert response.status_code == status, path
            assert response.headers["content-type"].startswith("text/html")
            assert f"Error code {code}" in response.text


def test_a_long_historys_transitive_levels_are_decided_on_request(page: Page) -> None:
    page.goto(f"/ui/subjects/diff-long-value/diff?from=1&to={LONG}")
    transitive = _level(page, "FULL_TRANSITIVE")
    expect(transitive.locator(".badge").first).to_have_text("on request")
    expect(_level(page, "FULL").locator(".badge.ok")).to_have_text("compatible")
    transitive.get_by_role("link", name="decide the transitive levels").click()
    expect(page).to_have_url(re.compile(r"every=1"))
    decided = _level(page, "FULL_TRANSITIVE")
    expect(decided.locator(".badge.ok")).to_have_text("compatible")
    expect(decided.locator("p.checked")).to_contain_text("Checked against versions 1, 2, 3")


def _level(page: Page, level: str) -> Locator:
    return page.locator("section.level").filter(has=page.get_by_role("heading", name=re.compile(f"^{level} ")))
