"""Bad answers tables give a clear error naming the row; good ones in any accepted spelling score the same."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from questionnaires import load_bank
from questionnaires.answers import normalise_answer
from scoring.answers import AnswersError
from scoring.engine import score_assessment, score_tables
from tests.unit.scoring.builders import QUESTIONS, answers_table


def problems_of(frame: pd.DataFrame, bank) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        score_tables(frame, bank)
    return [str(problem) for problem in caught.value.problems]


def test_an_unknown_question_id_is_named_with_its_row_and_a_suggestion(small_bank):
    frame = answers_table([("A", "r1", "culture.vision", 3), ("A", "r1", "culture.visoin", 4)])
    assert problems_of(frame, small_bank) == [
        "row 2: question 'culture.visoin' is not in the question bank — did you mean 'culture.vision'?"
    ]


@pytest.mark.parametrize("bad", [0, 6, "abc", 3.5, "7", -1, True])
def test_an_answer_off_the_scale_is_an_error_naming_the_row_and_value(small_bank, bad):
    frame = answers_table([("A", "r1", "culture.vision", 3), ("A", "r2", "culture.vision", bad)])
    [problem] = problems_of(frame, small_bank)
    assert problem.startswith(f"row 2: answer {bad!r} is not a level 1 to 5")


@pytest.mark.parametrize("dtype", ["int64", "object"])
def test_an_integer_answer_column_is_checked_too(small_bank, dtype):
    frame = answers_table([("A", "r1", "culture.vision", 3), ("A", "r2", "culture.vision", 9)])
    frame["answer"] = frame["answer"].astype(dtype)
    assert problems_of(frame, small_bank) == [
        "row 2: answer 9 is not a level 1 to 5, 'na' (not applicable) or 'dont_know' (don't know)"
    ]


def test_an_empty_answer_asks_for_an_explicit_non_answer(small_bank):
    frame = answers_table([("A", "r1", "culture.vision", None)])
    assert problems_of(frame, small_bank) == [
        "row 1: answer is empty (use 'dont_know' or 'na' for a deliberate non-answer)"
    ]


def test_a_respondent_answering_a_question_twice_is_an_error_naming_both_rows(small_bank):
    frame = answers_table(
        [
            ("A", "r1", "culture.vision", 3),
            ("A", "r2", "culture.vision", 4),
            ("A", "r1", "culture.vision", 5),
            ("B", "r1", "culture.vision", 5),  # another assessment: not a duplicate
        ]
    )
    assert problems_of(frame, small_bank) == [
        "row 1: respondent 'r1' answered question 'culture.vision' in assessment 'A' more than once "
        "(rows 1 and 3); keep one row"
    ]


def test_duplicates_are_found_when_respondent_ids_are_unique_across_assessments(small_bank):
    # a key space too large for a direct count: the pairs are renumbered first
    rows = [(f"A{i}", f"person-{i}", "culture.vision", 3) for i in range(300)]
    rows.append(("A7", "person-7", "culture.vision", 4))
    assert problems_of(answers_table(rows), small_bank) == [
        "row 8: respondent 'person-7' answered question 'culture.vision' in assessment 'A7' more than once "
        "(rows 8 and 301); keep one row"
    ]


def test_blank_ids_are_errors(small_bank):
    frame = answers_table([(" ", "r1", "culture.vision", 3), ("A", None, "culture.vision", 3)])
    assert problems_of(frame, small_bank) == ["row 1: assessment is empty", "row 2: respondent is empty"]


def test_every_problem_is_listed_at_once_in_row_order(small_bank):
    frame = answers_table(
        [
            ("A", "r1", "nope.question", 3),
            ("A", "r1", "culture.vision", "lots"),
            ("A", "r2", "skills.unit", 0),
        ]
    )
    problems = problems_of(frame, small_bank)
    assert [problem.split(":")[0] for problem in problems] == ["row 1", "row 2", "row 3"]


def test_a_missing_column_is_named(small_bank):
    frame = answers_table([("A", "r1", "culture.vision", 3)]).drop(columns=["respondent"])
    [problem] = problems_of(frame, small_bank)
    assert problem.startswith("the answers table has no column 'respondent'")


def test_a_huge_broken_table_reports_a_readable_sample_and_the_total(small_bank):
    frame = answers_table([("A", f"r{i}", "culture.vision", "x") for i in range(1000)])
    with pytest.raises(AnswersError) as caught:
        score_tables(frame, small_bank)
    assert caught.value.total == 1000
    assert len(caught.value.problems) == 50
    assert "… and 980 more" in str(caught.value)


def test_an_empty_table_scores_no_assessment(small_bank):
    tables = score_tables(pd.DataFrame(), small_bank)
    assert tables.assessment_ids == ()
    assert tables.overall.empty
    assert tables.dimensions["area"].score.shape == (0, 5)


def test_an_empty_table_for_a_named_assessment_is_all_not_scored(small_bank):
    result = score_assessment(pd.DataFrame(), small_bank, assessment_id="new-workshop")
    assert result.assessment_id == "new-workshop"
    assert result.respondents == 0
    assert not result.overall.scored
    assert all(not dimension.score.scored for dimension in (*result.areas, *result.steps, *result.pillars))
    assert result.backlog == ()
    assert all(horizon.items == () for horizon in result.roadmap.horizons)


def test_scoring_one_assessment_from_an_empty_table_without_its_id_is_an_error(small_bank):
    with pytest.raises(AnswersError, match="expected the answers of one assessment, found 0"):
        score_assessment(pd.DataFrame(), small_bank)


def test_a_table_of_several_assessments_needs_the_id_to_score_one(small_bank):
    frame = answers_table([("A", "r1", "culture.vision", 3), ("B", "r1", "culture.vision", 2)])
    with pytest.raises(AnswersError, match="found 2 \\('A', 'B'\\)"):
        score_assessment(frame, small_bank)
    assert score_assessment(frame, small_bank, assessment_id="B").overall.value == 2.0


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        (3, 3),
        ("3", 3),
        ("3.0", 3),
        (3.0, 3),
        (np.int64(3), 3),
        (" 4 ", 4),
        ("na", "na"),
        ("N/A", "na"),
        ("n/a", "na"),
        ("Not applicable", "na"),
        ("dont_know", "dont_know"),
        ("don't know", "dont_know"),
        ("Don’t know", "dont_know"),
        ("DK", "dont_know"),
    ],
)
def test_accepted_spellings_of_an_answer_normalise_to_the_canonical_value(spelling, canonical):
    assert normalise_answer(spelling) == canonical


def test_normalise_answer_rejects_with_a_message_for_the_user():
    with pytest.raises(ValueError, match="answer 'maybe' is not a level 1 to 5"):
        normalise_answer("maybe")


def test_text_answers_as_read_from_a_csv_score_like_typed_ones(small_bank):
    rows = [
        ("A", "r1", "culture.vision", 3),
        ("A", "r2", "culture.vision", "N/A"),
        ("A", "r3", "skills.unit", "dk"),
    ]
    typed = score_assessment(answers_table(rows), small_bank)
    text = answers_table(rows).astype(str)
    assert score_assessment(text, small_bank) == typed


def test_ids_are_trimmed_and_numbers_read_as_text(small_bank):
    frame = answers_table([(2024, "r1", " culture.vision ", 3)])
    assert score_tables(frame, small_bank).assessment_ids == ("2024",)


def test_notes_are_kept_per_question_sorted_by_respondent(small_bank):
    frame = answers_table(
        [
            ("A", "r2", "culture.vision", 3),
            ("A", "r1", "culture.vision", 4),
            ("A", "r3", "culture.vision", 4),
            ("A", "r1", "skills.unit", 2),
        ],
        notes=["Only in one team", "We have a roadmap", "  ", None],
    )
    questions = {q.question_id: q for q in score_assessment(frame, small_bank).questions}
    assert questions["culture.vision"].notes == ("We have a roadmap", "Only in one team")
    assert questions["skills.unit"].notes == ()


def test_a_big_table_grouped_by_assessment_codes_the_same_as_when_hashed_row_by_row(small_bank):
    # 60,000 rows of text columns in runs (the fast path for ordered exports) against object columns
    assessments, respondents = 1000, 6
    questions = list(QUESTIONS)
    rows = len(questions) * respondents * assessments
    frame = pd.DataFrame(
        {
            "assessment": np.repeat(
                [f"unit-{i:04d}" for i in range(assessments)], respondents * len(questions)
            ),
            "respondent": np.tile(
                np.repeat([f"person-{i}" for i in range(respondents)], len(questions)), assessments
            ),
            "question": np.tile(questions, respondents * assessments),
            "answer": np.random.default_rng(5).choice(["1", "2", "3", "4", "5", "na", "dont_know"], rows),
        }
    )
    text = frame.astype("str")
    hashed = frame.astype(object)
    fast, slow = score_tables(text, small_bank), score_tables(hashed, small_bank)
    assert fast.assessment_ids == slow.assessment_ids
    assert fast.overall.equals(slow.overall)
    assert fast.questions.equals(slow.questions)
    duplicated = pd.concat([text, text.iloc[[59_999]]], ignore_index=True)
    with pytest.raises(AnswersError, match=r"\(rows 60000 and 60001\)"):
        score_tables(duplicated, small_bank)


SPELLINGS = ["3", "5", "1", " 4", "4.0", "N/A", "dk", "0", "7", "abc", "", "33", "2"]


def test_text_answers_read_byte_by_byte_give_the_same_codes_and_problems_as_hashed_ones(small_bank):
    rows = [("A", f"r{i}", "culture.vision", answer) for i, answer in enumerate(SPELLINGS)]
    as_objects = answers_table(rows)
    # two chunks of pyarrow text, as pd.concat of two CSV reads gives
    as_text = pd.concat(
        [as_objects.iloc[:6].astype("str"), as_objects.iloc[6:].astype("str")], ignore_index=True
    )
    with pytest.raises(AnswersError) as from_objects:
        score_tables(as_objects, small_bank)
    with pytest.raises(AnswersError) as from_text:
        score_tables(as_text, small_bank)
    assert [str(p) for p in from_text.value.problems] == [str(p) for p in from_objects.value.problems]
    assert [p.row for p in from_text.value.problems] == [8, 9, 10, 11, 12]
    valid = [row for row in rows if row[3] not in {"0", "7", "abc", "", "33"}]
    text_result = score_assessment(answers_table(valid).astype("str"), small_bank)
    assert text_result == score_assessment(answers_table(valid), small_bank)
    vision = next(q for q in text_result.questions if q.question_id == "culture.vision")
    assert (vision.distribution, vision.not_applicable, vision.dont_know) == ((1, 1, 1, 2, 1), 1, 1)


def test_a_file_written_with_an_earlier_versions_id_scores_as_the_question_that_replaces_it():
    bank = load_bank()
    renamed = next(question for question in bank.questions if question.replaces)
    other = ("A", "r1", "culture.leadership-mandate", 2)
    with_old_id = answers_table([("A", "r1", renamed.replaces[0], 4), other])
    with_new_id = answers_table([("A", "r1", renamed.id, 4), other])
    assert score_assessment(with_old_id, bank) == score_assessment(with_new_id, bank)
    twice = answers_table([("A", "r1", renamed.replaces[0], 4), ("A", "r1", renamed.id, 3)])
    [problem] = problems_of(twice, bank)
    assert "more than once (rows 1 and 2)" in problem, "the old and the new id are one question"
