"""Which question a survey tool's column answers: ids, texts, close texts, and the columns tools add."""

from __future__ import annotations

import pytest

from assessment.importing.mapping import AUTO_CONFIDENCE, match_columns
from assessment.importing.survey_tools import Header, column_kind, header_variants, read_headers
from questionnaires import load_bank


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def headers(*texts: str) -> list[Header]:
    return [Header(text, header_variants(text)) for text in texts]


@pytest.mark.parametrize(
    ("header", "variant"),
    [
        ("3. How far along is it?", "how far along is it?"),  # numbered questions
        ("Q12: How far along is it?", "how far along is it?"),
        ("Rate each practice [How far along is it?]", "how far along is it?"),  # a grid row
        ("cultq1. How far along is it?", "how far along is it?"),  # LimeSurvey's "code. text"
        ("cultq1. How far along is it?", "cultq1"),
        ("Culture/culture_q1", "culture_q1"),  # KoboToolbox's groups in headers
    ],
)
def test_the_parts_tools_wrap_a_question_in_are_tried_on_their_own(header, variant):
    assert variant in header_variants(header)


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("timestamp", "metadata"),
        ("_validation_status", "metadata"),
        ("points - how far along is it?", "metadata"),
        ("custom data 1", "metadata"),
        ("date last action", "metadata"),
        ("respondent id", "response id"),
        ("_id", "response id"),
        ("participant code", "respondent"),
        ("name of respondent", "respondent"),
        ("email address", "email"),
        ("e-mail", "email"),
        ("first name", "first name"),
        ("how far along is it?", None),
    ],
)
def test_columns_tools_add_are_known_by_their_headers(header, kind):
    assert column_kind(header) == kind


def test_surveymonkeys_second_header_row_is_read_and_a_data_row_is_not():
    first = ["Respondent ID", "Start Date", "Q one", "Matrix title", ""]
    found, two_rows = read_headers(first, ["", "", "Response", "Row A", "Row B"])
    assert two_rows
    assert [h.text for h in found] == [
        "Respondent ID",
        "Start Date",
        "Q one",
        "Matrix title [Row A]",
        "Matrix title [Row B]",
    ]
    assert read_headers(first, ["101", "03/01/2025", "3", "4", "5"]) == (headers(*first), False)


def test_ids_texts_and_reworded_texts_are_matched_with_their_confidence(bank):
    one, two, three = bank.questions[0], bank.questions[1], bank.questions[2]
    reworded = one.text.replace("the digital transformation", "digital transformation").replace(
        "have they", "did they"
    )
    matches = match_columns(
        headers("Timestamp", "Email", two.id, three.text.upper() + "  ", reworded, "Favourite colour"), bank
    )
    summary = [(m.use, m.question_id, m.how) for m in matches]
    assert summary == [
        ("metadata", None, "metadata"),
        ("identity", None, "email"),
        ("question", two.id, "id"),
        ("question", three.id, "text"),
        ("question", one.id, "close"),
        ("unmatched", None, ""),
    ]
    assert matches[2].confidence == matches[3].confidence == 1.0
    assert AUTO_CONFIDENCE <= matches[4].confidence < 1.0


def test_a_question_is_matched_to_one_column_only_and_a_far_rewording_is_only_proposed(bank):
    question = bank.questions[0]
    matches = match_columns(headers(question.text, question.text + " (again)", "Who sponsors it?"), bank)
    assert [m.use for m in matches] == ["question", "unmatched", "unmatched"]
    assert matches[1].question_id != question.id


def test_a_mapping_decides_before_any_match_and_a_stale_one_is_ignored(bank):
    question = bank.questions[0]
    matches = match_columns(
        headers(question.text, "Dept", "Q7"),
        bank,
        {question.text.lower(): "skip", " dept ": "role", "Q7": "no.such-question"},
    )
    assert [(m.use, m.how) for m in matches] == [("skip", "mapping"), ("role", "mapping"), ("unmatched", "")]
