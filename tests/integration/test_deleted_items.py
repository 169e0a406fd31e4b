"""What the app lists for restoring (``list_deleted``, ``deleted_organisations``) and the join
page's look-up of a code (``workshop_is_anonymous``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessment import services
from assessment.db import session_scope
from assessment.errors import (
    AssessmentClosedError,
    NotFoundError,
    PermissionDeniedError,
    TooManyAttemptsError,
)
from tests.factories import OPERATOR, make_assessment, make_organisation, make_person, make_unit


def test_each_role_is_listed_what_it_may_restore_with_the_day_it_may_be_purged(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        services.set_retention(session=session, actor=OPERATOR, organisation_id=organisation.id, days=12)
        finance = make_unit(session, organisation.id, name="Finance")
        payroll = make_unit(session, organisation.id, name="Payroll", parent_id=finance.id)
        kept = make_unit(session, organisation.id, name="Kept")
        workshop = make_assessment(session, kept.id, title="Workshop", mode="workshop")
        gone = make_assessment(session, kept.id, title="Gone")
        make_assessment(session, payroll.id, title="Under payroll")
        duplicate = services.join_workshop(
            session=session, join_code=workshop.join_code or "", client="t", label="Ada"
        )
        services.delete_respondent(session=session, actor=OPERATOR, respondent_id=duplicate.id, confirm="Ada")
        services.delete_assessment(session=session, actor=OPERATOR, assessment_id=gone.id, confirm="Gone")
        services.delete_unit(session=session, actor=OPERATOR, unit_id=finance.id, confirm="Finance")
        owner = make_person(session, {organisation.id: "owner"})
        facilitator = make_person(session, {organisation.id: "facilitator"})
        viewer = make_person(session, {organisation.id: "viewer"})

    with session_scope(engine, write=False) as session:
        for_owner = services.list_deleted(session=session, actor=owner, organisation_id=organisation.id)
        for_facilitator = services.list_deleted(
            session=session, actor=facilitator, organisation_id=organisation.id
        )
        with pytest.raises(PermissionDeniedError):
            services.list_deleted(session=session, actor=viewer, organisation_id=organisation.id)

    # Payroll and its assessment went with Finance: only Finance is listed, to restore them all.
    assert [(item.kind, item.name, item.within) for item in for_owner] == [
        ("unit", "Finance", ""),
        ("assessment", "Gone", "Kept"),
        ("respondent", "Ada", "Workshop"),
    ]
    assert [(item.kind, item.assessment_id) for item in for_facilitator] == [("respondent", workshop.id)]
    assert all(item.purge_after - item.deleted_at == timedelta(days=12) for item in for_owner)


def test_a_deleted_organisation_is_listed_to_its_owners_only_until_restored(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session, name="Gone Agency")
        other = make_organisation(session)
        owner = make_person(session, {organisation.id: "owner"})
        stranger = make_person(session, {other.id: "owner"})
        services.delete_organisation(
            session=session, actor=owner, organisation_id=organisation.id, confirm="Gone Agency"
        )
        listed = services.deleted_organisations(session=session, actor=owner)
        assert services.deleted_organisations(session=session, actor=stranger) == []
        assert [item.name for item in services.deleted_organisations(session=session, actor=OPERATOR)] == [
            "Gone Agency"
        ]
        services.restore_organisation(session=session, actor=owner, organisation_id=organisation.id)

        assert [(item.kind, item.id, item.name) for item in listed] == [
            ("organisation", organisation.id, "Gone Agency")
        ]
        assert services.deleted_organisations(session=session, actor=owner) == []


def test_looking_up_a_join_code_says_whether_names_are_asked_and_counts_wrong_codes(engine):
    with session_scope(engine) as session:
        named = make_assessment(session, title="Named", mode="workshop")
        anonymous = make_assessment(session, title="Anonymous", mode="workshop", anonymous=True)
        closed = make_assessment(session, title="Closed", mode="workshop")
        services.close_assessment(session=session, actor=OPERATOR, assessment_id=closed.id)

    with session_scope(engine) as session:
        assert not services.workshop_is_anonymous(
            session=session, join_code=named.join_code or "", client="c"
        )
        assert services.workshop_is_anonymous(
            session=session, join_code=(anonymous.join_code or "").lower(), client="c"
        )
        with pytest.raises(AssessmentClosedError):
            services.workshop_is_anonymous(session=session, join_code=closed.join_code or "", client="c")
    for _ in range(services.respondents.WRONG_CODES_PER_MINUTE):
        with session_scope(engine) as session, pytest.raises(NotFoundError):
            services.workshop_is_anonymous(session=session, join_code="ZZZZZZ", client="guesser")
    with session_scope(engine) as session, pytest.raises(TooManyAttemptsError):
        services.workshop_is_anonymous(session=session, join_code=named.join_code or "", client="guesser")
