"""Tenant isolation and roles, enforced in the service layer: every service that reads or
changes an organisation's data refuses whoever lacks the role, and an outsider learns nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session

from assessment import backup, exporting, importing, restore, services
from assessment.access import Actor
from assessment.db import session_scope
from assessment.errors import ConflictError, NotFoundError, PermissionDeniedError, TooManyAttemptsError
from tests.factories import (
    OPERATOR,
    make_answered_assessment,
    make_assessment,
    make_organisation,
    make_person,
    make_respondent,
)


@dataclass(frozen=True)
class World:
    """Organisation A with a workshop (one participant), organisation B, and people in A."""

    a: int
    b: int
    unit: int
    workshop: int
    respondent: int
    join_code: str
    owner: Actor
    facilitator: Actor
    viewer: Actor
    outsider: Actor


@pytest.fixture
def world(engine) -> World:
    with session_scope(engine) as session:
        made = make_answered_assessment(
            session, {"Ada": {"culture.q1": 3}}, mode="workshop", organisation="Agency A", unit="Finance"
        )
        b = make_organisation(session, name="Agency B").id
        make_assessment(session, organisation_id=b, unit="Secret unit of B")
        a = made.organisation_id
        return World(
            a=a,
            b=b,
            unit=made.unit_id,
            workshop=made.assessment.id,
            respondent=made.respondent_ids[0],
            join_code=made.assessment.join_code or "",
            owner=make_person(session, {a: "owner"}),
            facilitator=make_person(session, {a: "facilitator"}),
            viewer=make_person(session, {a: "viewer"}),
            outsider=make_person(session, {b: "owner"}),
        )


# Every service that reads or writes organisation A's data, with the least role that may call it.
Call = Callable[[Session, Actor, World], Any]
CALLS: dict[str, tuple[str, Call]] = {
    "get_organisation": (
        "viewer",
        lambda s, a, w: services.get_organisation(session=s, actor=a, organisation_id=w.a),
    ),
    "list_units": ("viewer", lambda s, a, w: services.list_units(session=s, actor=a, organisation_id=w.a)),
    "get_unit": ("viewer", lambda s, a, w: services.get_unit(session=s, actor=a, unit_id=w.unit)),
    "get_assessment_info": (
        "viewer",
        lambda s, a, w: services.get_assessment_info(session=s, actor=a, assessment_id=w.workshop),
    ),
    "list_assessments of A": (
        "viewer",
        lambda s, a, w: services.list_assessments(session=s, actor=a, organisation_id=w.a),
    ),
    "load_answers": (
        "viewer",
        lambda s, a, w: services.load_answers(session=s, actor=a, assessment_id=w.workshop),
    ),
    "load_organisation_answers": (
        "viewer",
        lambda s, a, w: services.load_organisation_answers(session=s, actor=a, organisation_id=w.a),
    ),
    "score_assessment": (
        "viewer",
        lambda s, a, w: services.score_assessment(session=s, actor=a, assessment_id=w.workshop),
    ),
    "score_organisation": (
        "viewer",
        lambda s, a, w: services.score_organisation(session=s, actor=a, organisation_id=w.a),
    ),
    "unit_trend": ("viewer", lambda s, a, w: services.unit_trend(session=s, actor=a, unit_id=w.unit)),
    "answers_version": (
        "viewer",
        lambda s, a, w: services.answers_version(session=s, actor=a, assessment_id=w.workshop),
    ),
    "create_unit": (
        "facilitator",
        lambda s, a, w: services.create_unit(session=s, actor=a, organisation_id=w.a, name="New unit"),
    ),
    "create_assessment": (
        "facilitator",
        lambda s, a, w: make_assessment_as(s, a, w),
    ),
    "update_targets": (
        "facilitator",
        lambda s, a, w: services.update_targets(
            session=s, actor=a, assessment_id=w.workshop, area_targets={"culture": 4}
        ),
    ),
    "close_assessment": (
        "facilitator",
        lambda s, a, w: services.close_assessment(session=s, actor=a, assessment_id=w.workshop),
    ),
    "rotate_join_code": (
        "facilitator",
        lambda s, a, w: services.rotate_join_code(session=s, actor=a, assessment_id=w.workshop),
    ),
    "list_respondents": (
        "facilitator",
        lambda s, a, w: services.list_respondents(session=s, actor=a, assessment_id=w.workshop),
    ),
    "add_respondent": (
        "facilitator",
        lambda s, a, w: services.add_respondent(session=s, actor=a, assessment_id=w.workshop, label="Extra"),
    ),
    "workshop_progress": (
        "facilitator",
        lambda s, a, w: services.workshop_progress(session=s, actor=a, assessment_id=w.workshop),
    ),
    "workshop_pulse": (
        "facilitator",
        lambda s, a, w: services.workshop_pulse(session=s, actor=a, assessment_id=w.workshop),
    ),
    "export_assessment": (
        "facilitator",
        lambda s, a, w: exporting.export_assessment(session=s, actor=a, assessment_id=w.workshop, fmt="csv"),
    ),
    "export_organisation": (
        "facilitator",
        lambda s, a, w: exporting.export_organisation(session=s, actor=a, organisation_id=w.a, fmt="json"),
    ),
    "organisation_backup": (
        "facilitator",
        lambda s, a, w: backup.organisation_backup(session=s, actor=a, organisation_id=w.a),
    ),
    "rename_organisation": (
        "owner",
        lambda s, a, w: services.rename_organisation(session=s, actor=a, organisation_id=w.a, name="Renamed"),
    ),
    "rename_unit": (
        "owner",
        lambda s, a, w: services.rename_unit(session=s, actor=a, unit_id=w.unit, name="X"),
    ),
    "delete_assessment": (
        "owner",
        lambda s, a, w: services.delete_assessment(
            session=s, actor=a, assessment_id=w.workshop, confirm="Baseline"
        ),
    ),
    "delete_organisation": (
        "owner",
        lambda s, a, w: services.delete_organisation(
            session=s, actor=a, organisation_id=w.a, confirm="Agency A"
        ),
    ),
    "list_members": ("owner", lambda s, a, w: services.list_members(session=s, actor=a, organisation_id=w.a)),
    "add_member": (
        "owner",
        lambda s, a, w: services.add_member(
            session=s, actor=a, organisation_id=w.a, email="new@example.org", role="viewer"
        ),
    ),
}
RANK = {"viewer": 0, "facilitator": 1, "owner": 2}


def make_assessment_as(session: Session, actor: Actor, world: World) -> Any:
    return services.create_assessment(
        session=session, actor=actor, unit_id=world.unit, title="Round 2", mode="self", assessed_on=_today()
    )


def _today():
    from datetime import date

    return date(2026, 1, 1)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("who", ["viewer", "facilitator", "owner"])
def test_each_service_allows_exactly_the_roles_it_needs(engine, world, name, who):
    needed, call = CALLS[name]
    actor = getattr(world, who)
    with session_scope(engine) as session:
        if RANK[who] >= RANK[needed]:
            call(session, actor, world)
        else:
            with pytest.raises(PermissionDeniedError, match=f"needs the {needed} role"):
                call(session, actor, world)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_a_member_of_another_organisation_is_told_nothing_exists(engine, world, name):
    _, call = CALLS[name]
    with session_scope(engine) as session, pytest.raises(NotFoundError, match="there is no"):
        call(session, world.outsider, world)


@pytest.mark.parametrize("name", sorted(CALLS))
@pytest.mark.parametrize("kind", ["visitor", "participant"])
def test_a_visitor_or_a_participant_reads_and_changes_no_organisation_data(engine, world, name, kind):
    _, call = CALLS[name]
    actor = Actor.visitor() if kind == "visitor" else Actor.participant(world.respondent)
    with session_scope(engine) as session, pytest.raises(NotFoundError):
        call(session, actor, world)


def test_lists_show_only_the_organisations_a_person_belongs_to(engine, world):
    with session_scope(engine, write=False) as session:
        for actor, visible in (
            (world.viewer, {"Agency A"}),
            (world.outsider, {"Agency B"}),
            (OPERATOR, None),
        ):
            names = {o.name for o in services.list_organisations(session=session, actor=actor)}
            units = {a.unit for a in services.list_assessments(session=session, actor=actor)}
            scored = set(services.overall_scores(session=session, actor=actor))
            if visible is None:
                assert {"Agency A", "Agency B"} <= names
                continue
            assert names == visible
            assert ("Secret unit of B" in units) == ("Agency B" in visible)
            assert (world.workshop in scored) == ("Agency A" in visible)
        assert services.list_organisations(session=session, actor=Actor.visitor()) == []


def test_answers_are_saved_and_read_only_through_the_respondents_own_token(engine, world):
    with session_scope(engine) as session:
        other = make_respondent(session, world.workshop, "Bo")
        ada = Actor.participant(world.respondent)
        services.save_answer(
            session=session, actor=ada, respondent_id=world.respondent, question_id="culture.q2", answer=4
        )
        assert services.answers_for_respondent(session=session, actor=ada, respondent_id=world.respondent)
        for intruder in (ada, world.owner, Actor.visitor()):
            with pytest.raises(PermissionDeniedError):
                services.save_answer(
                    session=session,
                    actor=intruder,
                    respondent_id=other.id,
                    question_id="culture.q1",
                    answer=1,
                )
            with pytest.raises(PermissionDeniedError):
                services.answers_for_respondent(session=session, actor=intruder, respondent_id=other.id)


def test_only_instance_admins_create_organisations_and_a_signed_in_admin_owns_what_they_create(engine, world):
    with session_scope(engine) as session:
        with pytest.raises(PermissionDeniedError, match="instance admin"):
            services.create_organisation(session=session, actor=world.owner, name="Shadow agency")
        services.add_admin(session=session, actor=OPERATOR, email="chief@example.org")
        admin = services.actor_for(session=session, email="Chief@Example.org")
        created = services.create_organisation(session=session, actor=admin, name="New agency")
        owner = services.actor_for(session=session, email="chief@example.org")
        assert owner.role_in(created.id) == "owner"
        # An admin manages members of any organisation but reads its answers only as a member.
        services.add_member(
            session=session, actor=admin, organisation_id=world.a, email="x@example.org", role="viewer"
        )
        with pytest.raises(PermissionDeniedError):
            services.load_answers(session=session, actor=admin, assessment_id=world.workshop)


def test_admins_from_the_environment_count_too(engine, world, monkeypatch):
    monkeypatch.setenv("WAYFINDER_ADMINS", "boss@example.org, other@example.org")
    with session_scope(engine) as session:
        assert services.actor_for(session=session, email="BOSS@example.org").is_admin
        assert not services.actor_for(session=session, email="nobody@example.org").is_admin


def test_an_organisation_keeps_at_least_one_owner(engine, world):
    with session_scope(engine) as session:
        owner_email = world.owner.email or ""
        with pytest.raises(ConflictError, match="last owner"):
            services.remove_member(
                session=session, actor=world.owner, organisation_id=world.a, email=owner_email
            )
        with pytest.raises(ConflictError, match="last owner"):
            services.add_member(
                session=session, actor=world.owner, organisation_id=world.a, email=owner_email, role="viewer"
            )
        services.add_member(
            session=session, actor=world.owner, organisation_id=world.a, email="two@x.org", role="owner"
        )
        services.remove_member(session=session, actor=world.owner, organisation_id=world.a, email=owner_email)
        assert services.actor_for(session=session, email=owner_email).role_in(world.a) is None


def test_a_facilitator_imports_into_their_organisation_but_cannot_create_one(engine, world, bank):
    parsed = importing.read_responses(
        b"respondent,question,answer\nAda,culture.q1,3\n", filename="answers.csv", bank=bank
    )
    arguments = {
        "parsed": parsed,
        "unit": "Finance",
        "title": "Imported",
        "assessed_on": _today(),
        "mode": "self",
    }
    with session_scope(engine) as session:
        result = importing.store_responses(
            session=session, actor=world.facilitator, organisation="Agency A", bank=bank, **arguments
        )
        assert result.assessment.organisation_id == world.a
        with pytest.raises(PermissionDeniedError, match="instance admin"):
            importing.store_responses(
                session=session, actor=world.facilitator, organisation="Agency C", bank=bank, **arguments
            )
        with pytest.raises(PermissionDeniedError, match="instance admin"):
            restore.restore_organisation(session=session, actor=world.facilitator, data={})


def test_wrong_join_codes_are_limited_per_client_and_survive_the_failed_join(engine, world):
    for attempt in range(10):
        with session_scope(engine) as session, pytest.raises(NotFoundError):
            services.join_workshop(
                session=session, join_code=f"WRONG{attempt}", client="10.0.0.7", label="Eve"
            )
    with session_scope(engine) as session, pytest.raises(TooManyAttemptsError, match="wait a minute"):
        services.join_workshop(session=session, join_code=world.join_code, client="10.0.0.7", label="Eve")
    with session_scope(engine) as session:
        joined = services.join_workshop(
            session=session, join_code=world.join_code, client="10.0.0.8", label="Sam"
        )
    assert joined.assessment_id == world.workshop


def test_a_closed_workshops_join_code_never_works(engine, world):
    with session_scope(engine) as session:
        services.close_assessment(session=session, actor=world.facilitator, assessment_id=world.workshop)
    with session_scope(engine) as session, pytest.raises(Exception, match="closed"):
        services.join_workshop(session=session, join_code=world.join_code, client="10.0.0.9")
