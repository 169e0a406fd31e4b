"""The join page: a participant adds themselves to an open workshop with its code."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import services
from assessment.records import AssessmentInfo
from tests.factories import OPERATOR, make_assessment
from tests.ui.conftest import by_label
from ui import state


@pytest.fixture
def workshop(db, small_bank) -> AssessmentInfo:
    with db() as session:
        return make_assessment(session, title="Workshop", mode="workshop", assessed_on=date(2026, 3, 1))


def respondents(db, workshop):
    with db() as session:
        return services.list_respondents(actor=OPERATOR, session=session, assessment_id=workshop.id)


def test_the_code_from_the_link_is_filled_in(workshop, open_page):
    page = open_page("join", query_params={"join": workshop.join_code})

    assert not page.exception
    assert by_label(page.text_input, "Join code").value == workshop.join_code


def test_joining_with_a_name_creates_the_participant_and_opens_their_private_questionnaire(
    db, workshop, open_page
):
    page = open_page("join", query_params={"join": workshop.join_code})

    by_label(page.text_input, "Your name (optional)").input("Ada")
    by_label(page.text_input, "Your role (optional)").input("Architect")
    by_label(page.button, "Join and start answering").click().run()

    assert not page.exception
    [ada] = respondents(db, workshop)
    assert (ada.label, ada.role) == ("Ada", "Architect")
    assert page.session_state[state.RESPONDENT_TOKEN] == ada.token
    assert page.query_params[state.QUERY_TOKEN] == ada.token
    assert page.title[0].value == "Questionnaire"
    assert "Answering as **Ada**" in page.markdown[0].value


def test_joining_without_a_name_gives_a_numbered_anonymous_label(db, workshop, open_page):
    for _ in range(2):
        page = open_page("join", query_params={"join": workshop.join_code.lower()})
        by_label(page.button, "Join and start answering").click().run()

    assert [r.label for r in respondents(db, workshop)] == ["Participant 1", "Participant 2"]


def test_a_wrong_code_says_so_and_adds_nobody(db, workshop, open_page):
    page = open_page("join", query_params={"join": "ZZZZZZ"})

    by_label(page.button, "Join and start answering").click().run()

    assert "No open workshop has the code “ZZZZZZ”" in page.error[0].value
    assert respondents(db, workshop) == []


def test_an_old_code_stops_working_once_the_facilitator_rotates_it(db, workshop, open_page):
    with db() as session:
        services.rotate_join_code(actor=OPERATOR, session=session, assessment_id=workshop.id)
    page = open_page("join", query_params={"join": workshop.join_code})

    by_label(page.button, "Join and start answering").click().run()

    assert "No open workshop has the code" in page.error[0].value
    assert respondents(db, workshop) == []


def test_a_closed_workshop_cannot_be_joined(db, workshop, open_page):
    with db() as session:
        services.close_assessment(actor=OPERATOR, session=session, assessment_id=workshop.id)
    page = open_page("join", query_params={"join": workshop.join_code})

    by_label(page.button, "Join and start answering").click().run()

    assert "This workshop is closed" in page.error[0].value
    assert respondents(db, workshop) == []


def test_an_empty_code_asks_for_the_code(workshop, open_page):
    page = open_page("join")

    by_label(page.button, "Join and start answering").click().run()

    assert "Type the join code" in page.error[0].value


def test_a_participant_who_opens_the_join_link_again_is_offered_to_continue(db, workshop, open_page):
    page = open_page("join", query_params={"join": workshop.join_code})
    by_label(page.text_input, "Your name (optional)").input("Ada")
    by_label(page.button, "Join and start answering").click().run()

    page.switch_page("ui/pages/join.py").run()

    [link] = page.get("page_link")
    assert link.label == "You have already joined as Ada: continue answering"
