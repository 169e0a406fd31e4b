from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from assessment import services
from assessment.db import session_scope
from assessment.errors import (
    AssessmentClosedError,
    ConfirmationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from assessment.services import JOIN_CODE_ALPHABET
from tests.factories import (
    OPERATOR,
    answer_all,
    make_assessment,
    make_organisation,
    make_respondent,
    make_unit,
)


def test_an_organisation_is_created_listed_renamed_and_its_name_kept_unique(engine):
    with session_scope(engine) as session:
        created = services.create_organisation(actor=OPERATOR, session=session, name="  Ministry of Roads ")
        services.create_organisation(actor=OPERATOR, session=session, name="Agence du numérique — Zürich")
        renamed = services.rename_organisation(
            actor=OPERATOR, session=session, organisation_id=created.id, name="Roads Agency"
        )
        with pytest.raises(ConflictError, match="already exists"):
            services.create_organisation(actor=OPERATOR, session=session, name="roads  agency")
        listed = services.list_organisations(actor=OPERATOR, session=session)
    assert created.name == "Ministry of Roads"
    assert renamed.name == "Roads Agency"
    assert [o.name for o in listed] == ["Agence du numérique — Zürich", "Roads Agency"]


def test_names_that_are_empty_or_too_long_are_refused_with_the_reason(engine):
    with session_scope(engine) as session:
        with pytest.raises(InvalidInputError, match="at least 1 character"):
            services.create_organisation(actor=OPERATOR, session=session, name="   ")
        with pytest.raises(InvalidInputError, match="at most 200 characters"):
            services.create_organisation(actor=OPERATOR, session=session, name="x" * 201)


def test_deleting_an_organisation_needs_its_exact_name_and_can_be_undone(engine):
    with session_scope(engine) as session:
        info = make_assessment(session, organisation="Ministry")
        organisation_id = info.organisation_id
        with pytest.raises(ConfirmationError, match="'Ministry'"):
            services.delete_organisation(
                actor=OPERATOR, session=session, organisation_id=organisation_id, confirm="ministry"
            )
        services.delete_organisation(
            actor=OPERATOR, session=session, organisation_id=organisation_id, confirm="Ministry"
        )
    with session_scope(engine) as session:
        assert services.list_organisations(actor=OPERATOR, session=session) == []
        assert services.list_assessments(actor=OPERATOR, session=session) == []
        with pytest.raises(NotFoundError):
            services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=info.id)
        # Its name is free again while it is deleted; restoring then would clash.
        services.restore_organisation(actor=OPERATOR, session=session, organisation_id=organisation_id)
        assert [a.id for a in services.list_assessments(actor=OPERATOR, session=session)] == [info.id]


def test_units_nest_and_list_as_a_tree_with_paths(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        finance = services.create_unit(
            actor=OPERATOR, session=session, organisation_id=organisation.id, name="Finance"
        )
        services.create_unit(
            actor=OPERATOR,
            session=session,
            organisation_id=organisation.id,
            name="Payroll",
            parent_id=finance.id,
        )
        services.create_unit(actor=OPERATOR, session=session, organisation_id=organisation.id, name="Audit")
        with pytest.raises(ConflictError):
            services.create_unit(
                actor=OPERATOR, session=session, organisation_id=organisation.id, name="FINANCE"
            )
        units = services.list_units(actor=OPERATOR, session=session, organisation_id=organisation.id)
        found = services.find_unit(
            actor=OPERATOR, session=session, organisation_id=organisation.id, name="finance / payroll"
        )
    assert [(u.path, u.depth) for u in units] == [("Audit", 0), ("Finance", 0), ("Finance / Payroll", 1)]
    assert found is not None and found.name == "Payroll"


def test_deleting_a_unit_hides_its_sub_units_and_assessments_until_restored(engine):
    with session_scope(engine) as session:
        organisation = make_organisation(session)
        finance = make_unit(session, organisation.id, name="Finance")
        payroll = make_unit(session, organisation.id, name="Payroll", parent_id=finance.id)
        assessment = make_assessment(session, payroll.id)
        services.delete_unit(actor=OPERATOR, session=session, unit_id=finance.id, confirm="Finance")
        assert services.list_units(actor=OPERATOR, session=session, organisation_id=organisation.id) == []
        assert (
            services.list_assessments(actor=OPERATOR, session=session, organisation_id=organisation.id) == []
        )
        services.restore_unit(actor=OPERATOR, session=session, unit_id=finance.id)
        assert [
            u.name
            for u in services.list_units(actor=OPERATOR, session=session, organisation_id=organisation.id)
        ] == [
            "Finance",
            "Payroll",
        ]
        assert (
            services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=assessment.id).unit
            == "Finance / Payroll"
        )


def test_an_assessment_records_the_bank_version_targets_and_focus(engine, bank):
    with session_scope(engine) as session:
        info = make_assessment(
            session,
            area_targets={"culture": 3.5},
            question_targets={"devops.q1": 5},
            focus_steps=["product-backlog"],
            focus_pillars=["security"],
        )
    assert info.bank_version == bank.version
    assert (info.mode, info.status, info.join_code) == ("self", "open", None)
    assert dict(info.area_targets) == {"culture": 3.5}
    assert dict(info.question_targets) == {"devops.q1": 5}
    assert (info.focus_steps, info.focus_pillars) == (("product-backlog",), ("security",))


def test_targets_and_focus_that_do_not_fit_the_bank_are_refused(engine):
    with session_scope(engine) as session:
        with pytest.raises(InvalidInputError, match="unknown area 'finance'"):
            make_assessment(session, area_targets={"finance": 4})
        info = make_assessment(session, organisation="Other")
        with pytest.raises(InvalidInputError, match="not between 1 and 5"):
            services.update_targets(
                actor=OPERATOR, session=session, assessment_id=info.id, area_targets={"culture": 7}
            )
        with pytest.raises(InvalidInputError, match="focus step 'speed'"):
            services.update_targets(
                actor=OPERATOR, session=session, assessment_id=info.id, focus_steps=["speed"]
            )
        updated = services.update_targets(
            actor=OPERATOR, session=session, assessment_id=info.id, area_targets={"skills": 2}
        )
    assert dict(updated.area_targets) == {"skills": 2.0}


def test_an_unknown_mode_is_refused(engine):
    with session_scope(engine) as session, pytest.raises(InvalidInputError, match="mode"):
        make_assessment(session, mode="survey")


def test_saving_again_updates_the_one_answer_and_a_missing_note_keeps_the_old_one(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="culture.q1",
            answer=2,
            note="wiki",
        )
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer="Managed"
        )
        assert services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=ada.id) == {
            "culture.q1": (4, "wiki")
        }
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="culture.q1",
            answer="n/a",
            note="",
        )
        assert services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=ada.id) == {
            "culture.q1": ("na", None)
        }
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="culture.q2",
            answer="don't know",
        )
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=info.id)
    assert len(answers) == 2


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        (3, 3),
        ("3", 3),
        ("3.0", 3),
        ("N/A", "na"),
        ("dk", "dont_know"),
        ("optimising", 5),
        ("2 - Developing", 2),
    ],
)
def test_an_answer_is_stored_in_canonical_form(engine, given, stored):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        returned = services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="skills.q1", answer=given
        )
        saved = services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=ada.id)
    assert returned == stored
    assert saved["skills.q1"][0] == stored


def test_a_question_descriptor_from_the_bank_reads_as_its_level(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        value = services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="skills.q2",
            answer="state 4 of skills.q2.",
        )
    assert value == 4


@pytest.mark.parametrize(
    ("question", "answer", "message"),
    [
        ("culture.nope", 3, "'culture.nope' is not in the question bank"),
        ("culture.q1", 7, "7 is not an answer"),
        ("culture.q1", "", "(empty) is not an answer"),
        ("culture.q1", "maybe", "'maybe' is not an answer: use a level 1 to 5, a level name (Initial,"),
    ],
)
def test_a_bad_question_or_answer_is_refused_and_nothing_is_saved(engine, question, answer, message):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        with pytest.raises(InvalidInputError) as raised:
            services.save_answer(
                actor=OPERATOR, session=session, respondent_id=ada.id, question_id=question, answer=answer
            )
        assert message in str(raised.value)
        assert services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=ada.id) == {}


def test_a_note_longer_than_the_limit_is_refused(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        with pytest.raises(InvalidInputError, match="note"):
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=ada.id,
                question_id="culture.q1",
                answer=3,
                note="x" * 2001,
            )


def test_a_closed_assessment_refuses_answers_until_reopened(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id)
        closed = services.close_assessment(actor=OPERATOR, session=session, assessment_id=info.id)
        with pytest.raises(AssessmentClosedError, match="closed"):
            services.save_answer(
                actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer=3
            )
        reopened = services.reopen_assessment(actor=OPERATOR, session=session, assessment_id=info.id)
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q1", answer=3
        )
    assert closed.status == "closed" and closed.closed_at is not None
    assert reopened.status == "open" and reopened.closed_at is None


def test_respondents_get_unique_secret_tokens_and_are_found_by_them(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id, "Ada")
        anonymous = make_respondent(session, info.id, "")
        with pytest.raises(ConflictError):
            make_respondent(session, info.id, "Ada")
        assert services.respondent_by_token(session=session, token=ada.token) == ada
        assert services.respondent_by_token(session=session, token="not-a-token") is None
        assert services.respondent_by_token(session=session, token="") is None
    assert anonymous.label == "Participant 1"
    assert len(ada.token) >= 32 and ada.token != anonymous.token


def test_a_self_assessment_starts_with_its_leader_as_the_one_respondent(engine):
    with session_scope(engine) as session:
        unit_id = make_unit(session).id
        assessment, leader = services.start_self_assessment(
            actor=OPERATOR,
            session=session,
            unit_id=unit_id,
            title="Baseline 2026",
            assessed_on=date(2026, 1, 5),
            leader="  ",
        )
        assert services.respondent_by_token(session=session, token=leader.token) == leader
        stored = services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=assessment.id)
    assert (stored.mode, stored.respondents, stored.join_code) == ("self", 1, None)
    assert leader.label == "Leader"


def test_participants_join_an_open_workshop_by_its_code_and_a_rotated_code_stops_working(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        code = workshop.join_code
        assert code is not None and len(code) == 6 and set(code) <= set(JOIN_CODE_ALPHABET)
        first = services.join_workshop(
            client="test-client", session=session, join_code=code.lower(), label="Sam", role="developer"
        )
        second = services.join_workshop(
            client="test-client", session=session, join_code=f" {code} ", label="Sam"
        )
        anonymous = services.join_workshop(client="test-client", session=session, join_code=code)
        rotated = services.rotate_join_code(actor=OPERATOR, session=session, assessment_id=workshop.id)
        with pytest.raises(NotFoundError, match="join code"):
            services.join_workshop(client="test-client", session=session, join_code=code, label="Late")
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
        with pytest.raises(AssessmentClosedError):
            services.join_workshop(
                client="test-client", session=session, join_code=rotated.join_code, label="Later"
            )
    assert (first.label, second.label, anonymous.label) == ("Sam", "Sam 2", "Participant 1")
    assert first.assessment_id == workshop.id
    assert rotated.join_code != code


def test_a_self_assessment_has_no_join_code_to_rotate(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        with pytest.raises(InvalidInputError, match="only workshops"):
            services.rotate_join_code(actor=OPERATOR, session=session, assessment_id=info.id)


def test_deleting_a_respondent_removes_their_answers_for_good(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id, "Ada")
        bob = make_respondent(session, info.id, "Bob")
        answer_all(session, ada.id, 3, question_ids=["culture.q1", "culture.q2"])
        answer_all(session, bob.id, {"culture.q1": 4})
        services.delete_respondent(actor=OPERATOR, session=session, respondent_id=ada.id, confirm="Ada")
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=info.id)
        assert services.respondent_by_token(session=session, token=ada.token) is None
    assert answers["respondent"].tolist() == ["Bob"]


def test_load_answers_gives_the_canonical_answers_table(engine):
    with session_scope(engine) as session:
        info = make_assessment(session)
        ada = make_respondent(session, info.id, "Ada")
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="culture.q1",
            answer=4,
            note="ok",
        )
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q2", answer="na"
        )
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=ada.id, question_id="culture.q3", answer="dk"
        )
        answers = services.load_answers(actor=OPERATOR, session=session, assessment_id=info.id)
    assert list(answers.columns) == ["assessment", "respondent", "question", "answer", "note"]
    assert answers["assessment"].tolist() == [str(info.id)] * 3
    assert answers["answer"].tolist() == [4, "na", "dont_know"]
    assert answers["note"].iloc[0] == "ok" and pd.isna(answers["note"].iloc[1])


def test_workshop_progress_counts_each_participants_answers(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop")
        sam = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label="Sam"
        )
        services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label="Kim"
        )
        answer_all(session, sam.id, 2, question_ids=["culture.q1", "devops.q2"])
        progress = services.workshop_progress(actor=OPERATOR, session=session, assessment_id=workshop.id)
    assert [(r.label, r.answered) for r in progress.respondents] == [("Sam", 2), ("Kim", 0)]
    assert progress.questions == 15 and progress.answers == 2
    assert progress.respondents[0].last_saved_at is not None
    assert progress.respondents[0].last_saved_at.tzinfo is not None


def test_records_stay_readable_after_their_session_has_closed(engine):
    with session_scope(engine) as session:
        info = make_assessment(session, title="Readable later")
    with session_scope(engine, write=False) as session:
        listed = services.list_assessments(actor=OPERATOR, session=session)
    assert info.title == listed[0].title == "Readable later"
    assert listed[0].assessed_on == date(2025, 3, 1)
    assert listed[0].respondents == 0


def test_units_assessments_and_respondents_are_renamed_with_the_same_rules(engine):
    with session_scope(engine) as session:
        info = make_assessment(session, unit="Finance")
        make_unit(session, info.organisation_id, name="Legal")
        with pytest.raises(ConflictError):
            services.rename_unit(actor=OPERATOR, session=session, unit_id=info.unit_id, name="legal")
        unit = services.rename_unit(
            actor=OPERATOR, session=session, unit_id=info.unit_id, name="Finance and Budget"
        )
        renamed = services.rename_assessment(
            actor=OPERATOR, session=session, assessment_id=info.id, title="Baseline 2025"
        )
        ada = make_respondent(session, info.id, "Ada")
        make_respondent(session, info.id, "Bob")
        with pytest.raises(ConflictError):
            services.rename_respondent(actor=OPERATOR, session=session, respondent_id=ada.id, label="Bob")
        with pytest.raises(InvalidInputError, match="cannot be empty"):
            services.rename_respondent(actor=OPERATOR, session=session, respondent_id=ada.id, label=" ")
        ada = services.rename_respondent(
            actor=OPERATOR, session=session, respondent_id=ada.id, label="Ada L.", role="CTO"
        )
    assert (unit.name, services_unit_path(engine, info.unit_id)) == (
        "Finance and Budget",
        "Finance and Budget",
    )
    assert renamed.title == "Baseline 2025"
    assert (ada.label, ada.role) == ("Ada L.", "CTO")


def services_unit_path(engine, unit_id: int) -> str:
    with session_scope(engine, write=False) as session:
        return services.get_unit(actor=OPERATOR, session=session, unit_id=unit_id).path


def test_a_deleted_assessment_can_be_restored_with_a_fresh_join_code(engine):
    with session_scope(engine) as session:
        workshop = make_assessment(session, mode="workshop", title="Workshop")
        sam = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label="Sam"
        )
        with pytest.raises(ConfirmationError):
            services.delete_assessment(
                actor=OPERATOR, session=session, assessment_id=workshop.id, confirm="workshop"
            )
        services.delete_assessment(
            actor=OPERATOR, session=session, assessment_id=workshop.id, confirm="Workshop"
        )
        assert services.respondent_by_token(session=session, token=sam.token) is None
        with pytest.raises(NotFoundError):
            services.join_workshop(
                client="test-client", session=session, join_code=workshop.join_code, label="Late"
            )
        restored = services.restore_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
        assert services.respondent_by_token(session=session, token=sam.token) == sam
    assert restored.join_code and restored.join_code != workshop.join_code
