"""Downgrading the schema would lose rows (SQLite cascades through its table copies; on
PostgreSQL join codes, targets and deletions are dropped): it is refused, and nothing changes."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import Engine, func
from sqlmodel import select

from assessment import services
from assessment.db import current_revision, head_revision, session_scope
from assessment.models import AnswerRow, Respondent
from assessment.settings import PROJECT_DIR
from tests.factories import OPERATOR, make_assessment, make_respondent


def counts(engine: Engine) -> tuple[int, int]:
    with session_scope(engine, write=False) as session:
        return (
            session.exec(select(func.count()).select_from(Respondent)).one(),
            session.exec(select(func.count()).select_from(AnswerRow)).one(),
        )


def test_a_downgrade_through_alembic_is_refused_and_keeps_every_row(engine):
    with session_scope(engine) as session:
        assessment = make_assessment(session, mode="workshop")
        ada = make_respondent(session, assessment.id, "Ada")
        services.save_answers(
            actor=OPERATOR, session=session, respondent_id=ada.id, answers={"culture.q1": 3}
        )
    before = counts(engine)
    environment = {**os.environ, "WAYFINDER_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    finished = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(PROJECT_DIR / "alembic.ini"), "downgrade", "0001"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert finished.returncode != 0
    assert "downgrades are refused" in finished.stderr
    assert "backup" in finished.stderr
    assert counts(engine) == before == (1, 1)
    assert current_revision(engine) == head_revision()
