from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert

from assessment import services
from assessment.db import session_scope
from assessment.models import AnswerRow
from tests.factories import OPERATOR, answer_all, make_assessment, make_respondent, make_unit


def area(result, area_id):
    return next(dimension for dimension in result.areas if dimension.id == area_id)


def test_an_assessment_is_scored_from_its_stored_answers_targets_and_focus(engine):
    with session_scope(engine) as session:
        info = make_assessment(session, area_targets={"culture": 4.5}, focus_steps=["product-backlog"])
        ada = make_respondent(session, info.id, "Ada")
        bob = make_respondent(session, info.id, "Bob")
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer=2
        )
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=bob.id, question_id="culture.q1", answer=4
        )
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=bob.id, question_id="culture.q2", answer="na"
        )
        result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=info.id)
    culture = area(result, "culture")
    assert result.assessment_id == str(info.id)
    assert result.respondents == 2
    assert culture.score.value == pytest.approx(3.0)
    assert culture.target == 4.5 and culture.gap == pytest.approx(1.5)
    assert result.focus_steps == ("product-backlog",)
    assert area(result, "skills").score.value is None  # not scored, never 0
    question = next(q for q in result.questions if q.question_id == "culture.q1")
    assert (question.mean, question.minimum, question.maximum) == (3.0, 2, 4)
    assert result.backlog, "a gap to the target gives backlog items"


def test_an_assessment_without_answers_is_not_scored(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=info.id)
    assert result.overall.value is None and result.respondents == 0


def test_answers_to_a_question_retired_from_the_bank_are_kept_but_not_scored(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="devops.q1", answer=3
        )
        now = datetime.now(UTC)
        session.execute(
            insert(AnswerRow),
            [
                dict(
                    respondent_id=ada.id,
                    question_id="devops.retired",
                    value="1",
                    created_at=now,
                    updated_at=now,
                )
            ],
        )
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=info.id)
        result = services.score_assessment(actor=OPERATOR, session=session, assessment_id=info.id)
    assert sorted(answers["question"]) == ["devops.q1", "devops.retired"]
    assert area(result, "devops").score.value == pytest.approx(3.0)


def organisation_with_rounds(session):
    """Finance improved from 2 to 4; Legal has one round; Audit's new round has no answers yet."""
    finance = make_assessment(session, organisation="Ministry", unit="Finance", assessed_on=date(2024, 3, 1))
    questions = ["culture.q1", "devops.q1", "skills.q1"]
    answer_all(session, make_respondent(session, finance.id).id, 2, question_ids=questions)
    later = make_assessment(session, unit_id=finance.unit_id, title="Round 2", assessed_on=date(2025, 3, 1))
    answer_all(session, make_respondent(session, later.id).id, 4, question_ids=questions)
    legal_unit = make_unit(session, finance.organisation_id, name="Legal")
    legal = make_assessment(session, unit_id=legal_unit.id, assessed_on=date(2025, 1, 1))
    answer_all(session, make_respondent(session, legal.id).id, 3, question_ids=questions)
    audit_unit = make_unit(session, finance.organisation_id, name="Audit")
    audit = make_assessment(session, unit_id=audit_unit.id, assessed_on=date(2024, 6, 1))
    answer_all(session, make_respondent(session, audit.id).id, 1, question_ids=questions)
    make_assessment(session, unit_id=audit_unit.id, title="Not started", assessed_on=date(2025, 6, 1))
    return finance.organisation_id, finance.unit_id, (finance.id, later.id, legal.id, audit.id)


def test_an_organisation_compares_each_units_latest_answered_assessment(engine):
    with session_scope(engine) as session:
        organisation_id, _, (finance, later, legal, audit) = organisation_with_rounds(session)
        comparison = services.score_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation_id
        )
    assert [(e.label, e.assessment_id, e.rank) for e in comparison.entries] == [
        ("Finance", str(later), 1),
        ("Legal", str(legal), 2),
        ("Audit", str(audit), 3),
    ]
    assert [(c.unit, c.before_assessment_id, c.after_assessment_id) for c in comparison.changes] == [
        ("Finance", str(finance), str(later))
    ]
    assert comparison.changes[0].overall_delta == pytest.approx(2.0)
    assert list(comparison.matrices["area"].index) == ["Finance", "Legal", "Audit"]


def test_a_units_trend_lists_every_assessment_oldest_first_with_its_result(engine):
    with session_scope(engine) as session:
        _, finance_unit, (finance, later, _, _) = organisation_with_rounds(session)
        trend = services.unit_trend(actor=OPERATOR, session=session, unit_id=finance_unit)
    assert [(point.assessment.id, point.result.overall.value) for point in trend.points] == [
        (finance, pytest.approx(2.0)),
        (later, pytest.approx(4.0)),
    ]


def test_overall_scores_cover_every_answered_assessment_at_once(engine):
    with session_scope(engine) as session:
        organisation_id, _, (finance, later, legal, audit) = organisation_with_rounds(session)
        other = make_assessment(session, organisation="Other ministry")
        answer_all(session, make_respondent(session, other.id).id, {"culture.q1": 5})
        everything = services.overall_scores(actor=OPERATOR, session=session)
        one = services.overall_scores(actor=OPERATOR, session=session, organisation_id=organisation_id)
    assert {key: score.value for key, score in one.items()} == {
        finance: pytest.approx(2.0),
        later: pytest.approx(4.0),
        legal: pytest.approx(3.0),
        audit: pytest.approx(1.0),
    }
    assert set(everything) == {*one, other.id}


def test_the_answers_version_changes_whenever_an_answer_does(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        empty = services.answers_version(actor=OPERATOR, session=session, assessment_id=info.id)
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer=2
        )
        first = services.answers_version(actor=OPERATOR, session=session, assessment_id=info.id)
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer=3
        )
        changed = services.answers_version(actor=OPERATOR, session=session, assessment_id=info.id)
        services.clear_answer(actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1")
        cleared = services.answers_version(actor=OPERATOR, session=session, assessment_id=info.id)
    assert len({empty, first, changed}) == 3
    assert cleared[0] == 0
