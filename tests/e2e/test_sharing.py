"""A read-only results link in a real browser: made on the results page, opened in a fresh
browser session that sees those results and a help page, nothing else, even after it left for the
help page and came back (the address then no longer carries the link). Screenshots of the shared
page at desktop and phone size, in English and German, land in ``out/screenshots/``."""

from __future__ import annotations

import pytest

from .conftest import DESKTOP, PAGE_TIMEOUT_MS, PHONE, SCREENSHOTS, drawn, save_screenshot

pytestmark = pytest.mark.e2e


def test_a_link_made_on_the_results_page_opens_the_results_alone_in_a_new_session(app_server, browser):
    base_url, seed = app_server
    maker = browser.new_context(viewport=DESKTOP)
    page = maker.new_page()
    page.goto(f"{base_url}/results?assessment={seed.demo_workshop_id}")
    drawn(page)
    page.get_by_text("Make a link, or revoke one").click()  # the panel is drawn when opened
    drawn(page)
    page.get_by_role("button", name="Create link").click()
    drawn(page)
    address = page.get_by_test_id("stCode").inner_text().strip()
    assert address.startswith(f"{base_url}/?link=")
    save_screenshot(page, DESKTOP, SCREENSHOTS / "sharing-panel-desktop.png")
    maker.close()

    for language, viewport, size in (
        ("en", DESKTOP, "desktop"),
        ("en", PHONE, "phone"),
        ("de", DESKTOP, "desktop"),
        ("de", PHONE, "phone"),
    ):
        board = browser.new_context(viewport=viewport)
        reader = board.new_page()
        reader.goto(f"{address}&lang={language}")
        drawn(reader)
        assert reader.get_by_role("dialog").count() == 0  # no "Page not found"
        title = "Shared results" if language == "en" else "Geteilte Ergebnisse"
        reader.get_by_role("heading", name=title).wait_for(timeout=PAGE_TIMEOUT_MS)
        assert reader.get_by_test_id("stMetric").count() >= 4
        # The open tab's radar: the PDF's drawing as an image (ui.svg_chart), the size that fits.
        reader.locator(".st-key-radar_areas figure.wf-chart img:visible").wait_for(timeout=PAGE_TIMEOUT_MS)
        body = reader.get_by_test_id("stMain").inner_text()
        for elsewhere in ("Ada", "Downloads", "Targets and focus", "Share read-only", "Participant"):
            assert elsewhere not in body
        save_screenshot(reader, viewport, SCREENSHOTS / f"shared-results-{size}-{language}.png")
        if language == "en" and size == "desktop":
            menu = reader.get_by_test_id("stSidebarNav").get_by_role("link")
            labels = sorted(text.splitlines()[-1] for text in menu.all_inner_texts())  # after the icon
            assert labels == ["Help", "Shared results"]
            menu.filter(has_text="Help").click()
            drawn(reader)
            reader.get_by_test_id("stSidebarNav").get_by_role("link").filter(
                has_text="Shared results"
            ).click()
            drawn(reader)
            assert "link=" not in reader.url  # the session, not the address, remembers the link
            assert reader.get_by_test_id("stMetric").count() >= 4
        board.close()
