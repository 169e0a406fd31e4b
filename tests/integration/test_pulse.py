"""The live workshop view's pulse: one statement whatever the number of answers, moved by every
change the facilitator's screen shows, and checked against the reader's role as it is now."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, event
from sqlmodel import Session

from assessment import rules, services
from assessment.db import session_scope
from assessment.errors import NotFoundError, PermissionDeniedError
from tests.factories import OPERATOR, answer_all, make_assessment, make_person, make_respondent


@contextmanager
def counted_statements(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):  # SQLite's own BEGIN
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def pulse(engine: Engine, workshop: int, actor=OPERATOR) -> services.WorkshopPulse:
    with session_scope(engine, write=False) as session:
        return services.workshop_pulse(session=session, actor=actor, assessment_id=workshop)


def workshop(session: Session) -> int:
    return make_assessment(session, mode="workshop").id


def organisation_of(session: Session, workshop_id: int) -> int:
    return services.get_assessment_info(
        session=session, actor=OPERATOR, assessment_id=workshop_id
    ).organisation_id


def test_one_statement_with_no_answers_and_with_many(engine, bank):
    with session_scope(engine) as session:
        workshop_id = workshop(session)
        facilitator = make_person(session, {organisation_of(session, workshop_id): "facilitator"})
    for _ in range(2):
        with counted_statements(engine) as statements:
            pulse(engine, workshop_id, facilitator)
        assert len(statements) == 1, statements
        with session_scope(engine) as session:
            for _ in range(20):
                answer_all(session, make_respondent(session, workshop_id).id, 3)
    assert pulse(engine, workshop_id).answers == 40 * len(bank.questions)


def test_every_change_the_live_view_shows_moves_the_pulse(engine):
    with session_scope(engine) as session:
        workshop_id = workshop(session)
    seen = [pulse(engine, workshop_id)]

    def moved() -> None:
        seen.append(pulse(engine, workshop_id))
        assert seen[-1] != seen[-2]

    with session_scope(engine) as session:
        ada = make_respondent(session, workshop_id, "Ada").id
    moved()
    with session_scope(engine) as session:
        answer_all(session, ada, {"culture.q1": 2})
    moved()
    with session_scope(engine) as session:
        answer_all(session, ada, {"culture.q1": 4})  # changed in place: same count, same ids
    moved()
    with session_scope(engine) as session:
        ben = make_respondent(session, workshop_id, "Ben").id
        answer_all(session, ben, {"culture.q1": 4})
    moved()
    with session_scope(engine) as session:
        services.delete_respondent(session=session, actor=OPERATOR, respondent_id=ben, confirm="Ben")
    moved()
    assert seen[-1].respondents == 1 and seen[-1].answers == 1
    with session_scope(engine) as session:
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=workshop_id)
    moved()
    assert seen[-1].status == "closed"
    assert pulse(engine, workshop_id) == seen[-1], "nothing changed, the same pulse"


def test_a_role_taken_away_stops_the_pulse_even_for_a_stale_actor(engine):
    with session_scope(engine) as session:
        workshop_id = workshop(session)
        organisation_id = organisation_of(session, workshop_id)
        facilitator = make_person(session, {organisation_id: "facilitator"})
    pulse(engine, workshop_id, facilitator)
    with session_scope(engine) as session:
        services.add_member(
            session=session,
            actor=OPERATOR,
            organisation_id=organisation_id,
            email=facilitator.email,
            role="viewer",
        )
    with pytest.raises(PermissionDeniedError):
        pulse(engine, workshop_id, facilitator)  # the actor object still says "facilitator"
    with session_scope(engine) as session:
        services.remove_member(
            session=session, actor=OPERATOR, organisation_id=organisation_id, email=facilitator.email
        )
    with pytest.raises(NotFoundError):
        pulse(engine, workshop_id, facilitator)


def test_a_deleted_workshop_has_no_pulse(engine):
    with session_scope(engine) as session:
        made = make_assessment(session, mode="workshop", title="Gone")
        services.delete_assessment(session=session, actor=OPERATOR, assessment_id=made.id, confirm="Gone")
    with pytest.raises(NotFoundError):
        pulse(engine, made.id)


def test_a_version_is_trusted_only_once_slower_saves_can_no_longer_commit():
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    assert rules.settled(None, now, pool_timeout_s=30)
    assert not rules.settled(now - timedelta(seconds=59), now, pool_timeout_s=30)
    assert rules.settled(now - timedelta(seconds=61), now, pool_timeout_s=30)
    assert not rules.settled(now - timedelta(seconds=61), now, pool_timeout_s=60)
