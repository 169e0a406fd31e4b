"""The PDFs in French and German: no English text of the catalogue left, numbers and dates
written the language's way, and the bank's own texts in that language."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date

import pytest

from assessment.records import MODE_NAMES
from questionnaires import load_bank
from questionnaires.i18n import language
from questionnaires.translations import translated
from reports.comparison import build_comparison_pdf
from reports.context import ComparisonContext, ReportContext
from reports.roadmap import build_roadmap_pdf
from scoring.compare import compare
from scoring.engine import score_assessment, score_assessments
from tests.english import english_left
from tests.unit.reports.test_from_answers import answers_table

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
DAY = date(2026, 11, 26)
DATES = {"fr": "26 nov. 2026", "de": "26.11.2026"}


def bank_text(code: str) -> str:
    """Every text of the bank in ``code``: its words are not English left behind."""
    return json.dumps(translated(load_bank(), code).to_dict(), ensure_ascii=False)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it, spacing flattened."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout
    return " ".join(text.decode("utf-8").split())


def roadmap_in(code: str, *, answered: bool = True) -> str:
    with language(code):
        bank = translated(load_bank(), code)
        answers = answers_table(bank, {"a-1": 8})
        result = score_assessment(answers, bank, assessment_id="a-1" if answered else "none")
        context = ReportContext(
            organisation="Ville de Genève",
            unit="Service du numérique",
            mode=str(MODE_NAMES["workshop"]),
            assessed_on=DAY,
            generated_on=DAY,
            anonymous=True,
            respondents=9,
        )
        return pdf_text(build_roadmap_pdf(result, bank, context))


def comparison_in(code: str) -> str:
    with language(code):
        bank = translated(load_bank(), code)
        answers = answers_table(bank, {"t1-a": 3, "t1-b": 4, "t2-a": 3, "t2-b": 5, "t2-c": 2})
        comparison = compare(
            score_assessments(answers, bank),
            bank,
            labels={"t2-a": "Routes", "t2-b": "Santé", "t2-c": "Écoles"},
            changes={"Routes": ("t1-a", "t2-a"), "Santé": ("t1-b", "t2-b")},
        )
        context = ComparisonContext(organisation="Canton de Vaud", generated_on=DAY)
        return pdf_text(build_comparison_pdf(comparison, bank, context))


@pytest.mark.parametrize("code", ["fr", "de"])
def test_a_roadmap_in_another_language_has_no_english_text_of_the_catalogue(code):
    text = roadmap_in(code)
    assert english_left(text, code, besides=bank_text(code)) == []
    assert DATES[code] in text


@pytest.mark.parametrize("code", ["fr", "de"])
def test_a_roadmap_with_nothing_scored_has_no_english_text_of_the_catalogue(code):
    assert english_left(roadmap_in(code, answered=False), code, besides=bank_text(code)) == []


@pytest.mark.parametrize("code", ["fr", "de"])
def test_a_comparison_in_another_language_has_no_english_text_of_the_catalogue(code):
    text = comparison_in(code)
    assert english_left(text, code, besides=bank_text(code)) == []
    assert DATES[code] in text


def test_french_and_german_reports_write_decimal_commas_and_the_banks_own_words():
    french, german = roadmap_in("fr"), roadmap_in("de")
    for text, area in ((french, "Culture et direction"), (german, "Kultur und Führung")):
        assert area in text
    assert " / 5" in french and "," in french.split(" / 5")[0][-4:]
    assert "Seite 1 von" in german and "page 1 sur" in french


def test_the_english_report_is_unchanged_by_the_catalogues():
    text = roadmap_in("en")
    assert "Executive summary" in text and "26 Nov 2026" in text


def test_the_check_finds_english_text_left_in_a_page():
    assert "Executive summary" in english_left("Synthèse · Executive summary", "fr")
    assert english_left("Synthèse", "fr") == []
