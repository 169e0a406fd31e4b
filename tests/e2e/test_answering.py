"""In a real browser: answer a question, reload, the answer is still there; then open the results."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PAGE_TIMEOUT_MS, PHONE, wait_for_app

pytestmark = pytest.mark.e2e


def test_an_answer_survives_a_reload_and_the_results_open(app_server, browser):
    from playwright.sync_api import expect

    base_url, seed = app_server
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)

    page.goto(f"{base_url}/questionnaire?r={seed.leader_token}")
    wait_for_app(page)
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

    page.get_by_role("radiogroup").first.get_by_text("Don't know").click()
    expect(page.get_by_text("Saved ✓", exact=False).first).to_be_visible()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("radiogroup").first.locator("label:has(input:checked)")).to_contain_text(
        "Don't know"
    )
    context.close()
