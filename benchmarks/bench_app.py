"""Figures of the Streamlit app, measured with AppTest (the script runs in this process).

1. Cold run of the results page on the demo data: a fresh process state (empty Streamlit
   caches), so it includes creating and migrating the engine, loading the bank, scoring the
   assessment and drawing every chart. Then the same page once more (warm: cached scores).
2. The rerun after answering one question, on a questionnaire whose open area has 50
   questions (aim: ≤ 150 ms). Each sample answers a different question, so every rerun
   really saves to the database, then redraws the page.

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
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment import demo, services  # noqa: E402
from assessment.db import create_db_engine, session_scope, upgrade  # noqa: E402
from questionnaires import load_bank  # noqa: E402
from tests.ui.conftest import AREAS, write_bank  # noqa: E402
from ui.answering import answer_key  # noqa: E402

APP = str(PROJECT_DIR / "app.py")
PAGES = PROJECT_DIR / "ui" / "pages"
BIG_AREA_QUESTIONS = 50
TIMEOUT_S = 120


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
        organisation = demo.create_demo(session=session, bank=load_bank())
        assessments = services.list_assessments(session=session, organisation_id=organisation.id)
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


def answering_rerun(directory: Path, samples: int) -> list[float]:
    bank_dir = write_bank(directory / "bank", {area: 10 for area in AREAS} | {"culture": BIG_AREA_QUESTIONS})
    url = f"sqlite:///{directory / 'answers.db'}"
    os.environ["WAYFINDER_DATABASE_URL"] = url
    os.environ["WAYFINDER_BANK_DIR"] = str(bank_dir)
    engine = create_db_engine(url)
    upgrade(engine)
    with session_scope(engine) as session:
        organisation = services.create_organisation(session=session, name="Benchmark")
        unit = services.create_unit(session=session, organisation_id=organisation.id, name="Unit")
        assessment = services.create_assessment(
            session=session, unit_id=unit.id, title="Big area", mode="self", assessed_on=date.today()
        )
        respondent = services.add_respondent(session=session, assessment_id=assessment.id, label="Leader")
    engine.dispose()
    st.cache_resource.clear()
    st.cache_data.clear()

    page = open_page("questionnaire", {"r": respondent.token}).run()
    assert len(page.radio) == BIG_AREA_QUESTIONS, f"expected the 50-question area, got {len(page.radio)}"
    times = []
    for number in range(1, samples + 1):
        radio = page.radio(key=answer_key(respondent.id, f"culture.q{number}"))
        radio.set_value(1 + number % 5)
        started = time.perf_counter()
        page.run()
        times.append(time.perf_counter() - started)
    assert not page.exception, page.exception
    with session_scope(create_db_engine(url)) as session:
        stored = services.answers_for_respondent(session=session, respondent_id=respondent.id)
    assert len(stored) == samples, f"{len(stored)} answers stored, expected {samples}"
    return times


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
        times = sorted(answering_rerun(directory, samples))
        median = statistics.median(times)
        p90 = times[int(0.9 * (len(times) - 1))]
        print(
            f"questionnaire, {BIG_AREA_QUESTIONS}-question area, rerun after answering one question "
            f"({samples} samples): median {median * 1000:.0f} ms, p90 {p90 * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms (aim ≤ 150 ms)"
        )


if __name__ == "__main__":
    main()
