"""The home page: organisations and units, starting assessments, recent assessments with scores."""

from __future__ import annotations

from datetime import date

from assessment import services
from tests.factories import (
    OPERATOR,
    answer_all,
    make_assessment,
    make_organisation,
    make_respondent,
    make_unit,
)
from tests.ui.conftest import by_label, open_sections
from tests.ui.helpers_insight import shown_tables
from ui import state


def test_an_empty_database_invites_to_create_the_first_organisation(small_bank, open_page):
    page = open_page("home")

    assert not page.exception
    assert page.title[0].value == "Wayfinder"
    assert "no organisation yet" in page.markdown[1].value
    assert len(page.main.selectbox) == 0


def test_creating_an_organisation_and_a_unit_selects_them(db, small_bank, open_page):
    page = open_page("home")

    by_label(page.text_input, "Name of the new organisation").input("Agency for **Roads**")
    by_label(page.button, "Create organisation").click().run()
    assert "Agency for \\*\\*Roads\\*\\*" in page.success[0].value, "the name is shown, not rendered"
    by_label(page.text_input, "Name of the new unit").input("Bridges")
    by_label(page.button, "Create unit").click().run()

    assert not page.exception
    with db() as session:
        [organisation] = services.list_organisations(actor=OPERATOR, session=session)
        [unit] = services.list_units(actor=OPERATOR, session=session, organisation_id=organisation.id)
    assert organisation.name == "Agency for **Roads**" and unit.name == "Bridges"
    assert by_label(page.selectbox, "Organisation").value == organisation.id
    assert by_label(page.selectbox, "Unit (department or team)").value == unit.id
    assert page.session_state[state.ORGANISATION_ID] == organisation.id


def test_a_duplicate_organisation_name_is_refused_with_a_clear_message(db, small_bank, open_page):
    with db() as session:
        make_organisation(session, name="**Agency**")
    page = open_page("home")
    assert not [box for box in page.text_input if box.label == "Name of the new organisation"], (
        "drawn when opened"
    )
    open_sections(page, "wf_new_organisation_open")

    by_label(page.text_input, "Name of the new organisation").input("**agency**")
    by_label(page.button, "Create organisation").click().run()

    assert "already exists" in page.error[0].value
    assert "\\*\\*Agency\\*\\*" in page.error[0].value, "the name in the message is not rendered"
    with db() as session:
        assert len(services.list_organisations(actor=OPERATOR, session=session)) == 1


def unit_in_database(db):
    with db() as session:
        return make_unit(session)


def test_starting_a_self_assessment_creates_it_with_its_leader_and_opens_the_leaders_questionnaire(
    db, small_bank, open_page
):
    unit = unit_in_database(db)
    page = open_page("home")
    assert not any(button.label == "Start self-assessment" for button in page.button), "drawn when opened"

    open_sections(page, "wf_start_self")
    by_label(page.text_input, "Your name").input("Dana")
    by_label(page.button, "Start self-assessment").click().run()

    assert not page.exception
    with db() as session:
        [assessment] = services.list_assessments(actor=OPERATOR, session=session)
        [leader] = services.list_respondents(actor=OPERATOR, session=session, assessment_id=assessment.id)
    assert (assessment.unit_id, assessment.mode, leader.label) == (unit.id, "self", "Dana")
    assert page.query_params[state.QUERY_TOKEN] == leader.token
    assert page.title[0].value == "Questionnaire"
    assert "personal link" in page.info[0].value


def test_starting_a_workshop_opens_the_facilitator_view_with_its_join_code(db, small_bank, open_page):
    unit_in_database(db)
    page = open_page("home")
    assert not any(button.label == "Start workshop" for button in page.button), "drawn when opened"

    open_sections(page, "wf_start_workshop")
    by_label(page.button, "Start workshop").click().run()

    with db() as session:
        [workshop] = services.list_assessments(actor=OPERATOR, session=session)
    assert workshop.mode == "workshop" and workshop.join_code
    assert page.title[0].value == "Workshop"
    assert page.metric[0].value == " ".join(workshop.join_code)


def test_recent_assessments_show_their_overall_score_and_not_scored_yet(db, small_bank, open_page):
    unit = unit_in_database(db)
    with db() as session:
        answered = make_assessment(
            session, unit.id, title="Answered", mode="self", assessed_on=date(2025, 5, 1)
        )
        make_assessment(session, unit.id, title="Empty", mode="self", assessed_on=date(2026, 5, 1))
        leader = make_respondent(session, answered.id, "Leader")
        answer_all(session, leader.id, 3, bank=small_bank)

    page = open_page("home")

    assert not page.exception
    [table] = shown_tables(page)
    assert list(table["Assessment"]) == ["Empty", "Answered"], "most recent first"
    assert list(table["Overall (1–5)"]) == ["not scored yet", "3.00 · Defined"]


def test_the_recent_scores_are_recomputed_when_an_answer_changes(db, small_bank, open_page):
    unit = unit_in_database(db)
    with db() as session:
        assessment = make_assessment(
            session, unit.id, title="Round", mode="self", assessed_on=date(2026, 5, 1)
        )
        leader = make_respondent(session, assessment.id, "Leader")
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=leader.id, question_id="culture.q1", answer=2
        )
    page = open_page("home")
    assert shown_tables(page)[0]["Overall (1–5)"].iloc[0] == "2.00 · Developing"

    with db() as session:
        services.save_answer(
            actor=OPERATOR, session=session, respondent_id=leader.id, question_id="culture.q1", answer=4
        )
    page.run()

    assert shown_tables(page)[0]["Overall (1–5)"].iloc[0] == "4.00 · Managed"


def test_a_self_assessment_offers_to_continue_answering_as_its_respondent(db, small_bank, open_page):
    unit = unit_in_database(db)
    with db() as session:
        assessment = make_assessment(
            session, unit.id, title="Round", mode="self", assessed_on=date(2026, 5, 1)
        )
        leader = make_respondent(session, assessment.id, "[Dana](x)")

    page = open_page("home")

    links = {link.label: link for link in page.get("page_link")}
    assert "Results" in links
    resume = links[r"Continue answering as \[Dana\]\(x\)"]
    assert resume.proto.query_string == f"r={leader.token}"
