"""In a real browser: answers survive a reload, a participant joins on a phone, the live view
updates; a note and the next answer both show saved, a typed note survives a closed tab, and
the join link opened again resumes the same participant."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from assessment import services
from assessment.access import Actor
from assessment.db import create_db_engine, session_scope
from assessment.records import AssessmentInfo, RespondentInfo
from questionnaires import load_bank
from tests.e2e.conftest import (
    DESKTOP,
    MARKDOWN_LABEL,
    PAGE_TIMEOUT_MS,
    PHONE,
    free_port,
    questions,
    running_app,
    seed_database,
    wait_for_app,
)
from tests.factories import make_assessment
from ui.answering import PROGRESS_REFRESH_SECONDS
from ui.live import FULL_READ_SECONDS
from ui.workshop_view import REFRESH_SECONDS

QUESTION_COUNT = len(load_bank().questions)  # of the shipped bank the app serves

pytestmark = pytest.mark.e2e


def test_an_answer_survives_a_reload_and_the_results_open(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)

    page.goto(f"{base_url}/questionnaire?r={seed.leader_token}")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    header = main.get_by_test_id("stMarkdown").first.inner_text()
    assert f"Answering as {MARKDOWN_LABEL}" in header.replace("\u2060", ""), "shown literally"
    expect(main.locator("a[href*='example.org'], strong strong, b")).to_have_count(0)
    first_question = questions(page).first
    first_question.get_by_text("3 · Defined", exact=False).click()
    expect(page.get_by_text("Saved ✓", exact=False).first).to_contain_text(f"1 of {QUESTION_COUNT} answered")

    page.reload()
    wait_for_app(page)
    checked = questions(page).first.locator("input[type=radio]:checked")
    expect(checked).to_have_count(1)
    expect(questions(page).first.locator("label:has(input:checked)")).to_contain_text("3 · Defined")
    expect(page.get_by_text(f"1 of {QUESTION_COUNT} questions answered")).to_be_visible()

    page.goto(f"{base_url}/results?assessment={seed.self_assessment_id}")
    wait_for_app(page)
    expect(page.get_by_text("Browser self-assessment", exact=False).first).to_be_visible()
    expect(page.get_by_text("Overall level", exact=False).first).to_be_visible()
    context.close()


def test_a_participant_joins_on_a_phone_and_answers(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)

    page.goto(f"{base_url}/join?join={seed.join_code}")
    wait_for_app(page)
    page.get_by_label("Your name (optional)").fill("Phone user")
    page.get_by_role("button", name="Join and start answering").click()
    expect(page.get_by_text("Answering as", exact=False)).to_be_visible()
    assert "r=" in page.url
    # The questionnaire is still being drawn after the switch from the join page; a tap
    # before it finishes can land on a node React is about to reuse for another question.
    wait_for_app(page)

    questions(page).first.get_by_text("Don't know").click()
    expect(page.get_by_text("Saved ✓", exact=False).first).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(questions(page).first.locator("label:has(input:checked)")).to_contain_text("Don't know")
    context.close()


def test_the_facilitator_view_shows_a_new_participant_without_a_reload(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/workshop?assessment={seed.workshop_id}")
    wait_for_app(page)
    participants = (
        page.get_by_test_id("stMetric").filter(has_text="Participants").get_by_test_id("stMetricValue")
    )
    before = int(participants.inner_text())

    engine = create_db_engine(seed.database_url)
    with session_scope(engine) as session:
        services.join_workshop(
            client="test-client", session=session, join_code=seed.join_code, label="Late arrival"
        )
    engine.dispose()

    expect(participants).to_have_text(str(before + 1), timeout=3 * REFRESH_SECONDS * 1000)
    # The tables are read again less often than the counters (ui/live.py): at the latest after
    # FULL_READ_SECONDS.
    expect(page.locator(".wf-table td", has_text="Late arrival")).to_have_count(
        1, timeout=(FULL_READ_SECONDS + 2 * REFRESH_SECONDS) * 1000
    )
    context.close()


def new_workshop(seed, title: str) -> AssessmentInfo:
    """A workshop of its own (beside the seeded one, whose live view another test reads)."""
    engine = create_db_engine(seed.database_url)
    with session_scope(engine) as session:
        workshop = make_assessment(
            session, organisation_id=seed.organisation_id, title=title, mode="workshop"
        )
    engine.dispose()
    return workshop


def new_participant(seed, label: str) -> RespondentInfo:
    """A participant of a new workshop, joined through the services."""
    workshop = new_workshop(seed, f"Workshop of {label}")
    engine = create_db_engine(seed.database_url)
    with session_scope(engine) as session:
        participant = services.join_workshop(
            client="test-client", session=session, join_code=workshop.join_code, label=label
        )
    engine.dispose()
    return participant


def stored_answers(seed, respondent_id: int) -> dict:
    engine = create_db_engine(seed.database_url)
    with session_scope(engine) as session:
        stored = services.answers_for_respondent(
            actor=Actor.operator(), session=session, respondent_id=respondent_id
        )
    engine.dispose()
    return stored


def workshop_labels(seed, workshop: AssessmentInfo) -> list[str]:
    engine = create_db_engine(seed.database_url)
    with session_scope(engine) as session:
        labels = [
            r.label
            for r in services.list_respondents(
                actor=Actor.operator(), session=session, assessment_id=workshop.id
            )
        ]
    engine.dispose()
    return labels


def test_the_next_step_opens_at_its_first_question_on_a_phone(app_server, browser):
    """The button sits under the step's last question; the next step opens with the area's
    heading at the top of the screen, not scrolled to its end."""
    from playwright.sync_api import expect

    base_url, seed = app_server
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/questionnaire?r={seed.leader_token}")
    wait_for_app(page)
    first_area = load_bank().areas[0].name
    expect(questions(page)).to_have_count(5)

    page.get_by_role("button", name="Questions 6–9 →").tap()

    sixth = page.get_by_role("radiogroup", name="Your answer to question 6", exact=True)
    expect(sixth).to_be_visible()
    wait_for_app(page)
    expect(questions(page)).to_have_count(4)
    expect(page.get_by_role("radio", name="6–9")).to_have_attribute("aria-checked", "true")
    heading = page.get_by_role("heading", name=first_area, exact=True)
    expect(heading).to_be_in_viewport()
    assert 0 <= heading.bounding_box()["y"] < PHONE["height"] / 3, "the heading at the top of the screen"
    context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_tapping_the_next_answer_after_typing_a_note_shows_both_saved(app_server, browser, viewport):
    """The note's change and the next answer reach the server in one rerun (the note's): the
    next question must still show "Saved ✓" and open its note box."""
    from playwright.sync_api import expect

    base_url, seed = app_server
    participant = new_participant(seed, f"Note then answer {viewport['width']}")
    context = browser.new_context(viewport=viewport, has_touch=viewport is PHONE)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/questionnaire?r={participant.token}")
    wait_for_app(page)
    shown = questions(page)
    shown.nth(0).get_by_text("3 · Defined", exact=False).click()
    expect(page.get_by_text("Saved ✓", exact=False)).to_have_count(1)

    page.locator("textarea").nth(0).fill("Seen in the strategy paper")
    shown.nth(1).get_by_text("2 · Developing", exact=False).click()

    expect(page.get_by_text("Saved ✓", exact=False)).to_have_count(2)
    expect(page.locator("textarea").nth(1)).to_be_enabled()
    first, second = (question.id for question in load_bank().questions[:2])
    assert stored_answers(seed, participant.id) == {
        first: (3, "Seen in the strategy paper"),
        second: (2, None),
    }
    context.close()


def test_a_note_typed_without_leaving_the_box_survives_closing_the_tab(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    participant = new_participant(seed, "Closes the tab")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/questionnaire?r={participant.token}")
    wait_for_app(page)
    questions(page).first.get_by_text("Don't know").click()
    expect(page.get_by_text("Saved ✓", exact=False)).to_have_count(1)

    note = page.locator("textarea").first
    note.click()
    note.press_sequentially("Ask the finance team", delay=30)
    page.wait_for_timeout(2000)  # a pause in typing; the box keeps the focus
    assert page.evaluate("() => document.activeElement?.tagName") == "TEXTAREA"
    context.close()

    first = load_bank().questions[0].id
    assert stored_answers(seed, participant.id) == {first: ("dont_know", "Ask the finance team")}


def test_opening_the_join_link_again_in_a_new_tab_resumes_the_same_participant(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    workshop = new_workshop(seed, "Joined twice")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/join?join={workshop.join_code}")
    wait_for_app(page)
    page.get_by_label("Your name (optional)").fill("Ben")
    page.get_by_role("button", name="Join and start answering").click()
    expect(page.get_by_text("Answering as Ben")).to_be_visible()
    wait_for_app(page)
    token = page.url.split("r=", 1)[1]

    again = context.new_page()  # the QR code scanned once more: a new tab, same browser
    again.set_default_timeout(PAGE_TIMEOUT_MS)
    again.goto(f"{base_url}/join?join={workshop.join_code}")
    expect(again.get_by_text("Answering as Ben")).to_be_visible()
    expect(again.get_by_text("Welcome back", exact=False)).to_be_visible()
    assert again.url.split("r=", 1)[1] == token
    assert workshop_labels(seed, workshop) == ["Ben"]

    # Someone else on the same phone can still join as a new participant.
    again.get_by_role("button", name="I am someone else: join as a new participant").click()
    again.get_by_label("Your name (optional)").fill("Cleo")
    again.get_by_role("button", name="Join and start answering").click()
    expect(again.get_by_text("Answering as Cleo")).to_be_visible()
    assert workshop_labels(seed, workshop) == ["Ben", "Cleo"]
    context.close()


def test_a_question_answered_in_german_stays_in_german(app_server, browser):
    """Answering reruns only the question's fragment (and the progress bar its own), without
    app.py, which sets the language: each must set it again."""
    from playwright.sync_api import expect

    base_url, seed = app_server
    participant = new_participant(seed, "Auf Deutsch")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{base_url}/questionnaire?r={participant.token}")
    wait_for_app(page)

    questions(page).nth(1).get_by_text("Weiß nicht").click()
    expect(page.get_by_text("Gespeichert ✓", exact=False)).to_have_count(1)
    page.get_by_role("button", name="Antwort zurückziehen").click()
    expect(page.get_by_text("Antwort zurückgezogen", exact=False)).to_have_count(1)
    page.wait_for_timeout((PROGRESS_REFRESH_SECONDS + 1) * 1000)  # until the progress bar reran

    assert f"0 von {QUESTION_COUNT} Fragen beantwortet" in page.get_by_test_id("stProgress").inner_text()
    english = [
        text for text in ("Saved ✓", "Answer withdrawn", "questions answered", "Your answer to question 2")
    ]
    assert [text for text in english if page.get_by_text(text, exact=False).count()] == []
    context.close()


def _server_pid(port: int) -> int:
    """The ``streamlit run`` process listening on ``port``."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in arguments and str(port).encode() in arguments:
            return int(cmdline.parent.name)
    raise LookupError(f"no streamlit process on port {port}")


def test_a_tap_the_dying_server_never_handled_is_not_shown_as_chosen_and_can_be_made_again(tmp_path, browser):
    """An upgrade restarts the app server just as a person taps an answer: the tap reached the
    old server, which died before handling it. The browser reconnects to the new server and
    shows the question unanswered (nothing claims a choice that is not stored), and choosing
    again stores it."""
    from playwright.sync_api import expect

    database_url = f"sqlite:///{tmp_path / 'wayfinder.db'}"
    seed = seed_database(database_url)
    first_question = load_bank().questions[0].id
    port = free_port()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    with running_app(database_url, tmp_path, port=port) as base_url:
        page.goto(f"{base_url}/questionnaire?r={seed.leader_token}")
        wait_for_app(page)
        dying = _server_pid(port)
        os.kill(dying, signal.SIGSTOP)  # the tap is sent, never handled
        questions(page).first.get_by_text("4 · Managed", exact=False).click()
        page.wait_for_timeout(500)
        os.kill(dying, signal.SIGKILL)
    with running_app(database_url, tmp_path, port=port):
        page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
        wait_for_app(page)
        question = questions(page).first
        expect(question.locator("input:checked")).to_have_count(0)
        expect(page.get_by_text("Saved ✓", exact=False)).to_have_count(0)
        assert first_question not in _stored(database_url, seed)

        question.get_by_text("4 · Managed", exact=False).click()
        expect(page.get_by_text("Saved ✓", exact=False).first).to_be_visible()
        assert _stored(database_url, seed)[first_question][0] == 4
    context.close()


def _stored(database_url: str, seed) -> dict:
    engine = create_db_engine(database_url)
    with session_scope(engine, write=False) as session:
        respondent = services.respondent_by_token(session=session, token=seed.leader_token)
        stored = services.answers_for_respondent(
            actor=Actor.operator(), session=session, respondent_id=respondent.id
        )
    engine.dispose()
    return stored
