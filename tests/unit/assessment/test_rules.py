"""The domain's pure rules, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pandas as pd
import pytest

from assessment.errors import AssessmentClosedError, ConfirmationError
from assessment.models import CLOSED, OPEN
from assessment.records import AssessmentInfo
from assessment.rules import (
    change_rounds,
    chronological,
    ensure_answers_may_change,
    ensure_confirmed,
    latest_and_previous,
    scorable,
)
from questionnaires import load_bank

ROUND = AssessmentInfo(
    id=1,
    organisation_id=1,
    organisation="Ministry",
    unit_id=1,
    unit="Finance",
    title="2025",
    assessed_on=date(2025, 3, 1),
    mode="workshop",
    status=OPEN,
    respondents=3,
    bank_version="v1",
    join_code=None,
    created_at=datetime(2025, 3, 1, tzinfo=UTC),
    closed_at=None,
)


def test_a_closed_assessment_refuses_changes_and_an_open_one_takes_them():
    ensure_answers_may_change(OPEN)
    with pytest.raises(AssessmentClosedError, match="closed"):
        ensure_answers_may_change(CLOSED)


def test_deleting_needs_the_exact_name_spaces_around_it_aside():
    ensure_confirmed("  Finance ", "Finance", "unit")
    with pytest.raises(ConfirmationError, match="'Finance'"):
        ensure_confirmed("finance", "Finance", "unit")


def test_answers_to_questions_no_longer_in_the_bank_are_not_scored():
    bank = load_bank()
    kept = bank.questions[0].id
    answers = pd.DataFrame(
        {
            "assessment": ["1", "1"],
            "respondent": ["Ada", "Ada"],
            "question": [kept, "culture.retired-question"],
            "answer": ["3", "4"],
            "note": [None, None],
        }
    )
    assert list(scorable(answers, bank)["question"]) == [kept]


def test_a_units_rounds_order_by_date_then_by_creation_on_the_same_day():
    later_same_day = replace(ROUND, id=5)
    next_year = replace(ROUND, id=2, assessed_on=date(2026, 3, 1))
    assert sorted([next_year, later_same_day, ROUND], key=chronological) == [ROUND, later_same_day, next_year]
    assert latest_and_previous([ROUND, next_year, later_same_day]) == (next_year, later_same_day)
    assert latest_and_previous([ROUND]) == (ROUND, None)


def test_a_workshop_a_week_after_a_self_assessment_does_not_hide_the_year_on_year_change():
    last_year = replace(ROUND, id=1, mode="self", assessed_on=date(2024, 3, 13))
    this_year = replace(ROUND, id=2, mode="self", assessed_on=date(2025, 3, 13))
    workshop = replace(ROUND, id=3, mode="workshop", assessed_on=date(2025, 3, 20))
    assert change_rounds([workshop, this_year, last_year]) == (last_year, this_year)
    next_workshop = replace(workshop, id=4, assessed_on=date(2026, 3, 20))
    assert change_rounds([last_year, this_year, workshop, next_workshop]) == (workshop, next_workshop)


def test_a_unit_with_no_two_rounds_of_one_kind_has_no_change():
    workshop = replace(ROUND, id=3, mode="workshop", assessed_on=date(2025, 3, 20))
    assert change_rounds([replace(ROUND, mode="self"), workshop]) is None
    assert change_rounds([workshop]) is None
