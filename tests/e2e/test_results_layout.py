"""The results, compare and workshop pages in Chromium where the layout lives in the browser:
printing, wide tables, chart labels on a phone, and the menu on a phone."""

from __future__ import annotations

import io

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, open_menu, wait_for_app

pytestmark = pytest.mark.e2e

A4_PORTRAIT_PX = 1123  # one A4 sheet at 96 dpi


def _open(browser, base_url: str, path: str, viewport: dict[str, int]):
    page = browser.new_page(viewport=viewport)
    page.goto(f"{base_url}{path}")
    wait_for_app(page)
    page.wait_for_timeout(1500)  # charts draw after the script has finished
    return page


def test_printing_the_results_page_prints_all_of_it_without_blank_sheets(app_server, browser) -> None:
    from pypdf import PdfReader

    base_url, seed = app_server
    page = _open(browser, base_url, f"/results?assessment={seed.demo_workshop_id}", DESKTOP)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    page.close()
    texts = [sheet.extract_text() or "" for sheet in pdf.pages]
    whole = " ".join(texts)
    assert "Prioritised backlog" in whole and "Roadmap" in whole, "the page flows onto later sheets"
    assert "Downloads" in whole, "down to the end of the page"
    assert all(text.strip() for text in texts), "no blank sheet"
    assert "Question bank" not in whole, "the menu is not printed"


@pytest.mark.parametrize("code", ["en", "de"])
def test_every_column_of_answers_per_question_shows_at_1280_px_and_fits_a_phone(
    app_server, browser, code
) -> None:
    base_url, seed = app_server
    for viewport in (DESKTOP, PHONE):
        page = _open(browser, base_url, f"/workshop?assessment={seed.demo_workshop_id}&lang={code}", viewport)
        spread = {"en": "Spread", "de": "Spanne"}[code]
        table = page.get_by_test_id("stTable").filter(has_text=spread).first  # the first area's tab
        table.wait_for()
        fits = table.evaluate(
            """(element) => {
                const main = document.querySelector("[data-testid=stMainBlockContainer]")
                    .getBoundingClientRect();
                const heads = [...element.querySelectorAll('th')];
                return {
                    heads: heads.map((th) => th.innerText.trim()),
                    inside: heads.every((th) => th.getBoundingClientRect().right <= main.right + 1),
                    scrolls: [element, ...element.querySelectorAll('div')].some(
                        (box) => box.scrollWidth > box.clientWidth + 1),
                };
            }"""
        )
        page.close()
        if code == "en":
            assert {"Question", "Levels 1–5", "N/A", "Don't know", "Spread"} <= set(fits["heads"])
        assert fits["inside"] and not fits["scrolls"], (code, viewport, fits)


def _labels_clear(page, chart_key: str) -> dict[str, bool]:
    """Whether a chart's tick labels lie inside its own box, clear of its cells and of the toolbar."""
    chart = page.locator(f".st-key-{chart_key} [data-testid='stPlotlyChart']")
    chart.wait_for()
    return chart.evaluate(
        """(element) => {
            const box = element.getBoundingClientRect();
            const cells = element.querySelector('.nsewdrag')?.getBoundingClientRect();
            const ticks = [...element.querySelectorAll('.xtick text, .ytick text, .angularaxistick text')];
            const rects = ticks.map((t) => t.getBoundingClientRect());
            const clip = (r) => r.left >= box.left - 1 && r.right <= box.right + 1;
            return {
                inside: rects.every(clip),
                yClear: [...element.querySelectorAll('.ytick text')].every(
                    (t) => !cells || t.getBoundingClientRect().right <= cells.left + 1),
                xBelow: [...element.querySelectorAll('.xtick text')].every(
                    (t) => !cells || t.getBoundingClientRect().top >= cells.bottom - 1),
                xApart: [...element.querySelectorAll('.xtick text')].map((t) => t.getBoundingClientRect())
                    .sort((a, b) => a.left - b.left)
                    .every((r, i, all) => i === 0 || all[i - 1].right <= r.left + 1),
                cut: ticks.some((t) => t.textContent.includes('…')),
            };
        }"""
    )


@pytest.mark.parametrize("code", ["en", "de"])
def test_heatmap_and_radar_labels_are_whole_and_clear_on_a_phone(app_server, browser, code) -> None:
    base_url, seed = app_server
    page = _open(browser, base_url, f"/compare?lang={code}", PHONE)
    heatmap = _labels_clear(page, "compare_heatmap")
    page.get_by_text({"en": "Guiding steps", "de": "Leitschritte"}[code], exact=True).first.click()
    wait_for_app(page)
    page.wait_for_timeout(1000)
    steps = _labels_clear(page, "compare_heatmap")
    bars = page.locator(".st-key-change_chart [data-testid='stPlotlyChart']")
    clear = bars.evaluate(
        """(element) => {
            const cells = element.querySelector('.nsewdrag').getBoundingClientRect();
            const values = [...element.querySelectorAll('text.bartext')];
            return values.length > 0 && values.every((t) => t.getBoundingClientRect().left >= cells.left - 1);
        }"""
    )
    page.close()
    assert heatmap == {"inside": True, "yClear": True, "xBelow": True, "xApart": True, "cut": False}
    assert steps == heatmap, "the guiding steps' long names never cross each other"
    assert clear, "a bar's value never lies over the unit names"
    page = _open(browser, base_url, f"/results?assessment={seed.demo_workshop_id}&lang={code}", PHONE)
    radar = _labels_clear(page, "radar_areas")
    page.close()
    assert radar["inside"], "no radar label is clipped at 390 px"


def test_choosing_a_page_on_a_phone_closes_the_menu(app_server, browser) -> None:
    base_url, _seed = app_server
    page = _open(browser, base_url, "/privacy", PHONE)
    open_menu(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Compare").click()
    wait_for_app(page)
    page.get_by_test_id("stExpandSidebarButton").wait_for(timeout=5000)
    page.close()
