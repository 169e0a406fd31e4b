"""Fixtures and factories for the results, compare, bank and import page tests.

Each test gets its own SQLite file through ``WAYFINDER_DATABASE_URL`` and empty Streamlit
caches, so the cached engine and cached scores never leak from one test to the next.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from assessment import db, services
from assessment.records import AssessmentInfo

PAGES = Path(__file__).resolve().parents[2] / "ui" / "pages"
TIMEOUT = 30


@pytest.fixture
def app_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated SQLite database the app under test uses, and clean Streamlit caches."""
    url = f"sqlite:///{tmp_path / 'wayfinder.db'}"
    monkeypatch.setenv("WAYFINDER_DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = db.create_db_engine(url)
    db.upgrade(engine)
    yield engine
    st.cache_resource.clear()
    st.cache_data.clear()
    engine.dispose()


def page(name: str, *, query: Mapping[str, str] | None = None) -> AppTest:
    """An AppTest of one page file, not yet run."""
    app = AppTest.from_file(str(PAGES / f"{name}.py"), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        app.query_params[key] = value
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
) -> Made:
    """An organisation (or ``organisation_id``), a unit and a self-assessment.

    ``answers`` maps a respondent label to {question id: answer}; each becomes a respondent.
    """
    with db.session_scope(engine) as session:
        if organisation_id is None:
            organisation_id = services.create_organisation(session=session, name=organisation).id
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
