"""The facilitator's workshop view: join code, link and QR code, controls, live answers."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import services
from assessment.records import AssessmentInfo
from scoring.formatting import percent_text
from tests.factories import OPERATOR, make_assessment
from tests.ui.conftest import by_label
from tests.ui.helpers_insight import shown_tables
from ui import workshop_view
from ui.text import escape_markdown


@pytest.fixture
def workshop(db, small_bank) -> AssessmentInfo:
    with db() as session:
        return make_assessment(session, title="Workshop", mode="workshop", assessed_on=date(2026, 3, 1))


def join_and_answer(db, workshop, label, answers):
    with db() as session:
        respondent = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label=label
        )
        for question, answer in answers.items():
            services.save_answer(
                actor=OPERATOR,
                session=session,
                respondent_id=respondent.id,
                question_id=question,
                answer=answer,
            )
    return respondent


def info(db, workshop):
    with db() as session:
        return services.get_assessment_info(actor=OPERATOR, session=session, assessment_id=workshop.id)


def test_the_view_shows_the_join_code_link_and_qr_code(workshop, open_page):
    page = open_page("workshop", query_params={"assessment": str(workshop.id)})

    assert not page.exception
    assert page.metric[0].label == "Join code"
    assert page.metric[0].value == " ".join(workshop.join_code)
    link = f"http://localhost:8501/join?join={workshop.join_code}"
    assert [text.value for text in page.text] == [link], "shown to the room as plain text"
    assert not page.code, "the copy box is drawn once asked for: its code is heavy for the browser"
    page.session_state["wf_copy_join_link"] = True
    page.run()
    assert page.code[0].value == link
    assert len(page.get("image")) == 1, "the QR code"
    assert "Nobody has joined yet." in [markdown.value for markdown in page.markdown]


def test_the_live_view_counts_participants_and_answers_and_lists_the_discussion_points(
    db, workshop, small_bank, open_page
):
    join_and_answer(db, workshop, "Ada", {"culture.q1": 1, "culture.q2": 3})
    join_and_answer(db, workshop, "Bo", {"culture.q1": 4, "culture.q2": 3, "culture.q3": "na"})
    join_and_answer(db, workshop, "Cy", {})

    page = open_page("workshop", query_params={"assessment": str(workshop.id)})

    assert not page.exception
    metrics = {metric.label: metric.value for metric in page.metric}
    assert metrics["Participants"] == "3"
    assert metrics["Answers saved"] == "5"
    assert metrics["Finished"] == "0 of 2", "of those who started: Cy has not (issue #12)"
    progress, distribution = shown_tables(page)
    assert list(progress["Participant"]) == ["Ada", "Bo", "Cy"]
    assert list(progress["Answered"]) == ["2", "3", "0"]
    shares = [percent_text(answered / len(small_bank.questions)) for answered in (2, 3, 0)]
    assert list(progress["Share"]) == shares, "of all the questions, drawn as a bar"
    question = small_bank.question("culture.q1").text
    point = f"{question} — answers range from level 1 to 4 (1× level 1, 1× level 4)."
    assert [m.value for m in page.markdown if m.value.startswith("- ")] == [f"- {escape_markdown(point)}"]
    distribution = distribution.set_index("Question")
    assert distribution.loc[question, "Levels 1–5"] == "·".join("10010")
    assert [tab.label for tab in page.tabs] == ["Culture and leadership"], "one tab per area answered"
    assert len(distribution) == 3, "only the questions someone answered"
    assert distribution.loc[question, "Spread"] == "1–4 · to discuss"
    assert distribution.loc[small_bank.question("culture.q3").text, "N/A"] == "1"


def test_a_new_join_code_replaces_the_old_one(db, workshop, open_page):
    page = open_page("workshop", query_params={"assessment": str(workshop.id)})

    by_label(page.button, "New join code").click().run()

    new_code = info(db, workshop).join_code
    assert new_code != workshop.join_code
    assert page.metric[0].value == " ".join(new_code)


def test_closing_and_reopening_the_workshop(db, workshop, open_page):
    page = open_page("workshop", query_params={"assessment": str(workshop.id)})

    by_label(page.button, "Close the workshop").click().run()
    assert info(db, workshop).status == "closed"
    assert "The workshop is closed" in page.warning[0].value
    assert not page.text and not page.code, "no join link while closed"

    by_label(page.button, "Reopen the workshop").click().run()
    assert info(db, workshop).status == "open"
    assert page.metric[0].label == "Join code"


def test_a_self_assessment_has_no_workshop_view(db, workshop, open_page):
    with db() as session:
        own = make_assessment(
            session, workshop.unit_id, title="Own", mode="self", assessed_on=date(2026, 3, 1)
        )
    page = open_page("workshop", query_params={"assessment": str(own.id)})

    assert not page.exception
    assert "not a workshop" in page.info[0].value
    assert len(page.metric) == 0


def test_without_an_assessment_the_facilitator_picks_a_workshop(workshop, open_page):
    page = open_page("workshop")

    assert by_label(page.selectbox, "Workshop").value == workshop.id
    assert page.metric[0].value == " ".join(workshop.join_code)


def test_the_join_link_follows_the_address_the_app_is_reached_at():
    assert workshop_view.app_base_url("https://wayfinder.example.org/team/workshop") == (
        "https://wayfinder.example.org/team"
    )
    assert workshop_view.app_base_url(None) == "http://localhost:8501"
    assert workshop_view.join_link("https://w.example/", "ABC234") == "https://w.example/join?join=ABC234"


def test_the_qr_code_is_a_png():
    assert workshop_view.qr_png("https://w.example/join?join=ABC234").startswith(b"\x89PNG")
