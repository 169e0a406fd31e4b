"""Backups written by hand or by an attacker are checked with the app's own rules before
anything is written, and text PostgreSQL refuses never reaches it (issue 13)."""

from __future__ import annotations

import copy
import math
from datetime import date

import pytest

from assessment import services
from assessment.backup import organisation_backup
from assessment.db import session_scope
from assessment.errors import InvalidInputError
from assessment.restore import restore_organisation
from tests.factories import (
    OPERATOR,
    backup_of_a_deleted_organisation,
    make_assessment,
    make_organisation,
    make_respondent,
    make_unit,
)


@pytest.fixture
def backup(engine) -> dict:
    """A small organisation's backup; the organisation is deleted so the backup can be restored."""
    with session_scope(engine) as session:
        return backup_of_a_deleted_organisation(session, "Hostile backups")


def first_assessment(data: dict) -> dict:
    return data["organisation"]["units"][0]["assessments"][0]


def refused(engine, data: dict, where: str) -> str:
    with session_scope(engine) as session, pytest.raises(InvalidInputError) as raised:
        restore_organisation(actor=OPERATOR, session=session, data=data)
    message = str(raised.value)
    assert where in message
    with session_scope(engine, write=False) as session:
        assert services.find_organisation(actor=OPERATOR, session=session, name="Hostile backups") is None
    return message


@pytest.mark.parametrize("target", [99, -5, 1e308, math.inf, math.nan])
def test_an_impossible_area_target_is_refused(engine, backup, target):
    first_assessment(backup)["area_targets"] = {"devops": target}
    refused(engine, backup, "organisation.units.0.assessments.0")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("area_targets", {"astrology": 3}),
        ("question_targets", {"culture.q1": 0}),
        ("question_targets", {"culture.q1": 9}),
        ("question_targets", {"culture.q1": 10**30}),
        ("focus_steps", ["no-such-step"]),
    ],
)
def test_targets_and_focus_the_bank_does_not_have_are_refused(engine, backup, field, value):
    first_assessment(backup)[field] = value
    refused(engine, backup, "organisation.units.0.assessments.0")


def test_a_date_that_overflows_when_turned_to_utc_is_refused(engine, backup):
    first_assessment(backup)["created_at"] = "9999-12-31T23:00:00-14:00"
    refused(engine, backup, "organisation.units.0.assessments.0.created_at")


def test_units_nested_thousands_deep_are_refused_with_the_depth(engine, backup):
    unit = backup["organisation"]["units"][0]
    leaf = unit
    for level in range(3_000):
        child = {"name": f"Level {level}", "created_at": unit["created_at"], "assessments": [], "units": []}
        leaf["units"] = [child]
        leaf = child
    refused(engine, backup, "nested")


def test_json_true_is_not_an_answer(engine, backup):
    first_assessment(backup)["respondents"][0]["answers"][0]["answer"] = True
    refused(engine, backup, "answers.0.answer")


def test_json_true_is_not_a_question_target(engine, backup):
    first_assessment(backup)["question_targets"] = {"culture.q1": True}
    refused(engine, backup, "question_targets")


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["organisation"].update(name="Hostile\x00backups"),
        lambda d: d["organisation"]["units"][0].update(name="Fin\x00ance"),
        lambda d: first_assessment(d)["respondents"][0]["answers"][0].update(note="a\x00b"),
    ],
)
def test_text_postgresql_cannot_store_is_refused_before_anything_is_written(engine, backup, change):
    change(backup)
    message = refused(engine, backup, "organisation")
    assert "cannot be stored" in message


def test_text_that_is_not_unicode_is_refused(engine, backup):
    first_assessment(backup)["respondents"][0]["label"] = "A\ud800da"
    refused(engine, backup, "respondents.0.label")


def test_every_problem_of_a_backup_is_listed_with_its_path(engine, backup):
    broken = copy.deepcopy(backup)
    first_assessment(broken)["area_targets"] = {"devops": 99}
    first_assessment(broken)["respondents"][0]["answers"][0]["answer"] = True
    message = refused(engine, broken, "organisation.units.0.assessments.0")
    assert "area_targets" in message and "answers.0.answer" in message


def test_a_nul_character_in_a_name_or_note_is_refused_by_the_services(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        with pytest.raises(InvalidInputError, match="cannot be stored"):
            services.create_unit(
                actor=OPERATOR, session=session, organisation_id=organisation.id, name="a\x00b"
            )
        assessment = make_assessment(session, organisation_id=organisation.id)
        ada = make_respondent(session, assessment.id, "Ada")
        with pytest.raises(InvalidInputError, match="cannot be stored"):
            services.save_answer(
                actor=services_actor(ada.id), session=session, respondent_id=ada.id,
                question_id="culture.q1", answer=3, note="x\x00y",
            )  # fmt: skip


def services_actor(respondent_id: int):
    from assessment.access import Actor

    return Actor.participant(respondent_id)


def test_deleted_units_and_assessments_stay_deleted_and_restorable_after_a_restore(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session, name="Undo window")
        kept = make_unit(session, organisation.id, name="Kept")
        gone = make_unit(session, organisation.id, name="Gone")
        make_assessment(session, gone.id, title="In the gone unit", assessed_on=date(2025, 1, 1))
        removed = make_assessment(session, kept.id, title="Removed")
        services.delete_assessment(
            actor=OPERATOR, session=session, assessment_id=removed.id, confirm="Removed"
        )
        services.delete_unit(actor=OPERATOR, session=session, unit_id=gone.id, confirm="Gone")
        data = organisation_backup(actor=OPERATOR, session=session, organisation_id=organisation.id)
        services.delete_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation.id, confirm="Undo window"
        )
    with session_scope(engine) as session:
        restored = restore_organisation(actor=OPERATOR, session=session, data=data).organisation
        units = services.list_units(actor=OPERATOR, session=session, organisation_id=restored.id)
        live = services.list_assessments(actor=OPERATOR, session=session, organisation_id=restored.id)
        deleted = services.list_deleted(actor=OPERATOR, session=session, organisation_id=restored.id)
    assert [unit.name for unit in units] == ["Kept"] and live == []
    assert sorted((item.kind, item.name) for item in deleted) == [("assessment", "Removed"), ("unit", "Gone")]
    with session_scope(engine) as session:
        for item in deleted:
            restore = services.restore_unit if item.kind == "unit" else services.restore_assessment
            restore(actor=OPERATOR, session=session, **{f"{item.kind}_id": item.id})
    with session_scope(engine, write=False) as session:
        live = services.list_assessments(actor=OPERATOR, session=session, organisation_id=restored.id)
    assert {assessment.title for assessment in live} == {"In the gone unit", "Removed"}


def test_a_backup_with_thousands_of_bad_answers_lists_a_bounded_number_with_the_count(engine, backup):
    respondent = first_assessment(backup)["respondents"][0]
    template = respondent["answers"][0]
    respondent["answers"] = [{**template, "question": f"q{n}", "answer": 9} for n in range(5_000)]
    message = refused(engine, backup, "answers.0.answer")
    assert "5,000 problem(s)" in message
    assert "… and 4,800 more" in message
    assert len(message) < 40_000
