"""Question statistics across respondents, on answer sets whose figures are known exactly."""

from __future__ import annotations

import math
import statistics

import pytest

from scoring.engine import score_assessment, score_tables
from tests.unit.scoring.builders import answers_table


def vision(bank, answers):
    rows = [("A", f"r{i}", "culture.vision", answer) for i, answer in enumerate(answers)]
    return next(
        q for q in score_assessment(answers_table(rows), bank).questions if q.question_id == "culture.vision"
    )


@pytest.mark.parametrize(
    "answers", [[3], [1, 5], [1, 2, 4, 5], [1, 1, 5], [2, 2, 3, 3, 3, 4, 5, 5], [5, 4, 4, 1, 2, 3, 3]]
)
def test_mean_median_minimum_maximum_and_std_match_the_textbook_definitions(small_bank, answers):
    question = vision(small_bank, answers)
    assert question.mean == pytest.approx(statistics.mean(answers))
    assert question.median == statistics.median(answers)
    assert (question.minimum, question.maximum) == (min(answers), max(answers))
    assert question.std == pytest.approx(statistics.pstdev(answers))
    assert question.answers == len(answers)
    assert question.distribution == tuple(answers.count(level) for level in range(1, 6))


def test_agreement_is_one_when_everyone_gives_the_same_level(small_bank):
    question = vision(small_bank, [4, 4, 4])
    assert (question.agreement, question.std, question.discussion) == (1.0, 0.0, False)


def test_agreement_is_zero_when_answers_split_evenly_between_the_ends_of_the_scale(small_bank):
    question = vision(small_bank, [1, 5, 1, 5])
    assert question.agreement == pytest.approx(0.0, abs=1e-12)
    assert question.discussion


def test_agreement_follows_tastle_and_wierman(small_bank):
    answers = [2, 3, 3, 5]
    mean = statistics.mean(answers)
    expected = 1 + sum(
        answers.count(level) / len(answers) * math.log2(1 - abs(level - mean) / 4) for level in range(1, 6)
    )
    assert vision(small_bank, answers).agreement == pytest.approx(expected)


def test_a_spread_of_exactly_two_levels_is_a_discussion_point_and_one_is_not(small_bank):
    assert vision(small_bank, [2, 4]).discussion
    assert not vision(small_bank, [3, 4, 4]).discussion


def test_the_question_table_holds_the_same_figures_for_every_assessment(small_bank):
    rows = [
        ("A", "r1", "culture.vision", 2),
        ("A", "r2", "culture.vision", 5),
        ("B", "r1", "culture.vision", "na"),
    ]
    table = score_tables(answers_table(rows), small_bank).questions
    assert table.loc[("A", "culture.vision"), "median"] == 3.5
    assert bool(table.loc[("A", "culture.vision"), "discussion"])
    assert table.loc[("B", "culture.vision"), "not_applicable"] == 1
    assert not table.loc[("B", "culture.vision"), "applicable"]
    assert math.isnan(table.loc[("B", "culture.vision"), "mean"])
    assert len(table) == 2 * 10
