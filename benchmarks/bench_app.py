"""Figures of the Streamlit app: AppTest in this process, and `streamlit run` driven by Chromium.

1. Cold run of the results page on the demo data: a fresh process state (empty Streamlit
   caches), so it includes creating and migrating the engine, loading the bank, scoring the
   assessment and drawing every chart. Then the same page once more (warm: cached scores).
2. The rerun after answering one question, on a questionnaire whose open area has 50
   questions, shown in steps of 5 (aim: ≤ 150 ms). Each sample answers a different question,
   so every rerun really saves to the database; after the fifth answer of a step, the next
   step is opened (not timed). The server time is Streamlit's ``ScriptRunner._run_script``
   (the on_change callback that saves, then the script), what ``streamlit run`` executes per
   rerun. Measured twice: in AppTest, which always reruns the whole page (the cost of a full
   rerun of a step of a 50-question area), and against ``streamlit run`` driven by Chromium, where
   answering reruns only that question's fragment (skipped when Chromium is missing).

Run: ``.venv/bin/python benchmarks/bench_app.py [--samples N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import streamlit as st  # noqa: E402
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment import demo, services  # noqa: E402
from assessment.access import Actor  # noqa: E402
from assessment.db import create_db_engine, session_scope, upgrade  # noqa: E402
from assessment.records import RespondentInfo  # noqa: E402
from questionnaires import load_bank  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    questions,
    running_app,
    wait_for_app,
)
from tests.ui.conftest import AREAS, write_bank  # noqa: E402
from ui.answering import QUESTIONS_PER_STEP, answer_key  # noqa: E402

OPERATOR = Actor.operator()

APP = str(PROJECT_DIR / "app.py")
PAGES = PROJECT_DIR / "ui" / "pages"
BIG_AREA_QUESTIONS = 50
TIMEOUT_S = 120


server_times: list[float] = []
_run_script = ScriptRunner._run_script


def _timed_run_script(self: ScriptRunner, rerun_data: object) -> None:
    started = time.perf_counter()
    try:
        _run_script(self, rerun_data)
    finally:
        server_times.append(time.perf_counter() - started)


ScriptRunner._run_script = _timed_run_script  # type: ignore[method-assign]


def open_page(page: str, query_params: dict[str, str]) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for key, value in query_params.items():
        app.query_params[key] = value
    app.switch_page(str(PAGES / f"{page}.py"))
    return app


def results_page_cold(directory: Path) -> tuple[float, float]:
    url = f"sqlite:///{directory / 'demo.db'}"
    os.environ["WAYFINDER_DATABASE_URL"] = url
    os.environ.pop("WAYFINDER_BANK_DIR", None)
    engine = create_db_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        organisation = demo.create_demo(actor=OPERATOR, session=session, bank=load_bank())
        assessments = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
    engine.dispose()
    workshop = next(a for a in assessments if a.mode == "workshop")
    st.cache_resource.clear()
    st.cache_data.clear()

    page = open_page("results", {"assessment": str(workshop.id)})
    started = time.perf_counter()
    page.run()
    cold = time.perf_counter() - started
    assert not page.exception, page.exception
    started = time.perf_counter()
    page.run()
    warm = time.perf_counter() - started
    return cold, warm


def big_area_respondent(directory: Path) -> tuple[str, Path, RespondentInfo]:
    """A database with one self-assessment and its respondent, on a bank whose first area has 50 questions."""
    bank_dir = write_bank(directory / "bank", {area: 10 for area in AREAS} | {"culture": BIG_AREA_QUESTIONS})
    url = f"sqlite:///{directory / 'answers.db'}"
    engine = create_db_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        organisation = services.create_organisation(actor=OPERATOR, session=session, name="Benchmark")
        unit = services.create_unit(
            actor=OPERATOR, session=session, organisation_id=organisation.id, name="Unit"
        )
        assessment = services.create_assessment(
            actor=OPERATOR,
            session=session,
            unit_id=unit.id,
            title="Big area",
            mode="self",
            assessed_on=date.today(),
            bank=load_bank(bank_dir),  # an assessment keeps the bank it starts with
        )
        respondent = services.add_respondent(
            actor=OPERATOR, session=session, assessment_id=assessment.id, label="Leader"
        )
    engine.dispose()
    return url, bank_dir, respondent


def answering_rerun(directory: Path, samples: int) -> tuple[list[float], list[float]]:
    """(server times, AppTest round trips) of whole-page reruns that each save one answer."""
    url, bank_dir, respondent = big_area_respondent(directory)
    os.environ["WAYFINDER_DATABASE_URL"] = url
    os.environ["WAYFINDER_BANK_DIR"] = str(bank_dir)
    st.cache_resource.clear()
    st.cache_data.clear()

    page = open_page("questionnaire", {"r": respondent.token}).run()
    assert len(page.radio) == QUESTIONS_PER_STEP, f"expected a step of the area, got {len(page.radio)}"
    times, server = [], []
    for number in range(1, samples + 1):
        key = answer_key(respondent.id, f"culture.q{number}")
        if key not in {radio.key for radio in page.radio}:
            page.button(key="wf_next_step").click().run()
        page.radio(key=key).set_value(1 + number % 5)
        server_times.clear()
        started = time.perf_counter()
        page.run()
        times.append(time.perf_counter() - started)
        server.append(sum(server_times))
    assert not page.exception, page.exception
    with session_scope(create_db_engine(url)) as session:
        stored = services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=respondent.id)
    assert len(stored) == samples, f"{len(stored)} answers stored, expected {samples}"
    return server, times


SERVER_TIMING_HOOK = Path(__file__).resolve().parent / "server_timing"
# In the page: when the last click happened, and when a new "Saved ✓" appeared after it.
WATCH_SAVED = """() => {
    const count = () => [...document.querySelectorAll("[data-testid=stCaptionContainer]")]
        .filter(caption => caption.textContent.startsWith("Saved ✓")).length;
    window.wfSeen = count();
    document.addEventListener("click", () => { window.wfClick = performance.now(); }, true);
    new MutationObserver(() => {
        const seen = count();
        if (seen > window.wfSeen) { window.wfSeen = seen; window.wfSaved = performance.now(); }
    }).observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


def answering_in_browser(directory: Path, samples: int) -> tuple[list[float], list[float]] | None:
    """(server time, click to "Saved ✓" shown) in Chromium against ``streamlit run``; None without it.

    The server process loads ``server_timing/sitecustomize.py``, which logs how long each
    script run took; the samples are the runs caused by the clicks (not the progress bar's
    own timed reruns). With one fragment per question only the answered question reruns.
    Click to "Saved ✓" is timed inside the page (click listener, DOM observer).
    """
    if not CHROMIUM.exists():
        return None
    from playwright.sync_api import expect, sync_playwright

    workdir = directory / "browser"
    url, bank_dir, respondent = big_area_respondent(workdir)
    timings = workdir / "timings.txt"
    env = {
        "WAYFINDER_BANK_DIR": str(bank_dir),
        "WAYFINDER_BENCH_TIMINGS": str(timings),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SERVER_TIMING_HOOK), os.environ.get("PYTHONPATH")])),
    }
    server, shown = [], []
    with running_app(url, workdir, env) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        page.goto(f"{base_url}/questionnaire?r={respondent.token}")
        wait_for_app(page)
        page.evaluate(WATCH_SAVED)
        for number in range(samples):
            position = number % QUESTIONS_PER_STEP
            if number and not position:  # the step is answered: open the next one
                page.locator(".st-key-wf_next_step button").click()
                expect(page.get_by_text("Saved ✓")).to_have_count(0)
                page.evaluate("() => { window.wfSeen = 0; }")
            timings.write_text("")
            questions(page).nth(position).locator("label").nth(number % 5).click()
            expect(page.get_by_text("Saved ✓")).to_have_count(position + 1)
            clicked, saved = page.evaluate("() => [window.wfClick, window.wfSaved]")
            shown.append((saved - clicked) / 1000)
            runs = [line.split() for line in timings.read_text().splitlines()]
            server.extend(float(seconds) for seconds, _fragment, auto in runs if auto == "0")
        browser.close()
    return server, shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=30, help="answers to time (≤ 50)")
    args = parser.parse_args()
    samples = min(args.samples, BIG_AREA_QUESTIONS)
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        cold, warm = results_page_cold(directory)
        print(
            f"results page, demo workshop, cold AppTest run: {cold * 1000:.0f} ms "
            f"(warm rerun {warm * 1000:.0f} ms)"
        )
        server, round_trips = answering_rerun(directory, samples)
        print(
            f"questionnaire, {BIG_AREA_QUESTIONS}-question area, rerun after answering one question "
            f"({samples} samples, aim ≤ 150 ms):"
        )
        print("  AppTest, which reruns the whole page (as a full rerun such as an area switch does):")
        print(f"    server time (save callback + page script): {summary(server)}")
        print(f"    AppTest round trip:                        {summary(round_trips)}")
        browser = answering_in_browser(directory, samples)
        if browser is None:
            print(f"  in Chromium: skipped, {CHROMIUM} is missing")
        else:
            server_runs, shown = browser
            print("  streamlit run + Chromium, which reruns only the answered question's fragment:")
            print(f"    server time (save callback + fragment):    {summary(server_runs)}")
            print(f"    click to “Saved ✓” shown in the page:      {summary(shown)}")


def summary(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    median = statistics.median(ordered)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


if __name__ == "__main__":
    main()
