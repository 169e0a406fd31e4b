"""Factories and lookups for the results, compare, bank and import page tests.

The database itself comes from ``conftest.py`` (a fresh SQLite file per test, empty
Streamlit caches): tests take its ``engine`` fixture and seed it with these factories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assessment import db, demo, services
from assessment.records import AssessmentInfo

PROJECT_DIR = Path(__file__).resolve().parents[2]
PAGES = PROJECT_DIR / "ui" / "pages"
TIMEOUT = 30


def page(name: str, *, query: Mapping[str, str] | None = None) -> AppTest:
    """The app (``app.py``, with its navigation) switched to one page; not yet run on it.

    The app runs once first: before that, AppTest finds a page by its file name, which
    misses pages registered under another url path (``import_responses.py`` is ``/import``).
    """
    app = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=TIMEOUT).run()
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.switch_page(str(PAGES / f"{name}.py"))
    return app


@dataclass(frozen=True)
class Made:
    organisation_id: int
    unit_id: int
    assessment: AssessmentInfo
    respondent_ids: tuple[int, ...]


def make_assessment(
    engine: Engine,
    *,
    organisation: str = "Ministry of Tests",
    unit: str = "Digital unit",
    title: str = "Baseline",
    assessed_on: date = date(2025, 3, 1),
    answers: Mapping[str, Mapping[str, object]] | None = None,
    organisation_id: int | None = None,
    reuse_unit: bool = False,
) -> Made:
    """An organisation (or ``organisation_id``), a unit and a self-assessment.

    ``answers`` maps a respondent label to {question id: answer}; each becomes a respondent.
    ``reuse_unit`` assesses the organisation's existing unit called ``unit`` again.
    """
    with db.session_scope(engine) as session:
        if organisation_id is None:
            organisation_id = services.create_organisation(session=session, name=organisation).id
        existing = services.find_unit(session=session, organisation_id=organisation_id, name=unit)
        if reuse_unit and existing is not None:
            unit_id = existing.id
        else:
            unit_id = services.create_unit(session=session, organisation_id=organisation_id, name=unit).id
        info = services.create_assessment(
            session=session, unit_id=unit_id, title=title, mode="self", assessed_on=assessed_on
        )
        respondent_ids = []
        for label, given in (answers or {}).items():
            respondent = services.add_respondent(session=session, assessment_id=info.id, label=label)
            respondent_ids.append(respondent.id)
            for question_id, answer in given.items():
                services.save_answer(
                    session=session, respondent_id=respondent.id, question_id=question_id, answer=answer
                )
        info = services.get_assessment_info(session=session, assessment_id=info.id)
    return Made(organisation_id, unit_id, info, tuple(respondent_ids))


def table(app: AppTest, *columns: str) -> pd.DataFrame:
    """The first table or dataframe on the page with all ``columns`` (AppTest does not expose their keys)."""
    for element in [*app.table, *app.dataframe]:
        frame = element.value
        if all(column in frame.columns for column in columns):
            return frame
    raise AssertionError(f"no table with columns {columns} on the page")


def seed_demo(engine: Engine) -> int:
    """The demo organisation (several units, two rounds, a workshop); returns its id."""
    with db.session_scope(engine) as session:
        return demo.create_demo(session=session).id
