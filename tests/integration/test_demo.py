from __future__ import annotations

import pandas as pd
import pytest

from assessment import demo, services
from assessment.db import create_db_engine, session_scope, upgrade
from tests.factories import OPERATOR


def demo_answers(engine) -> pd.DataFrame:
    with session_scope(engine) as session:
        organisation = demo.create_demo(actor=OPERATOR, session=session)
        answers = services.load_organisation_answers(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
    return answers.drop(columns="assessment")


def test_the_demo_fills_every_screen(sqlite_engine):
    with session_scope(sqlite_engine) as session:
        organisation = demo.create_demo(actor=OPERATOR, session=session)
        units = services.list_units(actor=OPERATOR, session=session, organisation_id=organisation.id)
        assessments = services.list_assessments(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
        workshop = next(a for a in assessments if a.mode == "workshop")
        participants = services.list_respondents(actor=OPERATOR, session=session, assessment_id=workshop.id)
        workshop_result = services.score_assessment(
            actor=OPERATOR, session=session, assessment_id=workshop.id
        )
        comparison = services.score_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
        answers = services.load_organisation_answers(
            actor=OPERATOR, session=session, organisation_id=organisation.id
        )
    assert organisation.name == "Ministry of Digital Affairs (demo)"
    assert len(units) == 7 and any(unit.depth == 1 for unit in units)
    assert "Agence du numérique — Zürich office" in {unit.name for unit in units}
    assert {a.assessed_on.year for a in assessments if a.mode == "self"} == {2024, 2025}
    assert workshop.status == "open" and workshop.join_code
    assert len(participants) == 8
    assert {"Participant 1", "Participant 2"} <= {p.label for p in participants}
    assert len(workshop_result.discussion_points) == demo.DISCUSSION_QUESTIONS
    assert [a.status for a in assessments].count("open") == 2  # the workshop and one round in progress
    assert len(comparison.entries) == 7 and len(comparison.changes) == 7
    improved = [change for change in comparison.changes if (change.overall_delta or 0) > 0]
    assert len(improved) >= 4
    assert answers["note"].notna().sum() > 20
    assert {"na", "dont_know"} <= set(answers["answer"].astype(str))


def test_the_demo_is_the_same_every_time(tmp_path):
    engines = [create_db_engine(f"sqlite:///{tmp_path / f'demo{n}.db'}") for n in (1, 2)]
    for engine in engines:
        upgrade(engine)
    first, second = (demo_answers(engine) for engine in engines)
    pd.testing.assert_frame_equal(first, second)
    for engine in engines:
        engine.dispose()


@pytest.mark.postgres
def test_the_demo_is_created_on_postgresql_too(postgres_engine):
    with session_scope(postgres_engine) as session:
        assert demo.database_is_empty(session=session) == (
            services.list_organisations(actor=OPERATOR, session=session) == []
        )
        if services.find_organisation(actor=OPERATOR, session=session, name=demo.DEMO_ORGANISATION) is None:
            demo.create_demo(actor=OPERATOR, session=session)
        assert (
            services.find_organisation(actor=OPERATOR, session=session, name=demo.DEMO_ORGANISATION)
            is not None
        )
        assert not demo.database_is_empty(session=session)
