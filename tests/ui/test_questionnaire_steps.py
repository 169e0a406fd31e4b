"""An area is answered in steps of at most five questions: where a step starts, resuming, moving on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assessment import services
from assessment.records import RespondentInfo
from questionnaires import Bank, load_bank
from tests.factories import OPERATOR, make_assessment, make_respondent
from tests.ui.conftest import AREAS, SessionFactory, write_bank
from ui.answering import (
    QUESTIONS_PER_STEP,
    answer_key,
    area_steps,
    first_open_step,
    neighbour_steps,
    step_key,
    step_label,
)

SIZES = {"culture": 13, "devops": 4, "architecture": 11}  # the other areas: one question each


@pytest.fixture
def stepped_bank(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Bank:
    directory = write_bank(tmp_path / "bank", SIZES)
    monkeypatch.setenv("WAYFINDER_BANK_DIR", str(directory))
    return load_bank(directory)


@pytest.fixture
def leader(db: SessionFactory, stepped_bank: Bank) -> RespondentInfo:
    with db() as session:
        assessment = make_assessment(session, title="Spring round", mode="self", assessed_on=date(2026, 3, 1))
        return make_respondent(session, assessment.id, "Leader")


def shown_questions(page) -> list[str]:
    return [radio.key.rsplit(":", 1)[1] for radio in page.radio]


@pytest.mark.parametrize(
    ("count", "sizes", "labels"),
    [
        (3, [3], ["1–3"]),
        (5, [5], ["1–5"]),
        (6, [3, 3], ["1–3", "4–6"]),
        (11, [4, 4, 3], ["1–4", "5–8", "9–11"]),
        (13, [5, 4, 4], ["1–5", "6–9", "10–13"]),
        (16, [4, 4, 4, 4], ["1–4", "5–8", "9–12", "13–16"]),
    ],
)
def test_an_area_is_cut_into_even_steps_of_at_most_five(count, sizes, labels):
    steps = area_steps(count)

    assert [len(step) for step in steps] == sizes
    assert [step_label(step) for step in steps] == labels
    in_order = [position for step in steps for position in step]
    assert in_order == list(range(count)), "each question once, in order"
    assert max(sizes) <= QUESTIONS_PER_STEP


def test_a_step_of_one_question_is_labelled_by_its_number():
    assert step_label(range(12, 13)) == "13"


def test_resuming_opens_the_first_step_with_an_unanswered_question(stepped_bank):
    culture = [question.id for question in stepped_bank.questions_in("culture")]

    assert first_open_step(stepped_bank, "culture", set()) == 0
    assert first_open_step(stepped_bank, "culture", set(culture[:5])) == 1
    assert first_open_step(stepped_bank, "culture", set(culture[:5]) | {culture[6]}) == 1
    assert first_open_step(stepped_bank, "culture", set(culture[:9])) == 2
    assert first_open_step(stepped_bank, "culture", set(culture)) == 0, "all answered: from the start"


def test_the_buttons_lead_through_the_steps_and_over_into_the_neighbouring_areas(stepped_bank):
    def where(link):
        return link and (link.area_id, link.step, link.label, link.kind)

    previous, following = neighbour_steps(stepped_bank, "culture", 0)
    assert previous is None, "the questionnaire's first step"
    assert where(following) == ("culture", 1, "Questions 6–9", "step")

    previous, following = neighbour_steps(stepped_bank, "culture", 2)
    assert where(previous) == ("culture", 1, "Questions 6–9", "step")
    assert where(following) == ("devops", 0, "DevOps and delivery", "area")

    previous, following = neighbour_steps(stepped_bank, "architecture", 0)
    assert where(previous) == ("devops", 0, "DevOps and delivery", "area"), "devops has one step"
    previous, _ = neighbour_steps(stepped_bank, "devops", 0)
    assert where(previous) == ("culture", 2, "Culture and leadership", "area"), "back to its last step"

    _, following = neighbour_steps(stepped_bank, AREAS[-1], 0)
    assert following is None, "the questionnaire's last step"


def test_an_area_of_thirteen_questions_shows_its_first_step_and_a_picker(leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})

    assert not page.exception
    assert shown_questions(page) == [f"culture.q{n}" for n in range(1, 6)]
    picker = page.segmented_control(key=step_key(leader.id, "culture"))
    assert picker.label == "Questions"
    assert picker.options == ["1–5", "6–9", "10–13"]
    assert picker.value == 0
    assert page.radio[0].label == "Your answer to question 1"


def test_the_next_step_button_shows_the_next_questions_numbered_in_the_area(leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})

    page.button(key="wf_next_step").click().run()

    assert shown_questions(page) == [f"culture.q{n}" for n in range(6, 10)]
    assert page.radio[0].label == "Your answer to question 6"
    assert page.button(key="wf_previous_step").label == "← Questions 1–5"
    assert page.button(key="wf_next_step").label == "Questions 10–13 →"
    scripts = [element.proto.body for element in page.get("html")]
    assert any("scrollIntoView" in body and "wf-area" in body for body in scripts), "scrolls up to the area"

    page.button(key="wf_next_step").click().run()
    page.button(key="wf_next_area").click().run()
    assert shown_questions(page) == [f"devops.q{n}" for n in range(1, 5)], "on to the next area's first step"

    page.button(key="wf_previous_area").click().run()
    assert shown_questions(page) == [f"culture.q{n}" for n in range(10, 14)], "back to the area's last step"


def test_choosing_a_step_in_the_picker_shows_it(leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})

    page.segmented_control(key=step_key(leader.id, "culture")).set_value(2).run()

    assert shown_questions(page) == [f"culture.q{n}" for n in range(10, 14)]


def test_answers_of_an_earlier_step_are_shown_again_on_coming_back(db, leader, open_page):
    page = open_page("questionnaire", query_params={"r": leader.token})
    page.radio(key=answer_key(leader.id, "culture.q2")).set_value(4).run()

    page.button(key="wf_next_step").click().run()
    page.radio(key=answer_key(leader.id, "culture.q7")).set_value("na").run()
    page.button(key="wf_previous_step").click().run()

    assert page.radio(key=answer_key(leader.id, "culture.q2")).value == 4
    with db() as session:
        saved = services.answers_for_respondent(actor=OPERATOR, session=session, respondent_id=leader.id)
    assert saved == {"culture.q2": (4, None), "culture.q7": ("na", None)}


def test_resuming_opens_the_step_after_the_answered_ones(db, leader, open_page):
    with db() as session:
        for number in range(1, 6):
            question_id = f"culture.q{number}"
            services.save_answer(
                actor=OPERATOR, session=session, respondent_id=leader.id, question_id=question_id, answer=3
            )

    page = open_page("questionnaire", query_params={"r": leader.token})

    assert shown_questions(page) == [f"culture.q{n}" for n in range(6, 10)]
    assert page.session_state[step_key(leader.id, "culture")] == 1
