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
    page.wait_for_timeout(1500)  # tables and the trend chart draw after the script has finished
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
        table = page.locator(".wf-table").filter(has_text=spread).first  # the first area's tab
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


def _labels_clear(page, chart_key: str) -> dict[str, object]:
    """Whether the drawing a chart shows at this width keeps its labels inside its box, apart from
    each other, whole and large enough to read.

    The chart is an image of the PDF's drawing (``ui.svg_chart``): its SVG is set into the page
    at the image's place and size for a moment, so the browser lays its labels out to measure."""
    chart = page.locator(f".st-key-{chart_key} figure.wf-chart img:visible")
    chart.wait_for()
    return chart.evaluate(
        """async (image) => {
            await image.decode();
            const shown = image.getBoundingClientRect();
            const holder = document.createElement('div');
            holder.style.cssText = `position: absolute; left: ${shown.left + scrollX}px;
                top: ${shown.top + scrollY}px; width: ${shown.width}px`;
            holder.innerHTML = atob(image.src.split(',')[1]);
            document.body.append(holder);
            const svg = holder.querySelector('svg');
            svg.style.cssText = 'width: 100%; height: auto; display: block';
            const box = svg.getBoundingClientRect();
            const texts = [...svg.querySelectorAll('text')];
            const rects = texts.map((t) => t.getBoundingClientRect());
            const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
            const sizes = texts.map((t) => [parseFloat(getComputedStyle(t).fontSize),
                parseFloat(getComputedStyle(t).fontSize) * box.width / svg.viewBox.baseVal.width]);
            const result = {
                labels: rects.length > 0,
                inside: rects.every((r) => r.left >= box.left - 1 && r.right <= box.right + 1
                    && r.top >= box.top - 1 && r.bottom <= box.bottom + 1),
                apart: rects.every((r, i) => rects.slice(i + 1).every((other) => !overlap(r, other))),
                cut: texts.some((t) => t.textContent.includes('…')),
                fits: Math.abs(box.height - shown.height) < 2
                    && shown.right <= document.documentElement.clientWidth,
                // on screen: the axis numbers (5.5–6.5 pt in the drawing), and names and values (≥ 6.8 pt)
                smallestPx: Math.min(...sizes.map(([points, px]) => px)),
                namesPx: Math.min(...sizes.filter(([points, px]) => points >= 6.8).map(([points, px]) => px)),
            };
            holder.remove();
            return result;
        }"""
    )


CLEAR = {"labels": True, "inside": True, "apart": True, "cut": False, "fits": True}


@pytest.mark.parametrize("code", ["en", "de"])
def test_heatmap_radar_and_change_labels_are_whole_clear_and_readable_on_a_phone(
    app_server, browser, code
) -> None:
    base_url, seed = app_server
    page = _open(browser, base_url, f"/compare?lang={code}", PHONE)
    charts = {"areas": _labels_clear(page, "compare_heatmap"), "changes": _labels_clear(page, "change_chart")}
    page.get_by_text({"en": "Guiding steps", "de": "Leitschritte"}[code], exact=True).first.click()
    wait_for_app(page)
    page.wait_for_timeout(1000)
    charts["steps"] = _labels_clear(page, "compare_heatmap")
    page.close()
    page = _open(browser, base_url, f"/results?assessment={seed.demo_workshop_id}&lang={code}", PHONE)
    charts["radar"] = _labels_clear(page, "radar_areas")
    page.close()
    for name, chart in charts.items():
        assert {key: chart[key] for key in CLEAR} == CLEAR, (name, chart)
        assert chart["smallestPx"] >= 7 and chart["namesPx"] >= 9, (name, chart)


def test_the_desktop_shows_the_wide_drawing_and_a_phone_the_narrow_one(app_server, browser) -> None:
    base_url, seed = app_server
    shown = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page = _open(browser, base_url, f"/results?assessment={seed.demo_workshop_id}", viewport)
        chart = page.locator(".st-key-radar_areas figure.wf-chart img:visible")
        chart.wait_for()
        shown[name] = (chart.count(), chart.first.get_attribute("class"), _labels_clear(page, "radar_areas"))
        page.close()
    assert shown["desktop"][:2] == (1, "wf-wide") and shown["phone"][:2] == (1, "wf-narrow")
    assert shown["desktop"][2]["namesPx"] >= 11 and shown["desktop"][2]["apart"], shown


def test_choosing_a_page_on_a_phone_closes_the_menu(app_server, browser) -> None:
    base_url, _seed = app_server
    page = _open(browser, base_url, "/privacy", PHONE)
    open_menu(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Compare").click()
    wait_for_app(page)
    page.get_by_test_id("stExpandSidebarButton").wait_for(timeout=5000)
    page.close()


@pytest.mark.parametrize("code", ["en", "de"])
def test_no_table_on_compare_scrolls_sideways_at_1280_px(app_server, browser, code) -> None:
    base_url, _seed = app_server
    page = _open(browser, base_url, f"/compare?lang={code}", DESKTOP)
    tables = page.locator(".wf-table")
    tables.nth(2).wait_for()  # ranking, change since the previous round, one unit over time
    widths = tables.evaluate_all(
        "(tables) => tables.map((t) => [t.getAttribute('aria-label'), t.scrollWidth, t.clientWidth])"
    )
    page.close()
    assert len(widths) >= 3
    assert all(scroll <= client + 1 for _label, scroll, client in widths), widths


def test_the_headline_figures_share_lines_on_a_phone(app_server, browser) -> None:
    base_url, seed = app_server
    page = _open(browser, base_url, f"/results?assessment={seed.demo_workshop_id}", PHONE)
    figures = page.get_by_test_id("stMetric")
    figures.first.wait_for()
    tops = figures.evaluate_all("(figures) => figures.map((f) => Math.round(f.getBoundingClientRect().top))")
    page.close()
    # The level ("2 · Developing") takes a line of its own; short figures share one.
    assert len(set(tops[:4])) <= 3, f"four figures, not one per line: {tops[:4]}"
