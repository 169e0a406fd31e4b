"""The answer vocabulary: one answer type read, stored, counted and shown the same way everywhere."""

from __future__ import annotations

import numpy as np
import pytest

from questionnaires import load_bank
from questionnaires.answers import (
    ANSWERS,
    CODE_COUNT,
    DK_CODE,
    DONT_KNOW,
    INVALID_CODE,
    NA_CODE,
    NOT_APPLICABLE,
    AnswerError,
    answer_code,
    answer_label,
    from_code,
    from_stored,
    normalise_answer,
    parse_answer,
    to_stored,
)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


@pytest.mark.parametrize("answer", ANSWERS)
def test_every_answer_survives_the_database_and_the_engine_unchanged(answer):
    assert from_stored(to_stored(answer)) == answer
    assert from_code(answer_code(answer)) == answer


def test_codes_cover_not_applicable_the_five_levels_and_dont_know():
    assert sorted(answer_code(answer) for answer in ANSWERS) == list(range(CODE_COUNT))
    assert (answer_code(NOT_APPLICABLE), answer_code(DONT_KNOW)) == (NA_CODE, DK_CODE)


@pytest.mark.parametrize("value", [np.int64(4), np.float64(4.0), 4.0, " 4 ", "4.0"])
def test_numbers_from_tables_read_as_the_level_they_name(value):
    assert normalise_answer(value) == 4


@pytest.mark.parametrize("value", [True, np.bool_(True), 0, 6, 3.5, float("nan"), "inf", None, "", "maybe"])
def test_what_is_not_an_answer_is_refused_with_what_is_allowed(value):
    assert answer_code(value) == INVALID_CODE
    with pytest.raises(AnswerError, match="answer"):
        normalise_answer(value)


def test_level_names_and_a_questions_own_descriptors_are_answers_too(bank):
    question = bank.questions[0]
    assert parse_answer("  managed ", framework=bank.framework) == 4
    assert parse_answer("2 - whatever the survey wrote", framework=bank.framework) == 2
    assert parse_answer(question.levels[3].upper(), framework=bank.framework, question=question) == 3


@pytest.mark.parametrize(
    ("written", "answer"),
    [
        ("3 - Defined", 3),  # Google Forms or SurveyMonkey options
        ("3 – Defined", 3),
        ("3) Defined", 3),
        ("4 = Managed", 4),
        ("Managed (4)", 4),
        ("(4) Managed", 4),
        ("Level 2", 2),
        ("Level 2: Developing", 2),
        ("Developing - some teams try it", 2),
        ("N/A - not applicable", NOT_APPLICABLE),
        ("Not applicable (N/A)", NOT_APPLICABLE),
        ("n. a.", NOT_APPLICABLE),
        ("Does not apply", NOT_APPLICABLE),
        ("I don’t know", DONT_KNOW),
        ("Don't know / not sure", DONT_KNOW),
        ("Not sure", DONT_KNOW),
    ],
)
def test_answers_read_through_the_text_survey_tools_add_around_them(bank, written, answer):
    assert parse_answer(written, framework=bank.framework) == answer


def test_a_descriptor_reads_with_its_number_or_without_its_full_stop(bank):
    question = bank.questions[0]
    descriptor = question.levels[5]
    for written in (f"5 - {descriptor}", descriptor.rstrip("."), f"Optimising: {descriptor}"):
        assert parse_answer(written, framework=bank.framework, question=question) == 5


@pytest.mark.parametrize("written", ["3.5", "Defined (4)", "2 - 3", "Level 7", "Initial or not"])
def test_numbers_that_are_not_levels_and_options_that_disagree_are_refused(bank, written):
    with pytest.raises(AnswerError):
        parse_answer(written, framework=bank.framework)


def test_a_leading_level_number_wins_as_options_are_numbered(bank):
    assert parse_answer("3 - Managed (4)", framework=bank.framework) == 3


def test_an_unreadable_answer_names_the_level_names_it_would_take(bank):
    with pytest.raises(AnswerError, match="Managed") as error:
        parse_answer("sort of", framework=bank.framework)
    assert "'sort of'" in str(error.value)


def test_special_answers_have_a_long_and_a_short_label_and_levels_read_as_numbers():
    assert answer_label(NOT_APPLICABLE) == "Not applicable"
    assert answer_label(NOT_APPLICABLE, short=True) == "N/A"
    assert answer_label(DONT_KNOW) == "Don't know"
    assert answer_label(3) == "3"
