"""Read-only results links: made, listed and revoked by those who run assessments, audited,
stored as a hash only, and opening one assessment's results without names or notes until they
expire or are revoked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select

from assessment import services
from assessment.access import Actor
from assessment.db import create_db_engine, current_revision, head_revision, session_scope, upgrade
from assessment.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from assessment.models import ShareLink
from assessment.services.share_links import token_hash
from tests.factories import (
    OPERATOR,
    answer_all,
    make_answered_assessment,
    make_assessment,
    make_organisation,
    make_person,
    make_respondent,
)

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Shared:
    organisation: int
    assessment: int
    other_assessment: int
    owner: Actor
    facilitator: Actor
    viewer: Actor
    outsider: Actor


@pytest.fixture
def shared(engine) -> Shared:
    with session_scope(engine) as session:
        made = make_answered_assessment(
            session,
            {"Ada Lovelace": {"culture.q1": 3, "devops.q1": 2}},
            mode="workshop",
            organisation="Agency A",
            unit="Finance",
            title="Round 2026",
        )
        answer_all(
            session,
            made.respondent_ids[0],
            {"culture.q1": 3},
            notes={"culture.q1": "Ask Grace Hopper about the pipeline"},
        )
        other = make_assessment(session, organisation_id=made.organisation_id, unit="Legal")
        make_respondent(session, other.id, "Bob Builder")
        b = make_organisation(session, name="Agency B").id
        a = made.organisation_id
        return Shared(
            organisation=a,
            assessment=made.assessment.id,
            other_assessment=other.id,
            owner=make_person(session, {a: "owner"}),
            facilitator=make_person(session, {a: "facilitator"}),
            viewer=make_person(session, {a: "viewer"}),
            outsider=make_person(session, {b: "owner"}),
        )


def create(engine, actor: Actor, assessment_id: int, days: int = 30, **extra):
    with session_scope(engine) as session:
        return services.create_share_link(
            session=session, actor=actor, assessment_id=assessment_id, days=days, now=NOW, **extra
        )


def open_link(engine, token: str, now: datetime = NOW):
    with session_scope(engine, write=False) as session:
        return services.shared_results(session=session, token=token, now=now)


def test_a_link_opens_the_assessments_results_without_names_notes_or_join_code(engine, shared):
    made = create(engine, shared.facilitator, shared.assessment, days=7, label="Board, December")
    seen = open_link(engine, made.token)
    assert seen.assessment.id == shared.assessment
    assert (seen.assessment.title, seen.assessment.unit) == ("Round 2026", "Finance")
    assert seen.assessment.join_code is None
    assert seen.expires_at == NOW + timedelta(days=7)
    with session_scope(engine, write=False) as session:
        full = services.score_assessment(session=session, actor=OPERATOR, assessment_id=shared.assessment)
    assert any(question.notes for question in full.questions)  # the stored result has the note
    assert all(question.notes == () for question in seen.result.questions)
    assert seen.result.overall == full.overall and seen.result.backlog == full.backlog
    everything = repr(seen)
    assert "Ada Lovelace" not in everything and "Grace Hopper" not in everything
    assert "Bob Builder" not in everything and "Legal" not in everything


def test_only_a_hash_of_the_secret_is_stored(engine, shared):
    made = create(engine, shared.owner, shared.assessment)
    with session_scope(engine, write=False) as session:
        stored = session.exec(select(ShareLink)).one()
    assert stored.token_hash == token_hash(made.token) != made.token
    assert len(made.token) >= 32
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM share_link")).all()
    assert made.token not in repr(rows)
    assert made.link.created_by == shared.owner.email


@pytest.mark.parametrize("role", ["facilitator", "owner"])
def test_facilitators_and_owners_create_list_and_revoke_links(engine, shared, role):
    actor = getattr(shared, role)
    first = create(engine, actor, shared.assessment, days=7)
    second = create(engine, actor, shared.assessment, days=90, label="Audit committee")
    with session_scope(engine) as session:
        listed = services.list_share_links(
            session=session, actor=actor, assessment_id=shared.assessment, now=NOW
        )
        assert [link.id for link in listed] == [second.link.id, first.link.id]
        assert listed[0].label == "Audit committee"
        services.revoke_share_link(session=session, actor=actor, link_id=first.link.id, now=NOW)
        listed = services.list_share_links(
            session=session, actor=actor, assessment_id=shared.assessment, now=NOW
        )
    assert [link.id for link in listed] == [second.link.id]


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_a_member_without_the_facilitator_role_cannot_create_list_or_revoke_links(engine, shared, who):
    actor = getattr(shared, who)
    refused = PermissionDeniedError if who == "viewer" else NotFoundError
    made = create(engine, shared.owner, shared.assessment)
    with session_scope(engine) as session:
        with pytest.raises(refused):
            services.create_share_link(
                session=session, actor=actor, assessment_id=shared.assessment, days=7, now=NOW
            )
        with pytest.raises(refused):
            services.list_share_links(session=session, actor=actor, assessment_id=shared.assessment)
        with pytest.raises(refused):
            services.revoke_share_link(session=session, actor=actor, link_id=made.link.id)
    assert open_link(engine, made.token).assessment.id == shared.assessment  # still open


def test_visitors_and_participants_cannot_make_links(engine, shared):
    with session_scope(engine) as session:
        for actor in (Actor.visitor(), Actor.participant(1)):
            with pytest.raises((PermissionDeniedError, NotFoundError)):
                services.create_share_link(
                    session=session, actor=actor, assessment_id=shared.assessment, days=7
                )


def test_an_outsider_learns_nothing_from_revoking_a_link_id(engine, shared):
    made = create(engine, shared.owner, shared.assessment)
    with session_scope(engine) as session, pytest.raises(NotFoundError) as refused:
        services.revoke_share_link(session=session, actor=shared.outsider, link_id=made.link.id)
    assert str(refused.value) == f"there is no results link with id {made.link.id}"


def test_a_revoked_link_opens_nothing_and_says_so(engine, shared):
    made = create(engine, shared.owner, shared.assessment)
    with session_scope(engine) as session:
        services.revoke_share_link(session=session, actor=shared.facilitator, link_id=made.link.id, now=NOW)
    with pytest.raises(NotFoundError, match="This results link was revoked"):
        open_link(engine, made.token)


def test_an_expired_link_opens_nothing_and_says_since_when(engine, shared):
    made = create(engine, shared.owner, shared.assessment, days=7)
    assert open_link(engine, made.token, NOW + timedelta(days=7, seconds=-1)).assessment
    with pytest.raises(NotFoundError, match=r"This results link expired on 3 Dec 2026\."):
        open_link(engine, made.token, NOW + timedelta(days=7))
    with session_scope(engine) as session:
        active = services.list_share_links(
            session=session, actor=shared.owner, assessment_id=shared.assessment, now=NOW + timedelta(days=8)
        )
    assert active == []


@pytest.mark.parametrize("token", ["", "nope", "x" * 500])
def test_an_unknown_token_opens_nothing(engine, shared, token):
    create(engine, shared.owner, shared.assessment)
    with pytest.raises(NotFoundError, match="This results link is not valid"):
        open_link(engine, token)


def test_a_link_to_a_deleted_assessment_opens_nothing(engine, shared):
    made = create(engine, shared.owner, shared.assessment)
    with session_scope(engine) as session:
        services.delete_assessment(
            session=session, actor=shared.owner, assessment_id=shared.assessment, confirm="Round 2026"
        )
    with pytest.raises(NotFoundError, match="was deleted"):
        open_link(engine, made.token)


@pytest.mark.parametrize("days", [0, -1, 91])
def test_a_link_lasts_between_one_day_and_a_quarter(engine, shared, days):
    with pytest.raises(InvalidInputError, match="days"):
        create(engine, shared.owner, shared.assessment, days=days)


def test_making_and_revoking_a_link_is_audited_without_its_label(engine, shared):
    made = create(engine, shared.facilitator, shared.assessment, label="For Mr Smith")
    with session_scope(engine) as session:
        services.revoke_share_link(session=session, actor=shared.owner, link_id=made.link.id, now=NOW)
        services.revoke_share_link(session=session, actor=shared.owner, link_id=made.link.id, now=NOW)
        trail = services.audit_trail(session=session, actor=shared.owner, organisation_id=shared.organisation)
    events = [(e.actor, e.action, e.object_id) for e in trail if e.action in ("share link", "revoke link")]
    assert events == [
        (shared.owner.email, "revoke link", shared.assessment),
        (shared.facilitator.email, "share link", shared.assessment),
    ]
    assert all("Smith" not in (e.detail or "") for e in trail)


def test_the_links_a_person_made_are_in_their_personal_data(engine, shared):
    create(engine, shared.facilitator, shared.assessment, days=30)
    with session_scope(engine, write=False) as session:
        data = services.person_data(session=session, actor=OPERATOR, email=shared.facilitator.email)
    assert data["share_links"] == [
        {
            "assessment_id": shared.assessment,
            "label": "",
            "created_at": NOW.isoformat(),
            "expires_at": (NOW + timedelta(days=30)).isoformat(),
            "revoked_at": None,
        }
    ]


def test_purging_an_assessment_removes_its_links(engine, shared):
    create(engine, shared.owner, shared.assessment)
    with session_scope(engine) as session:
        services.delete_assessment(
            session=session, actor=shared.owner, assessment_id=shared.assessment, confirm="Round 2026"
        )
    with session_scope(engine) as session:
        services.purge(session=session, actor=OPERATOR, older_than_days=0)
    with session_scope(engine, write=False) as session:
        assert session.exec(select(ShareLink)).all() == []


def test_upgrading_from_0009_keeps_every_row_and_takes_links(tmp_path: Path):
    engine = create_db_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0009")
    created = datetime(2025, 5, 6, 7, 8, 9)
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO organisation (id, name, created_at) VALUES (1, 'Old Ministry', :t)", t=created)
        run(
            "INSERT INTO unit (id, organisation_id, name, created_at) VALUES (1, 1, 'Finance', :t)", t=created
        )
        run(
            "INSERT INTO assessment (id, unit_id, title, assessed_on, mode, status, area_targets,"
            " question_targets, focus_steps, focus_pillars, bank_version, created_at) VALUES (1, 1,"
            " 'Round 2025', '2025-05-06', 'self', 'open', '{}', '{}', '[]', '[]', :v, :t)",
            v=services.current_bank().version,
            t=created,
        )
        run(
            "INSERT INTO respondent (id, assessment_id, label, role, token, created_at)"
            " VALUES (1, 1, 'Leader', '', 'token-of-the-leader', :t)",
            t=created,
        )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with session_scope(engine) as session:
        info = services.get_assessment_info(session=session, actor=OPERATOR, assessment_id=1)
        assert (info.organisation, info.title, info.respondents) == ("Old Ministry", "Round 2025", 1)
        made = services.create_share_link(session=session, actor=OPERATOR, assessment_id=1, days=7)
    with session_scope(engine, write=False) as session:
        assert services.shared_results(session=session, token=made.token).assessment.title == "Round 2025"
    engine.dispose()
