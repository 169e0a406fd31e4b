"""A response file written with the level names and level texts of any shipped language imports,
and scores, exactly like the same answers written in English."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from assessment.importing import read_responses
from questionnaires import DEFAULT_BANK_DIR, Bank, load_bank
from questionnaires.translations import languages, translated
from scoring.engine import score_assessment
from scoring.results import to_jsonable

RESPONDENTS = ("Ada", "Bruno", "Chloé")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def level_for(question_index: int, respondent_index: int) -> int:
    return (question_index * 3 + respondent_index) % 5 + 1


def written_answer(words: Bank, question_index: int, respondent_index: int) -> str:
    """The way a survey built from the bank in that language offers the answer."""
    question = words.questions[question_index]
    level = level_for(question_index, respondent_index)
    style = (question_index + respondent_index) % 3
    if style == 0:
        return words.framework.level_name(level)
    if style == 1:
        return question.levels[level]
    return f"{level} - {words.framework.level_name(level)}"


def response_file(bank: Bank, language: str, layout: str) -> bytes:
    words = translated(bank, language)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if layout == "long":
        writer.writerow(["respondent", "question", "answer"])
        for r, respondent in enumerate(RESPONDENTS):
            for q, question in enumerate(bank.questions):
                writer.writerow([respondent, question.id, written_answer(words, q, r)])
    else:  # one respondent per row, one column per question id, as survey tools export
        writer.writerow(["respondent", *(question.id for question in bank.questions)])
        for r, respondent in enumerate(RESPONDENTS):
            writer.writerow([respondent, *(written_answer(words, q, r) for q in range(len(bank.questions)))])
    return buffer.getvalue().encode("utf-8")


def scores(parsed, bank: Bank) -> dict:
    table = pd.DataFrame(
        {"assessment": "a1", "respondent": a.respondent, "question": a.question_id, "answer": str(a.answer)}
        for a in parsed.answers
    )
    return to_jsonable(score_assessment(table, bank))


@pytest.mark.parametrize("layout", ["long", "wide"])
@pytest.mark.parametrize("language", languages(DEFAULT_BANK_DIR)[1:])
def test_answers_in_another_language_import_and_score_like_english(bank, language, layout):
    english = read_responses(response_file(bank, "en", layout), filename="en.csv", bank=bank)
    other = read_responses(response_file(bank, language, layout), filename=f"{language}.csv", bank=bank)
    expected = {
        (respondent, question.id, level_for(q, r))
        for r, respondent in enumerate(RESPONDENTS)
        for q, question in enumerate(bank.questions)
    }
    assert {(a.respondent, a.question_id, a.answer) for a in english.answers} == expected
    assert {(a.respondent, a.question_id, a.answer) for a in other.answers} == expected
    assert scores(other, bank) == scores(english, bank)


def test_the_french_file_really_uses_french_words(bank):
    text = response_file(bank, "fr", "long").decode("utf-8")
    assert "Piloté" in text
    assert "En développement" in text
    assert translated(bank, "fr").questions[0].levels[2] in text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Sans objet", "na"),
        ("s.o.", "na"),
        ("Je ne sais pas", "dont_know"),
        ("Nicht zutreffend", "na"),
        ("n. z.", "na"),
        ("Weiß nicht", "dont_know"),
        ("Not applicable", "na"),
        ("Don't know", "dont_know"),
    ],
)
def test_the_apps_own_words_for_not_applicable_and_dont_know_import_in_every_language(
    bank: Bank, written: str, expected: str
):
    question = bank.questions[0]
    data = f"respondent,question,answer\nAda,{question.id},{written}\n".encode()
    parsed = read_responses(data, filename="answers.csv", bank=bank)
    assert [answer.answer for answer in parsed.answers] == [expected]
