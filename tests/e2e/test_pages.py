"""Every page in a real browser, desktop and phone size: axe-core (WCAG 2.2 AA) and screenshots.

axe-core comes from ``tests/e2e/node_modules`` (``npm ci --prefix tests/e2e``, run by
``scripts/system-deps.sh``). Serious and critical violations fail the test unless they come
from Streamlit's own markup (``STREAMLIT_OWN``: each entry says why it is not ours); the
headings must start with the one title and never skip a level.
Screenshots of each page land in ``out/screenshots/`` (git-ignored) to be looked at.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    DESKTOP,
    PAGE_TIMEOUT_MS,
    PHONE,
    PROJECT_DIR,
    SCREENSHOTS,
    Seed,
    save_screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

AXE = PROJECT_DIR / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

PAGES: dict[str, Callable[[Seed], str]] = {
    "home": lambda seed: "/",
    "questionnaire": lambda seed: f"/questionnaire?r={seed.participant_token}",
    "join": lambda seed: f"/join?join={seed.join_code}",
    "workshop": lambda seed: f"/workshop?assessment={seed.workshop_id}",
    "results": lambda seed: f"/results?assessment={seed.demo_assessment_id}",
    "plan": lambda seed: "/plan",
    "compare": lambda seed: "/compare",
    "bank": lambda seed: "/bank",
    "import": lambda seed: "/import",
    "members": lambda seed: "/members",
    "audit": lambda seed: "/audit",
    "privacy": lambda seed: "/privacy",
    "help": lambda seed: "/help",
}

CHART_PAGES = {"results", "compare"}
CHART = "[data-testid='stMain'] figure.wf-chart img:visible"  # ui.svg_chart's drawing, as shown

# (axe rule id, a CSS fragment of the offending node) of violations in Streamlit's own
# markup, which our pages cannot change. Reported by the test run, not failed on.
STREAMLIT_OWN: dict[tuple[str, str], str] = {
    ("target-size", "#react-aria"): (
        "st.date_input draws day, month and year as separate react-aria spin buttons narrower "
        "than 24 px; the field as a whole is large and the date can be typed"
    ),
}


def _violations(page: object) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [" ".join(map(str, node["target"])) for node in violation["nodes"]],
            "html": [node["html"][:200] for node in violation["nodes"]],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def _heading_levels(page: object) -> list[int]:
    """The levels of the page's headings in reading order (the main area only)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain] :is(h1,h2,h3,h4,h5,h6)')]"
        ".map(h => Number(h.tagName[1]))"
    )


def _is_streamlit_own(violation: dict) -> bool:
    return all(
        any(rule == violation["rule"] and fragment in target for rule, fragment in STREAMLIT_OWN)
        for target in violation["targets"]
    )


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci --prefix tests/e2e` (scripts/system-deps.sh does)")
    return AXE


@pytest.mark.parametrize("viewport_name", ["desktop", "phone"])
@pytest.mark.parametrize("page_name", list(PAGES))
def test_each_page_has_no_serious_accessibility_violation_of_our_own(
    app_server, browser, axe_script, page_name, viewport_name
):
    base_url, seed = app_server
    viewport = DESKTOP if viewport_name == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, is_mobile=viewport_name == "phone")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(base_url + PAGES[page_name](seed))
    wait_for_app(page)
    if page_name in CHART_PAGES:  # the first chart, as page ready in benchmarks/bench_pages.py
        page.locator(CHART).first.wait_for(state="visible")
    page.wait_for_timeout(1500)  # dataframes draw after the script has finished

    violations = _violations(page)
    headings = _heading_levels(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"{page_name}-{viewport_name}.png")
    context.close()

    streamlit_own = [v for v in violations if _is_streamlit_own(v)]
    ours = [v for v in violations if not _is_streamlit_own(v)]
    report = SCREENSHOTS / f"{page_name}-{viewport_name}.axe.json"
    report.write_text(json.dumps({"ours": ours, "streamlit": streamlit_own}, indent=2), "utf-8")
    assert not ours, f"{page_name} ({viewport_name}): " + json.dumps(ours, indent=2)
    assert headings.count(1) == 1 and headings[0] == 1, f"{page_name}: one title first, got {headings}"
    skips = [(a, b) for a, b in itertools.pairwise(headings) if b > a + 1]
    assert not skips, f"{page_name}: headings skip a level at {skips} in {headings}"
