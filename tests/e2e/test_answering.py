"""In a real browser: answers survive a reload, a participant joins on a phone, the live view updates."""

from __future__ import annotations

import pytest

from assessment import services
from assessment.db import create_db_engine, session_scope
from tests.e2e.conftest import DESKTOP, MARKDOWN_LABEL, PAGE_TIMEOUT_MS, PHONE, wait_for_app
from ui.workshop_view import REFRESH_SECONDS

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
    first_question = page.get_by_role("radiogroup").first
    first_question.get_by_text("3 · Defined", exact=False).click()
    expect(page.get_by_text("Saved ✓", exact=False).first).to_be_visible()
    expect(page.get_by_text("1 of 50 questions answered")).to_be_visible()

    page.reload()
    wait_for_app(page)
    checked = page.get_by_role("radiogroup").first.locator("input[type=radio]:checked")
    expect(checked).to_have_count(1)
    expect(page.get_by_role("radiogroup").first.locator("label:has(input:checked)")).to_contain_text(
        "3 · Defined"
    )
    expect(page.get_by_text("1 of 50 questions answered")).to_be_visible()

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

    page.get_by_role("radiogroup").first.get_by_text("Don't know").click()
    expect(page.get_by_text("Saved ✓", exact=False).first).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("radiogroup").first.locator("label:has(input:checked)")).to_contain_text(
        "Don't know"
    )
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
    # The table draws on a canvas; its cells also exist as an (invisible) accessible grid.
    expect(page.locator("[role=gridcell]", has_text="Late arrival")).to_have_count(1)
    context.close()
