"""The questionnaire page: immediate saving, resuming, read-only when closed, token isolation."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import services
from assessment.records import RespondentInfo
from questionnaires import Bank
from tests.factories import OPERATOR, make_assessment, make_respondent
from tests.ui.conftest import SessionFactory
from ui.answering import answer_key, note_key


@pytest.fixture
def leader(db: SessionFactory, small_bank: Bank) -> RespondentInfo:
    with db() as session:
        assessment = make_assessment(session, title="Spring round", mode="self", assessed_on=date(2026, 3, 1))
        return make_respondent(session, assessment.id, "Leader")


@pytest.fixture
def two_participants(db: SessionFactory, small_bank: Bank) -> tuple[RespondentInfo, RespondentInfo]:
    with db() as session:
        workshop = make_assessment(session, title="Workshop", mode="workshop", assessed_on=date(2026, 3, 1))
        first = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label="Ada"
        )
        second = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label="Bo"
        )
    return first, second


def saved(db: SessionFactory, respondent: RespondentInfo) -> dict:
    with db() as session:
        return services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=respondent.id)


def test_choosing_an_answer_saves_it_in_the_database_at_once(db, leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})

    page.radio(key=answer_key(leader.id, "culture.q1")).set_value(4).run()

    assert not page.exception
    assert saved(db, leader) == {"culture.q1": (4, None)}
    confirmations = [caption.value for caption in page.caption if caption.value.startswith("Saved ✓")]
    assert len(confirmations) == 1 and confirmations[0].endswith(" · 1 of 15 answered")
    assert page.get("progress")[0].proto.text == "1 of 15 questions answered · Culture and leadership: 1 of 3"

    page.radio(key=answer_key(leader.id, "culture.q2")).set_value(2).run()
    confirmations = [caption.value for caption in page.caption if caption.value.startswith("Saved ✓")]
    assert len(confirmations) == 2 and confirmations[1].endswith(" · 2 of 15 answered")


def test_a_note_is_saved_with_its_answer_and_an_empty_note_removes_it(db, leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})
    with pytest.raises(KeyError):  # the box comes with the answer the note is saved with
        page.text_area(key=note_key(leader.id, "culture.q2"))

    page.radio(key=answer_key(leader.id, "culture.q2")).set_value("dont_know").run()
    page.text_area(key=note_key(leader.id, "culture.q2")).input("Ask **IT**: see [wiki](http://x)").run()
    assert saved(db, leader) == {"culture.q2": ("dont_know", "Ask **IT**: see [wiki](http://x)")}

    page.text_area(key=note_key(leader.id, "culture.q2")).input("").run()
    assert saved(db, leader) == {"culture.q2": ("dont_know", None)}


def test_a_new_session_resumes_at_the_first_unfinished_area_with_the_saved_answers(db, leader, open_page):
    with db() as session:
        for question, answer in (
            ("culture.q1", 2),
            ("culture.q2", "na"),
            ("culture.q3", 5),
            ("devops.q1", 3),
        ):
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=leader.id,
                question_id=question,
                answer=answer,
                note=None,
            )
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=leader.id,
            question_id="devops.q2",
            answer=1,
            note="No pipeline yet",
        )

    page = open_page("questionnaire", query_params={"r": leader.token})

    assert not page.exception
    shown = {radio.key: radio.value for radio in page.radio}
    assert shown == {
        answer_key(leader.id, "devops.q1"): 3,
        answer_key(leader.id, "devops.q2"): 1,
        answer_key(leader.id, "devops.q3"): None,
    }, "opens DevOps, the first area with an unanswered question"
    assert page.text_area(key=note_key(leader.id, "devops.q2")).value == "No pipeline yet"
    assert page.get("progress")[0].proto.text == "5 of 15 questions answered · DevOps and delivery: 2 of 3", (
        "N/A counts as answered"
    )


def test_the_next_area_button_opens_the_next_area(leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})
    assert page.radio[0].key == answer_key(leader.id, "culture.q1")

    page.button(key="wf_next_area").click().run()

    assert page.radio[0].key == answer_key(leader.id, "devops.q1")
    page.button(key="wf_previous_area").click().run()
    assert page.radio[0].key == answer_key(leader.id, "culture.q1")


def test_a_closed_assessment_shows_the_answers_read_only(db, leader, open_page):
    with db() as session:
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=leader.id, question_id="culture.q1", answer=3
        )
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=leader.assessment_id)

    page = open_page("questionnaire", query_params={"r": leader.token})

    assert page.radio(key=answer_key(leader.id, "culture.q1")).value == 3
    assert all(radio.disabled for radio in page.radio)
    assert all(area.disabled for area in page.text_area)
    assert "closed" in page.warning[0].value


def test_an_answer_given_after_the_facilitator_closed_is_not_kept_and_the_page_says_so(db, leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})
    with db() as session:
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=leader.assessment_id)

    page.radio(key=answer_key(leader.id, "culture.q1")).set_value(5).run()

    assert saved(db, leader) == {}
    assert page.radio(key=answer_key(leader.id, "culture.q1")).value is None, "shows what is stored"
    assert page.error[0].value.startswith("Not saved: this assessment is closed")


def test_an_unknown_token_shows_an_error_and_no_questions(leader, open_page):
    page = open_page("questionnaire", query_params={"r": "not-a-real-token"})

    assert not page.exception
    assert "not valid" in page.error[0].value
    assert len(page.radio) == 0


def test_without_a_token_the_page_points_to_the_home_page(leader, open_page):
    page = open_page("questionnaire")

    assert not page.exception
    assert len(page.radio) == 0
    assert "personal questionnaire link" in page.info[0].value


def test_the_services_give_a_second_token_neither_the_first_participants_answers_nor_their_identity(
    db, two_participants
):
    ada, bo = two_participants
    with db() as session:
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=ada.id,
            question_id="culture.q1",
            answer=4,
            note="mine",
        )
        assert services.respondent_by_token(session=session, token=bo.token).id == bo.id
        assert services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=bo.id) == {}


def test_a_second_participant_neither_sees_nor_changes_the_first_participants_answers(
    db, two_participants, open_page
):
    ada, bo = two_participants
    ada_page = open_page("questionnaire", query_params={"r": ada.token})
    ada_page.radio(key=answer_key(ada.id, "culture.q1")).set_value(4).run()
    ada_page.text_area(key=note_key(ada.id, "culture.q1")).input("Only Ada knows").run()

    bo_page = open_page("questionnaire", query_params={"r": bo.token})
    assert bo_page.radio(key=answer_key(bo.id, "culture.q1")).value is None
    assert not bo_page.text_area, "no answer, no note box"
    bo_page.radio(key=answer_key(bo.id, "culture.q1")).set_value(1).run()
    assert bo_page.text_area(key=note_key(bo.id, "culture.q1")).value == ""
    assert not any("Only Ada knows" in str(element.value) for element in bo_page.text_area)

    assert saved(db, ada) == {"culture.q1": (4, "Only Ada knows")}
    assert saved(db, bo) == {"culture.q1": (1, None)}


def test_opening_another_personal_link_in_the_same_browser_switches_to_that_person(
    db, two_participants, open_page
):
    ada, bo = two_participants
    page = open_page("questionnaire", query_params={"r": ada.token})
    page.radio(key=answer_key(ada.id, "culture.q1")).set_value(4).run()

    page.query_params["r"] = bo.token
    page.run()

    assert "Answering as **Bo**" in page.markdown[0].value
    assert [radio.value for radio in page.radio] == [None, None, None]
    page.radio(key=answer_key(bo.id, "culture.q2")).set_value(2).run()
    assert saved(db, ada) == {"culture.q1": (4, None)}
    assert saved(db, bo) == {"culture.q2": (2, None)}


def test_user_text_in_the_header_is_escaped_not_rendered_as_markdown(db, small_bank, open_page):
    with db() as session:
        assessment = make_assessment(
            session,
            organisation="**Bold** [org](http://evil)",
            unit="<b>Unit</b>",
            title="_T_",
            mode="self",
            assessed_on=date(2026, 1, 1),
        )
        respondent = make_respondent(session, assessment.id, "`x`")

    page = open_page("questionnaire", query_params={"r": respondent.token})

    header = page.markdown[0].value
    assert r"\*\*Bold\*\* \[org\]\(http\:" in header
    assert r"\<b\>Unit\</b\>" in header
    assert r"\_T\_" in header and r"\`x\`" in header


def test_answering_the_last_question_says_that_everything_is_answered(db, leader, small_bank, open_page):
    with db() as session:
        for question in small_bank.questions[:-1]:
            services.save_answer(
                actor=OPERATOR, session=session, respondent_id=leader.id, question_id=question.id, answer=2
            )
    page = open_page("questionnaire", query_params={"r": leader.token})
    assert not page.success
    last = small_bank.questions[-1].id

    page.radio(key=answer_key(leader.id, last)).set_value("na").run()

    assert page.get("progress")[0].proto.text.startswith("15 of 15 questions answered")
    assert page.success[0].value.startswith("All questions answered")
