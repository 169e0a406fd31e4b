"""Every page in French and German: no English text of the catalogue left, the bank's own texts
in that language, and the language chosen from the address, the browser or the picker and kept.

Local mode: AppTest is the person at the machine, who is offered every page. The pages open on a
workshop that three participants answered, so results, charts, tables and the live view all show.
"""

from __future__ import annotations

import json

import pytest

from assessment import services
from questionnaires import load_bank
from questionnaires.translations import translated
from tests.english import english_left
from tests.factories import OPERATOR, answer_all, make_assessment, make_person, make_respondent
from tests.ui.conftest import AUTH_SECRETS, SIGNED_OUT, page_file, signed_in
from tests.ui.test_access_pages import rendered_texts
from ui import language as ui_language
from ui import state

PAGES = (
    "home",
    "workshop",
    "results",
    "plan",
    "compare",
    "bank",
    "import_responses",
    "members",
    "audit",
    "privacy",
    "help",
    "join",
    "questionnaire",
)
TITLES = {
    ("fr", "results"): "Résultats",
    ("de", "results"): "Ergebnisse",
    ("fr", "bank"): "Référentiel de questions",
    ("de", "bank"): "Fragenkatalog",
}


@pytest.fixture
def workshop(db) -> dict[str, object]:
    """A workshop of the shipped bank that three participants answered, one with a note."""
    with db() as session:
        info = make_assessment(
            session, organisation="Canton de Vaud", unit="Service numérique", mode="workshop"
        )
        tokens = []
        for number, level in enumerate((2, 3, 4), start=1):
            respondent = make_respondent(session, info.id, f"Personne {number}")
            answer_all(session, respondent.id, level)
            tokens.append(respondent.token)
        culture = load_bank().questions[0].id
        services.save_answer(
            actor=OPERATOR,
            session=session,
            respondent_id=respondent.id,
            question_id=culture,
            answer=4,
            note="Vu en séance",
        )
    return {"assessment": info, "tokens": tokens}


def bank_text(code: str) -> str:
    """Every text of the shipped bank in ``code``: its words are the language's own."""
    return json.dumps(translated(load_bank(), code).to_dict(), ensure_ascii=False)


def open_in(open_page, page: str, code: str, workshop: dict[str, object]):
    info = workshop["assessment"]
    params = {ui_language.QUERY_LANGUAGE: code, state.QUERY_ASSESSMENT: str(info.id)}
    if page == "questionnaire":
        params[state.QUERY_TOKEN] = workshop["tokens"][0]
    session_state = {
        state.ORGANISATION_ID: info.organisation_id,
        state.UNIT_ID: info.unit_id,
        state.ASSESSMENT_ID: info.id,
    }
    return open_page(page, query_params=params, session_state=session_state)


@pytest.mark.parametrize("code", ["fr", "de"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_french_and_german_has_no_english_text_of_the_catalogue(
    open_page, workshop, page, code
):
    app = open_in(open_page, page, code, workshop)

    assert not app.exception
    text = "\n".join(rendered_texts(app))
    assert english_left(text, code, besides=bank_text(code)) == []
    if (code, page) in TITLES:
        assert app.title[0].value == TITLES[(code, page)]


def test_the_results_page_shows_the_banks_names_and_numbers_in_the_language(open_page, workshop):
    german = "\n".join(rendered_texts(open_in(open_page, "results", "de", workshop)))
    assert "Kultur und Führung" in german
    assert "3,00" in german  # the overall score, with a decimal comma

    english = "\n".join(rendered_texts(open_in(open_page, "results", "en", workshop)))
    assert "Culture and leadership" in english and "3.00" in english


def test_the_browsers_language_is_used_on_a_first_visit(open_page, monkeypatch, workshop):
    monkeypatch.setattr(ui_language, "_browser_locale", lambda: "de-CH")
    app = open_page("results", session_state={state.ASSESSMENT_ID: workshop["assessment"].id})
    assert app.title[0].value == "Ergebnisse"
    assert app.session_state[ui_language.CHOSEN] == "de"


def test_the_picker_changes_the_language_and_keeps_it_in_the_address(open_page, workshop):
    app = open_page("bank")
    assert app.title[0].value == "Question bank"

    app.selectbox(key=ui_language.PICKER).set_value("fr").run()

    assert app.title[0].value == "Référentiel de questions"
    assert app.query_params[ui_language.QUERY_LANGUAGE] == "fr"
    app.switch_page(page_file("home")).run()
    assert app.session_state[ui_language.CHOSEN] == "fr"


def test_a_participant_keeps_their_own_language_on_their_respondent(open_page, db, workshop):
    token = workshop["tokens"][1]
    app = open_page(
        "questionnaire", query_params={state.QUERY_TOKEN: token, ui_language.QUERY_LANGUAGE: "de"}
    )
    assert not app.exception
    app.selectbox(key=ui_language.PICKER).set_value("fr").run()

    with db() as session:
        assert services.respondent_by_token(session=session, token=token).language == "fr"
    # Later, on another device: no address parameter, no session, the respondent's language.
    again = open_page("questionnaire", query_params={state.QUERY_TOKEN: token})
    assert again.session_state[ui_language.CHOSEN] == "fr"
    # The facilitator's own view stays in theirs.
    facilitator = open_page("workshop", session_state={state.ASSESSMENT_ID: workshop["assessment"].id})
    assert facilitator.session_state[ui_language.CHOSEN] == "en"


@pytest.mark.parametrize("code", ["fr", "de"])
def test_the_sign_in_page_in_french_and_german_has_no_english_text_of_the_catalogue(open_page, code):
    app = open_page(
        "sign_in",
        query_params={ui_language.QUERY_LANGUAGE: code},
        user=SIGNED_OUT,
        secrets={"auth": AUTH_SECRETS},
    )
    assert not app.exception
    assert english_left("\n".join(rendered_texts(app)), code) == []


def test_a_signed_in_persons_choice_is_kept_for_their_next_visit(open_page, db, workshop):
    with db() as session:
        person = make_person(session, {workshop["assessment"].organisation_id: "viewer"})
    signed = {"user": signed_in(person.email), "secrets": {"auth": AUTH_SECRETS}}
    app = open_page("results", **signed)
    assert app.session_state[ui_language.CHOSEN] == "en"
    app.selectbox(key=ui_language.PICKER).set_value("de").run()

    later = open_page("results", **signed)  # a new session: no address parameter, nothing picked
    assert later.session_state[ui_language.CHOSEN] == "de"
    assert later.title[0].value == "Ergebnisse"


@pytest.mark.parametrize("code", ["fr", "de"])
def test_tabs_drawn_only_when_chosen_have_no_english_text_of_the_catalogue_either(open_page, workshop, code):
    """The bank page and the results page draw a tab's content only when it is chosen."""
    for page, groups in (("bank", {"bank_tabs": slice(None)}), ("results", RESULTS_TABS)):
        app = open_in(open_page, page, code, workshop)
        labels = [tab.label for tab in app.tabs]
        for key, which in groups.items():
            for label in labels[which]:
                app.session_state[key] = label
                app.run()
                assert not app.exception, (page, label)
                text = "\n".join(rendered_texts(app))
                assert english_left(text, code, besides=bank_text(code)) == [], (page, label)


# The results page's two groups of tabs, in the order they are drawn: the three radars, then
# one tab per area.
RESULTS_TABS = {"wf_standing": slice(0, 3), "wf_area_detail": slice(3, None)}
