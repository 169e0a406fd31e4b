"""How fast each page of the app is ready in Chromium, against a one-line Streamlit page.

Each page is opened in a fresh browser context (a new session) on the demo data, served by
``streamlit run app.py`` as ``make run`` serves it (SQLite, local mode). "Ready" is what a
person waits for: the websocket connected, the script finished, no skeleton left, and the
page's main content visible (its heading, and its first chart drawn where it has charts: the
chart's image visible and decoded).

- **cold**: what the first person to open a page after a restart waits for: the server was
  just started (the page's caches are empty: its scores are computed, its charts built) and
  has served one other session (the privacy notice: Python has imported the app's core), and
  the browser never saw the app (empty HTTP cache). Every cold sample restarts the server.
  The very first session after a start also pays the core's imports (about 1 s here).
- **warm**: the same page opened again in a new tab of that browser (a new session of the
  running server; the browser keeps the scripts it downloaded, as on a person's second visit).

In the same run, the same two figures for a one-line page (``st.write``) served by its own
``streamlit run`` with the same options: the ratio page / one-line page is what the targets
name (warm ≤ 2×, cold ≤ 3×) and stays stable on a noisy machine, where absolute times do not.
The measuring starts once the seeded answers are older than the app's settle window (about
a minute): younger data is never kept in the score caches, which would make "warm" loads
score afresh. Beside each figure, the server's own script time of that page load
(``ScriptRunner._run_script``, recorded by ``benchmarks/server_timing/``), to tell server time
from browser time.

Run: ``.venv/bin/python benchmarks/bench_pages.py [--samples N] [--page NAME ...]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from playwright.sync_api import sync_playwright  # noqa: E402

from assessment.rules import SETTLE_MARGIN  # noqa: E402
from assessment.settings import get_settings  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PAGE_TIMEOUT_MS,
    running_app,
    seed_database,
    wait_for_app,
)

ONE_LINE_PAGE = 'import streamlit as st\nst.write("Hello")\n'
TIMING = PROJECT_DIR / "benchmarks" / "server_timing"
WARM_TARGET = 2.0
COLD_TARGET = 3.0


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # after the server's base URL
    ready: str  # a selector that is visible once the main content is


def pages(seed: object) -> list[Page]:
    main = "[data-testid='stMain']"
    # The first chart: the PDF's drawing as an SVG image (ui.svg_chart), the one of its two
    # sizes the page shows; ready_seconds also waits until the image is decoded, ready to paint.
    chart, heading = f"{main} figure.wf-chart img:visible", f"{main} h1"
    table = f"{main} .wf-table"
    return [
        Page("home", "/", heading),
        Page("questionnaire", f"/questionnaire?r={seed.leader_token}", f"{main} [data-testid='stRadio']"),
        Page("join", "/join", heading),
        Page("workshop", f"/workshop?assessment={seed.demo_workshop_id}", table),
        Page("results", f"/results?assessment={seed.demo_workshop_id}", chart),
        Page("plan", f"/plan?assessment={seed.demo_workshop_id}", heading),
        Page("compare", "/compare", chart),
        Page("bank", "/bank", heading),
        Page("import", "/import", heading),
        Page("members", "/members", heading),
        Page("audit", "/audit", heading),
        Page("privacy", "/privacy", heading),
    ]


@dataclass
class Server:
    base_url: str
    timings: Path

    def script_seconds_since(self, mark: int) -> float:
        """Seconds of full script runs recorded after line ``mark`` (fragment reruns left out)."""
        lines = self.timings.read_text().splitlines()[mark:] if self.timings.exists() else []
        return sum(float(line.split()[0]) for line in lines if line.split()[1] == "0")

    def mark(self) -> int:
        return len(self.timings.read_text().splitlines()) if self.timings.exists() else 0


@contextmanager
def serving(script_dir: Path, database_url: str, directory: Path) -> Iterator[Server]:
    """``streamlit run`` of ``script_dir``'s app.py (the project, or the one-line page)."""
    timings = directory / f"timings-{time.monotonic_ns()}.txt"
    env = {
        "PYTHONPATH": os.pathsep.join([str(TIMING), str(PROJECT_DIR)]),
        "WAYFINDER_BENCH_TIMINGS": str(timings),
    }
    with running_app(database_url, directory, env, script_dir=script_dir) as base_url:
        yield Server(base_url, timings)


def ready_seconds(context: object, server: Server, page: Page) -> tuple[float, float]:
    """(seconds until ``page`` is ready in a new tab, server script seconds of that load)."""
    tab = context.new_page()
    mark = server.mark()
    started = time.perf_counter()
    tab.goto(server.base_url + page.path)
    wait_for_app(tab)
    try:
        ready = tab.locator(page.ready).first
        ready.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
        ready.evaluate("(element) => element.tagName === 'IMG' ? element.decode() : null")
    except Exception:
        shot = server.timings.with_name(f"not-ready-{page.name.replace(' ', '-')}.png")
        tab.screenshot(path=str(shot), full_page=True)
        raise RuntimeError(f"{page.name} was not ready in {PAGE_TIMEOUT_MS} ms: see {shot}") from None
    elapsed = time.perf_counter() - started
    tab.close()
    return elapsed, server.script_seconds_since(mark)


def wait_until_settled(seeded: float) -> None:
    """Wait until the seeded answers are older than the app's settle window.

    The app keeps no scores of data changed within that window (``rules.settled``: a slower
    save may still commit), so until then every "warm" load of a scoring page would score
    afresh, as no second visit after the first minute does."""
    window = get_settings().db_pool_timeout + SETTLE_MARGIN.total_seconds()
    remaining = window - (time.monotonic() - seeded)
    if remaining > 0:
        print(f"waiting {remaining:.0f} s for the seeded answers to settle", flush=True)
        time.sleep(remaining)


def measure(samples: int, names: list[str]) -> None:
    directory = Path(tempfile.mkdtemp(prefix="wayfinder-pages-"))
    database_url = f"sqlite:///{directory / 'wayfinder.db'}"
    seed = seed_database(database_url)
    seeded = time.monotonic()
    one_line_dir = directory / "one-line"
    (one_line_dir / ".streamlit").mkdir(parents=True)
    (one_line_dir / "app.py").write_text(ONE_LINE_PAGE)
    # The same server options as the app's, so the two differ by their script only.
    config = PROJECT_DIR / ".streamlit" / "config.toml"
    (one_line_dir / ".streamlit" / "config.toml").write_text(config.read_text())
    chosen = [page for page in pages(seed) if not names or page.name in names]
    baseline = Page("one-line page", "/", "[data-testid='stMain'] [data-testid='stMarkdownContainer']")
    privacy = Page("privacy", "/privacy", "[data-testid='stMain'] h1")
    first_session = {one_line_dir: baseline, PROJECT_DIR: privacy}
    cold: dict[str, list[tuple[float, float]]] = {page.name: [] for page in [baseline, *chosen]}
    warm: dict[str, list[tuple[float, float]]] = {page.name: [] for page in [baseline, *chosen]}
    wait_until_settled(seeded)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(samples):
            # Interleaved: the one-line page before each page, so both see the same machine.
            for page in chosen:
                for script_dir, measured in ((one_line_dir, baseline), (PROJECT_DIR, page)):
                    with serving(script_dir, database_url, directory) as server:
                        first = browser.new_context(viewport=DESKTOP)
                        ready_seconds(first, server, first_session[script_dir])
                        first.close()
                        context = browser.new_context(viewport=DESKTOP)
                        cold[measured.name].append(ready_seconds(context, server, measured))
                        warm[measured.name].append(ready_seconds(context, server, measured))
                        context.close()
        browser.close()
    report(cold, warm, baseline.name)


def report(cold: dict, warm: dict, baseline: str) -> None:
    def median(values: list[tuple[float, float]], index: int) -> float:
        return statistics.median(value[index] for value in values)

    base_cold, base_warm = median(cold[baseline], 0), median(warm[baseline], 0)
    print(f"{'page':<16}{'warm s':>8}{'×':>7}{'server':>8}{'cold s':>9}{'×':>7}{'server':>8}  within targets")
    failures = 0
    for name in cold:
        warm_s, cold_s = median(warm[name], 0), median(cold[name], 0)
        warm_ratio, cold_ratio = warm_s / base_warm, cold_s / base_cold
        within = warm_ratio <= WARM_TARGET and cold_ratio <= COLD_TARGET
        failures += not within
        print(
            f"{name:<16}{warm_s:>8.2f}{warm_ratio:>7.2f}{median(warm[name], 1):>8.2f}"
            f"{cold_s:>9.2f}{cold_ratio:>7.2f}{median(cold[name], 1):>8.2f}  {'yes' if within else 'NO'}"
        )
    print(f"targets: warm ≤ {WARM_TARGET}× and cold ≤ {COLD_TARGET}× the one-line page; {failures} outside")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=3)
    parser.add_argument("--page", action="append", default=[], help="only this page (repeatable)")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is missing: run scripts/system-deps.sh as root")
    measure(args.samples, args.page)


if __name__ == "__main__":
    main()
