"""Languages in a real browser: the browser's language on a first visit, the picker, and the
pages in French and German at desktop and phone size (screenshots in out/screenshots/)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, drawn, save_screenshot, screen_text

pytestmark = pytest.mark.e2e


def test_a_first_visit_follows_the_browsers_language(app_server, browser):
    base_url, seed = app_server
    context = browser.new_context(viewport=DESKTOP, locale="de-CH")
    page = context.new_page()
    page.goto(f"{base_url}/results?assessment={seed.demo_assessment_id}")
    drawn(page)
    text = screen_text(page)
    assert "Ergebnisse" in text and "Wo Sie stehen" in text
    context.close()


@pytest.mark.parametrize(("code", "words"), [("fr", "Où vous en êtes"), ("de", "Wo Sie stehen")])
@pytest.mark.parametrize(("viewport_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_results_page_in_french_and_german(app_server, browser, code, words, viewport_name, viewport):
    base_url, seed = app_server
    context = browser.new_context(viewport=viewport, is_mobile=viewport_name == "phone", locale="en-GB")
    page = context.new_page()
    page.goto(f"{base_url}/results?assessment={seed.demo_assessment_id}&lang={code}")
    drawn(page)
    assert words in screen_text(page)
    save_screenshot(page, viewport, SCREENSHOTS / f"results-{code}-{viewport_name}.png")
    context.close()


def test_a_participant_picks_a_language_and_keeps_it(app_server, browser):
    base_url, seed = app_server
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="en-GB")
    page = context.new_page()
    page.goto(f"{base_url}/questionnaire?r={seed.participant_token}&lang=fr")
    drawn(page)
    assert "Questionnaire" in page.title() or "Questionnaire" in screen_text(page)
    save_screenshot(page, PHONE, SCREENSHOTS / "questionnaire-fr-phone.png")
    context.close()
    # Another device, no parameter: the language kept on the respondent.
    context = browser.new_context(viewport=DESKTOP, locale="de-DE")
    page = context.new_page()
    page.goto(f"{base_url}/questionnaire?r={seed.participant_token}")
    drawn(page)
    assert "Votre questionnaire" in screen_text(page) or "Vos données" in screen_text(page)
    save_screenshot(page, DESKTOP, SCREENSHOTS / "questionnaire-fr-desktop.png")
    context.close()
