"""The one formatter for scores, levels and changes (scoring/formatting.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scoring.formatting import (
    HYPHEN_MINUS,
    NOT_SCORED,
    TABLE_DIGITS,
    delta_text,
    index_text,
    level_name_text,
    level_text,
    percent_text,
    rank_text,
    score_text,
    score_with_level,
    spread_text,
)
from scoring.results import Score

DEFINED = Score(3.25, 0.8, 3, "Defined")
UNSCORED = Score(None, 0.0)


@pytest.mark.parametrize("missing", [None, math.nan, np.float64("nan")])
def test_every_number_that_is_not_there_reads_as_a_dash_never_zero_or_nan(missing: float | None) -> None:
    texts = [score_text(missing), index_text(missing), percent_text(missing), delta_text(missing)]
    assert texts == [NOT_SCORED] * 4


def test_scores_have_one_decimal_by_default_and_two_in_tables_where_people_compare() -> None:
    assert score_text(3.25) == "3.2"
    assert score_text(3.25, TABLE_DIGITS) == "3.25"
    assert score_text(np.float64(4.0)) == "4.0"


def test_the_index_and_percentiles_are_whole_numbers_and_shares_whole_percentages() -> None:
    assert [index_text(56.25), index_text(100.0)] == ["56", "100"]
    assert [percent_text(0.875), percent_text(0.0), percent_text(1.0)] == ["88%", "0%", "100%"]


def test_a_unit_without_a_score_has_no_rank() -> None:
    assert [rank_text(1), rank_text(None)] == ["1", NOT_SCORED]


def test_a_change_always_carries_its_sign_and_a_change_that_rounds_to_nothing_reads_plus_minus_zero() -> None:
    assert [delta_text(0.44), delta_text(-0.35), delta_text(0.01), delta_text(-0.04)] == [
        "+0.4",
        "−0.3",
        "±0.0",
        "±0.0",
    ]
    assert delta_text(-0.2049, TABLE_DIGITS) == "−0.20"
    assert delta_text(0.004, TABLE_DIGITS) == "±0.00"


def test_the_pages_write_a_fall_with_the_hyphen_minus_and_print_with_the_true_minus() -> None:
    assert delta_text(-0.2, minus=HYPHEN_MINUS) == "-0.2"
    assert delta_text(-0.2) == "\u22120.2"
    assert delta_text(0.5, minus=HYPHEN_MINUS) == "+0.5"


def test_a_spread_names_the_lowest_and_highest_level_or_one_level_when_everyone_agrees() -> None:
    assert [spread_text(2, 4), spread_text(3, 3), spread_text(None, None)] == ["2–4", "3", NOT_SCORED]


def test_a_level_reads_as_its_number_and_name_and_an_unscored_one_says_so() -> None:
    assert level_text(DEFINED) == "3 · Defined"
    assert level_text(UNSCORED) == "not scored"
    assert [level_name_text(DEFINED), level_name_text(UNSCORED)] == ["Defined", "not scored"]
    assert level_name_text(UNSCORED, NOT_SCORED) == NOT_SCORED


def test_a_score_with_its_level_has_two_decimals_and_an_unanswered_assessment_is_not_scored_yet() -> None:
    assert score_with_level(DEFINED) == "3.25 · Defined"
    assert score_with_level(UNSCORED) == "not scored yet"
    assert score_with_level(None) == "not scored yet"
