"""Figures of the results and compare pages, measured with AppTest (the script runs in this process).

1. Results page on the demo workshop (8 respondents, 50 questions): a rerun with nothing
   changed (scores come from the cache keyed on the answers' data version) against a rerun
   after one answer changed (the data version moves, so the assessment is scored again).
2. Compare page of an organisation with 50 units: the first run (scores every unit) and a
   rerun with nothing changed (cached comparison).

Each figure is the median of several samples, in milliseconds of wall time for ``AppTest.run()``.
``--lang fr`` or ``--lang de`` shows the pages in that language (its catalogue and bank texts):
the figures against the English ones are the cost of translation.
Run: ``.venv/bin/python benchmarks/bench_results_page.py [--samples N] [--lang en|fr|de]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

import streamlit as st  # noqa: E402
from sqlalchemy import Engine  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from assessment import demo, services  # noqa: E402
from assessment.access import Actor  # noqa: E402
from assessment.db import create_db_engine, session_scope, upgrade  # noqa: E402
from questionnaires import load_bank  # noqa: E402

OPERATOR = Actor.operator()

APP = str(PROJECT_DIR / "app.py")
PAGES = PROJECT_DIR / "ui" / "pages"
TIMEOUT_S = 120
UNITS = 50


def fresh_database(path: Path) -> Engine:
    url = f"sqlite:///{path}"
    os.environ["WAYFINDER_DATABASE_URL"] = url
    engine = create_db_engine(url)
    upgrade(engine)
    st.cache_resource.clear()
    st.cache_data.clear()
    return engine


def open_page(page: str, query_params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=TIMEOUT_S).run()
    for key, value in (query_params or {}).items():
        app.query_params[key] = value
    app.switch_page(str(PAGES / f"{page}.py"))
    return app


def timed(run: Callable[[], AppTest]) -> float:
    started = time.perf_counter()
    app = run()
    elapsed = time.perf_counter() - started
    assert not app.exception, app.exception
    return elapsed


def results_reruns(directory: Path, samples: int, lang: str) -> tuple[list[float], list[float]]:
    engine = fresh_database(directory / "demo.db")
    with session_scope(engine) as session:
        organisation = demo.create_demo(actor=OPERATOR, session=session, bank=load_bank())
        assessments = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
        workshop = next(a for a in assessments if a.mode == "workshop")
        respondent = services.list_respondents(actor=OPERATOR, session=session, assessment_id=workshop.id)[0]
    page = open_page("results", {"assessment": str(workshop.id), "lang": lang})
    page.run()
    unchanged = [timed(page.run) for _ in range(samples)]
    changed = []
    for sample in range(samples):
        with session_scope(engine) as session:
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=respondent.id,
                question_id="culture.leadership-mandate",
                answer=1 + sample % 5,
            )
        changed.append(timed(page.run))
    engine.dispose()
    return unchanged, changed


def compare_runs(directory: Path, samples: int, lang: str) -> tuple[list[float], list[float]]:
    bank = load_bank()
    questions = [question.id for question in bank.questions]
    cold, warm = [], []
    for sample in range(samples):
        engine = fresh_database(directory / f"units-{sample}.db")
        with session_scope(engine) as session:
            organisation = services.create_organisation(
                actor=OPERATOR, session=session, name="Federal Government"
            )
            for number in range(UNITS):
                unit = services.create_unit(
                    actor=OPERATOR,
                    session=session,
                    organisation_id=organisation.id,
                    name=f"Department {number:02d}",
                )
                info = services.create_assessment(
                    actor=OPERATOR,
                    session=session,
                    unit_id=unit.id,
                    title="2025",
                    mode="self",
                    assessed_on=date(2025, 3, 1),
                )
                head = services.add_respondent(
                    actor=OPERATOR, session=session, assessment_id=info.id, label="Head"
                )
                for index, question_id in enumerate(questions):
                    services.save_answer(
                        actor=OPERATOR,
                        session=session,
                        respondent_id=head.id,
                        question_id=question_id,
                        answer=1 + (number + index) % 5,
                    )
        page = open_page("compare", {"lang": lang})
        cold.append(timed(page.run))
        warm.append(timed(page.run))
        engine.dispose()
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--lang", default="en", help="the pages' language: en, fr or de")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(temporary)
        unchanged, changed = results_reruns(directory, args.samples, args.lang)
        cold, warm = compare_runs(directory, max(1, args.samples // 2), args.lang)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms (median of {len(values)})"

    print(f"language: {args.lang}")
    print(f"results page, demo workshop, rerun with nothing changed (cached scores): {ms(unchanged)}")
    print(f"results page, demo workshop, rerun after one answer changed (rescored): {ms(changed)}")
    answers = UNITS * len(load_bank().questions)
    print(f"compare page, {UNITS} units ({answers} answers), first run (scores all): {ms(cold)}")
    print(f"compare page, {UNITS} units, rerun with nothing changed (cached comparison): {ms(warm)}")


if __name__ == "__main__":
    main()
