"""Many people saving at once, each with their own session, as in a workshop of dozens."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func
from sqlmodel import col, select

from assessment import services
from assessment.db import session_scope
from assessment.models import AnswerRow
from tests.factories import OPERATOR, make_assessment, make_respondent

PARTICIPANTS = 12


def run_together(count: int, work: Callable[[int], object]) -> list[object]:
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(work, range(count)))


def test_participants_saving_at_once_lose_and_duplicate_nothing(engine, bank):
    questions = [question.id for question in bank.questions]
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        people = [
            services.join_workshop(
                client="test-client", session=session, join_code=workshop.join_code, label=f"P{n}"
            ).id
            for n in range(PARTICIPANTS)
        ]

    def answer_every_question(index: int) -> None:
        for position, question_id in enumerate(questions):
            with session_scope(engine) as session:  # one short transaction per answer, like the app
                services.save_answer(
                    actor=OPERATOR,
                    session=session,
                    respondent_id=people[index],
                    question_id=question_id,
                    answer=1 + (index + position) % 5,
                )

    run_together(PARTICIPANTS, answer_every_question)
    with session_scope(engine, write=False) as session:
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=workshop.id)
    assert len(answers) == PARTICIPANTS * len(questions)
    assert not answers.duplicated(["respondent", "question"]).any()
    expected = {(f"P{i}", q, 1 + (i + p) % 5) for i in range(PARTICIPANTS) for p, q in enumerate(questions)}
    assert set(zip(answers["respondent"], answers["question"], answers["answer"], strict=True)) == expected


def test_the_same_answer_saved_by_many_at_once_stays_one_row(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id, "Ada").id

    def save(index: int) -> None:
        with session_scope(engine) as session:
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=ada,
                question_id="culture.q1",
                answer=1 + index % 5,
                note=f"n{index}",
            )

    run_together(PARTICIPANTS, save)
    with session_scope(engine, write=False) as session:
        rows = session.exec(select(func.count()).where(col(AnswerRow.respondent_id) == ada)).one()
        saved = services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=ada)
    assert rows == 1
    level, note = saved["culture.q1"]
    assert 1 + int(note.removeprefix("n")) % 5 == level  # the value and the note of one and the same save


def test_people_joining_at_once_with_the_same_name_all_get_in_with_distinct_names(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")

    def join(index: int) -> str:
        with session_scope(engine) as session:
            label = "Sam" if index % 2 else ""
            return services.join_workshop(
                client="test-client", session=session, join_code=workshop.join_code, label=label
            ).label

    labels = run_together(PARTICIPANTS, join)
    assert len(set(labels)) == PARTICIPANTS
    assert sorted(labels) == sorted(
        ["Sam", *(f"Sam {n}" for n in range(2, PARTICIPANTS // 2 + 1))]
        + [f"Participant {n}" for n in range(1, PARTICIPANTS // 2 + 1)]
    )
