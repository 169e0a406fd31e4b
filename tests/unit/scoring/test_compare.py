"""Many assessments side by side (matrix, ranks, percentiles) and the change of one unit."""

from __future__ import annotations

import math

import pytest

from scoring.compare import change_between, compare
from scoring.engine import score_assessments, score_tables
from tests.unit.scoring.builders import QUESTIONS, answers_table

# every question answered with the same level gives that level everywhere
LEVELS = {"north": 2, "south": 4, "east": 3, "west": 4}


def uniform(assessment: str, level: int) -> list[tuple[str, str, str, object]]:
    return [(assessment, "r1", question, level) for question in QUESTIONS]


@pytest.fixture(scope="module")
def tables(small_bank):
    rows = [row for unit, level in LEVELS.items() for row in uniform(unit, level)]
    rows += [*uniform("north-2023", 1), ("empty", "r1", "culture.vision", "dont_know")]
    return score_tables(answers_table(rows), small_bank)


def test_entries_are_ranked_with_ties_sharing_a_rank(tables, small_bank):
    comparison = compare(tables, small_bank, labels={unit: unit.title() for unit in LEVELS})
    ranking = [(entry.label, entry.rank, entry.overall.value) for entry in comparison.entries]
    assert ranking == [("South", 1, 4.0), ("West", 1, 4.0), ("East", 3, 3.0), ("North", 4, 2.0)]


def test_percentile_is_the_share_of_other_units_beaten_with_ties_counting_half(tables, small_bank):
    comparison = compare(tables, small_bank, labels={unit: unit for unit in LEVELS})
    percentiles = {entry.label: entry.percentile for entry in comparison.entries}
    assert percentiles == {
        "south": pytest.approx(250 / 3),
        "west": pytest.approx(250 / 3),
        "east": 100 / 3,
        "north": 0.0,
    }


def test_a_unit_that_is_not_scored_comes_last_without_rank_and_never_as_zero(tables, small_bank):
    comparison = compare(tables, small_bank, labels={"east": "East", "empty": "Empty"})
    last = comparison.entries[-1]
    assert (last.label, last.rank, last.percentile, last.overall.value) == ("Empty", None, None, None)
    assert comparison.entries[0].percentile is None  # no scored peer to compare with
    assert math.isnan(comparison.matrices["area"].loc["Empty", "culture"])


def test_matrices_have_one_row_per_unit_in_rank_order_and_one_column_per_dimension(tables, small_bank):
    comparison = compare(tables, small_bank, labels={unit: unit for unit in LEVELS})
    areas = comparison.matrices["area"]
    assert list(areas.index) == ["south", "west", "east", "north"]
    assert list(areas.columns) == ["culture", "devops", "architecture", "procurement", "skills"]
    assert areas.loc["east", "devops"] == 3.0
    assert next(iter(comparison.matrices["pillar"].columns)) == "security"
    assert comparison.ranks["step"].loc["north", "digital-unit"] == 4
    assert comparison.dimension_names["digital-unit"] == "Dedicated digital unit and learning culture"


def test_without_labels_every_assessment_is_compared_under_its_id(tables, small_bank):
    comparison = compare(tables, small_bank)
    assert {entry.label for entry in comparison.entries} == {*LEVELS, "north-2023", "empty"}


def test_changes_since_the_previous_assessment_come_from_the_same_tables(tables, small_bank):
    comparison = compare(
        tables,
        small_bank,
        labels={"north": "North", "south": "South"},
        changes={"North": ("north-2023", "north")},
    )
    [change] = comparison.changes
    assert (change.unit, change.before_assessment_id, change.after_assessment_id) == (
        "North",
        "north-2023",
        "north",
    )
    assert (change.overall_before, change.overall_after, change.overall_delta) == (1.0, 2.0, 1.0)
    culture = next(d for d in change.dimensions if d.id == "culture")
    assert (culture.kind, culture.name, culture.delta) == ("area", "Culture and leadership", 1.0)
    assert len(change.dimensions) == 15


def test_asking_for_an_assessment_that_was_not_scored_is_an_error(tables, small_bank):
    with pytest.raises(KeyError, match="no scores for assessment"):
        compare(tables, small_bank, labels={"atlantis": "Atlantis"})


def test_results_compare_like_tables(tables, small_bank):
    rows = [row for unit, level in LEVELS.items() for row in uniform(unit, level)]
    results = score_assessments(answers_table(rows), small_bank)
    from_results = compare(results, small_bank)
    from_tables = compare(tables, small_bank, labels={unit: unit for unit in LEVELS})
    assert from_results.entries == from_tables.entries
    assert from_results.matrices["step"].equals(from_tables.matrices["step"])


def test_change_between_two_results_reports_each_dimension_and_not_scored_as_none(small_bank):
    before_rows = uniform("2023", 2)
    before_rows = [row for row in before_rows if not row[2].startswith("procurement.")]
    after_rows = uniform("2024", 3)
    before, after = score_assessments(answers_table(before_rows + after_rows), small_bank)
    change = change_between(before, after, unit="Tax office")
    assert (change.unit, change.overall_delta) == ("Tax office", 1.0)
    procurement = next(d for d in change.dimensions if d.id == "procurement")
    assert (procurement.before, procurement.after, procurement.delta) == (None, 3.0, None)
