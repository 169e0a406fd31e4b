"""The interface languages: catalogues complete and consistent, the current language per thread,
plural rules, lazy constants, and numbers and dates written the language's way."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from babel.messages.pofile import read_po

from questionnaires.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALES_DIR,
    LanguageError,
    _,
    current_language,
    language,
    language_name,
    lazy_gettext,
    ngettext,
    normalise_language,
    require_language,
)
from scoring.formatting import date_text, delta_text, month_text, number_text, percent_text, score_text

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def catalogue(code: str):
    with (LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=code)


def test_english_french_and_german_are_shipped_english_first():
    assert LANGUAGES[0] == "en"
    assert set(LANGUAGES) >= {"en", "fr", "de"}
    assert [language_name(code) for code in ("en", "fr", "de")] == ["English", "Français", "Deutsch"]


@pytest.mark.parametrize("code", ["fr", "de"])
def test_every_message_is_translated_with_the_same_placeholders_and_none_is_fuzzy(code):
    problems = []
    for message in catalogue(code):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if "fuzzy" in message.flags or not all(strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - wanted or wanted - set(PLACEHOLDER.findall(string)) - {
                "{count}"
            }:
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert problems == []


@pytest.mark.parametrize("code", ["fr", "de"])
def test_the_catalogues_hold_every_message_of_the_template(code):
    with (LOCALES_DIR / "wayfinder.pot").open("rb") as pot:
        template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(pot) if m.id}
    shipped = {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalogue(code) if m.id}
    assert template - shipped == set()


def test_text_is_english_until_a_language_is_chosen_and_the_block_restores_it():
    assert current_language() == "en" and _("Roadmap") == "Roadmap"
    with language("de"):
        assert _("Roadmap") == "Roadmap" and _("Executive summary") == "Zusammenfassung für die Leitung"
        with language("fr"):
            assert _("Executive summary") == "Synthèse"
        assert current_language() == "de"
    assert current_language() == "en"


def test_each_thread_has_its_own_language():
    seen = {}

    def read(code: str) -> None:
        with language(code):
            seen[code] = _("Executive summary")

    threads = [threading.Thread(target=read, args=(code,)) for code in ("fr", "de")]
    with language("en"):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert _("Executive summary") == "Executive summary"
    assert seen == {"fr": "Synthèse", "de": "Zusammenfassung für die Leitung"}


def test_plural_forms_follow_each_languages_rule():
    def answers(count: int) -> str:
        return ngettext("{count} answer", "{count} answers", count).format(count=count)

    assert [answers(n) for n in (0, 1, 2)] == ["0 answers", "1 answer", "2 answers"]
    with language("fr"):  # French counts 0 as singular
        assert [answers(n) for n in (0, 1, 2)] == ["0 réponse", "1 réponse", "2 réponses"]
    with language("de"):
        assert [answers(n) for n in (0, 1, 2)] == ["0 Antworten", "1 Antwort", "2 Antworten"]


def test_a_lazy_constant_is_translated_where_it_is_used():
    title = lazy_gettext("Executive summary")
    assert str(title) == "Executive summary"
    with language("fr"):
        assert str(title) == "Synthèse" and f"{title}!" == "Synthèse!"


@pytest.mark.parametrize(
    ("asked", "code"),
    [("fr-CH", "fr"), ("de_DE", "de"), ("FR", "fr"), ("en-GB", "en"), ("it", None), ("", None), (None, None)],
)
def test_a_browser_or_terminal_language_is_read_to_a_shipped_one(asked, code):
    assert normalise_language(asked) == code


def test_an_unknown_language_is_refused_with_the_choices():
    with pytest.raises(LanguageError, match="unknown language 'xx': use one of en, de, fr"):
        require_language("xx")


def test_numbers_and_dates_are_written_the_languages_way():
    day = date(2026, 11, 26)
    written = {}
    for code in ("en", "fr", "de"):
        with language(code):
            written[code] = (
                score_text(3.25, 2),
                delta_text(-0.34),
                number_text(1.5),
                percent_text(0.876),
                date_text(day),
                month_text(day),
            )
    assert written["en"] == ("3.25", "−0.3", "1.5", "88%", "26 Nov 2026", "November 2026")
    assert written["fr"] == ("3,25", "−0,3", "1,5", "88\u00a0%", "26 nov. 2026", "novembre 2026")
    assert written["de"] == ("3,25", "−0,3", "1,5", "88\u00a0%", "26.11.2026", "November 2026")
