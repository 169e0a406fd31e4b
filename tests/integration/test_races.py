"""Races found by the adversarial tests (issue 13): close against save, two people editing
targets, and a thousand anonymous participants joining one workshop at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine

from assessment import services
from assessment.access import Actor
from assessment.db import session_scope
from assessment.errors import AssessmentClosedError, ConflictError
from tests.factories import OPERATOR, make_assessment, make_organisation

JOINERS = 1_000


def test_a_save_racing_the_close_never_changes_the_closed_assessment(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        person = services.join_workshop(
            session=session, join_code=workshop.join_code, client="test-client", label="Ada"
        )
        services.save_answer(
            actor=Actor.participant(person.id), session=session, respondent_id=person.id,
            question_id="culture.q1", answer=1,
        )  # fmt: skip
    outcome: list[object] = []

    def save_five() -> None:
        try:
            with session_scope(engine) as session:
                services.save_answer(
                    actor=Actor.participant(person.id), session=session, respondent_id=person.id,
                    question_id="culture.q1", answer=5,
                )  # fmt: skip
            outcome.append("saved")
        except AssessmentClosedError as error:
            outcome.append(error)

    with session_scope(engine) as closing:
        services.close_assessment(actor=OPERATOR, session=closing, assessment_id=workshop.id)
        saver = threading.Thread(target=save_five)
        saver.start()
        saver.join(timeout=1.5)  # the close is not committed yet: the save must wait for it
    saver.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], AssessmentClosedError)
    with session_scope(engine, write=False) as session:
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=workshop.id)
    assert answers["answer"].tolist() == [1]


def test_the_second_of_two_people_saving_targets_is_told_and_changes_nothing(engine):
    with session_scope(engine) as session:
        assessment = make_assessment(session, area_targets={"devops": 3.0})
    first_seen = second_seen = assessment.targets_version
    with session_scope(engine) as session:
        services.update_targets(
            actor=OPERATOR, session=session, assessment_id=assessment.id,
            area_targets={"devops": 4.0}, expected_version=first_seen,
        )  # fmt: skip
    with session_scope(engine) as session, pytest.raises(ConflictError, match="changed the targets"):
        services.update_targets(
            actor=OPERATOR, session=session, assessment_id=assessment.id,
            area_targets={"devops": 2.0}, expected_version=second_seen,
        )  # fmt: skip
    with session_scope(engine, write=False) as session:
        info = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=assessment.id)
    assert info.area_targets == {"devops": 4.0}
    assert info.targets_version == first_seen + 1


@pytest.mark.postgres
def test_a_thousand_anonymous_participants_joining_at_once_all_get_in(postgres_engine: Engine):
    with session_scope(postgres_engine) as session:
        organisation = make_organisation(session)
        workshop = make_assessment(session, organisation_id=organisation.id, mode="workshop", anonymous=True)
    start = threading.Barrier(JOINERS)

    def join(index: int) -> str:
        start.wait()
        with session_scope(postgres_engine) as session:
            return services.join_workshop(
                session=session, join_code=workshop.join_code, client=f"device-{index}"
            ).label

    with ThreadPoolExecutor(max_workers=JOINERS) as pool:
        futures = [pool.submit(join, index) for index in range(JOINERS)]
        outcomes = [future.exception(timeout=300) or future.result() for future in futures]
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    assert failures == [], f"{len(failures)} of {JOINERS} refused, e.g. {failures[:3]}"
    assert sorted(outcomes) == sorted(f"Participant {n}" for n in range(1, JOINERS + 1))
