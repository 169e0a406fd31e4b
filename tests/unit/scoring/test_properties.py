"""Properties that hold for any answers: scale bounds, monotonicity, order independence, a sound roadmap."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE
from scoring.engine import score_assessment, score_tables
from scoring.options import ScoringOptions
from scoring.roadmap import duration_months
from tests.unit.scoring.builders import QUESTIONS, under_way

QUESTION_IDS = list(QUESTIONS)
ANSWER = st.one_of(st.integers(1, 5), st.sampled_from([NOT_APPLICABLE, DONT_KNOW]))
CELLS = st.tuples(
    st.sampled_from(["A", "B"]), st.sampled_from(["r1", "r2", "r3"]), st.sampled_from(QUESTION_IDS)
)
ANSWERS = st.dictionaries(CELLS, ANSWER, min_size=1, max_size=40)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def table(answers: dict[tuple[str, str, str], object]) -> pd.DataFrame:
    rows = [(*cell, answer) for cell, answer in answers.items()]
    return pd.DataFrame(
        {
            "assessment": [row[0] for row in rows],
            "respondent": [row[1] for row in rows],
            "question": [row[2] for row in rows],
            "answer": pd.Series([row[3] for row in rows], dtype=object),
        }
    )


def every_score(result):
    yield result.overall
    for dimension in (*result.areas, *result.steps, *result.pillars):
        yield dimension.score


def dimension_values(result) -> dict[tuple[str, str], float | None]:
    values = {("overall", ""): result.overall.value}
    for dimension in (*result.areas, *result.steps, *result.pillars):
        values[(dimension.kind, dimension.id)] = dimension.score.value
    return values


@SETTINGS
@given(answers=ANSWERS)
def test_every_score_stays_on_the_scale_and_its_index_within_0_to_100(small_bank, answers):
    tables = score_tables(table(answers), small_bank)
    for assessment_id in tables.assessment_ids:
        result = score_assessment(table(answers), small_bank, assessment_id=assessment_id)
        for score in every_score(result):
            assert 0.0 <= score.coverage <= 1.0
            if score.scored:
                assert 1.0 <= score.value <= 5.0
                assert 0.0 <= score.index <= 100.0
                assert score.level == math.floor(score.value + 1e-9)
        for question in result.questions:
            if question.answers:
                assert question.minimum <= question.median <= question.maximum
                assert question.minimum <= question.mean <= question.maximum
                assert 0.0 <= question.agreement <= 1.0
                assert question.discussion == (question.maximum - question.minimum >= 2)


@SETTINGS
@given(answers=ANSWERS, data=st.data())
def test_raising_any_single_answer_never_lowers_an_area_step_pillar_or_overall_score(
    small_bank, answers, data
):
    raisable = sorted(cell for cell, answer in answers.items() if isinstance(answer, int) and answer < 5)
    if not raisable:
        return
    cell = data.draw(st.sampled_from(raisable))
    raised = {**answers, cell: data.draw(st.integers(answers[cell] + 1, 5))}
    before = dimension_values(score_assessment(table(answers), small_bank, assessment_id=cell[0]))
    after = dimension_values(score_assessment(table(raised), small_bank, assessment_id=cell[0]))
    for key, value in before.items():
        assert (value is None) == (after[key] is None)
        if value is not None:
            assert after[key] >= value, key


@SETTINGS
@given(answers=ANSWERS, data=st.data())
def test_permuting_rows_or_respondent_labels_changes_nothing(small_bank, answers, data):
    original = table(answers)
    order = data.draw(st.permutations(range(len(original))))
    relabel = dict(zip(["r1", "r2", "r3"], data.draw(st.permutations(["r1", "r2", "r3"])), strict=True))
    shuffled = original.iloc[list(order)].reset_index(drop=True)
    shuffled["respondent"] = shuffled["respondent"].map(relabel)
    for assessment_id in sorted({cell[0] for cell in answers}):
        expected = score_assessment(original, small_bank, assessment_id=assessment_id)
        assert score_assessment(shuffled, small_bank, assessment_id=assessment_id) == expected


OPTIONS = st.builds(
    ScoringOptions,
    area_targets=st.dictionaries(
        st.sampled_from(["culture", "devops", "architecture", "procurement", "skills"]),
        st.sampled_from([2.0, 3.0, 3.5, 4.0, 5.0]),
    ),
    question_targets=st.dictionaries(st.sampled_from(QUESTION_IDS), st.integers(1, 5)),
    focus_steps=st.lists(
        st.sampled_from(["devops-cloud", "product-backlog", "digital-unit"]), unique=True
    ).map(tuple),
    focus_pillars=st.lists(st.sampled_from(["security", "data"]), unique=True).map(tuple),
    wip_limits=st.fixed_dictionaries(
        {"now": st.integers(0, 4), "next": st.integers(0, 4), "later": st.integers(0, 4)}
    ),
)


@SETTINGS
@given(answers=ANSWERS, options=OPTIONS)
def test_backlog_and_roadmap_never_violate_prerequisites_or_the_wip_limit(small_bank, answers, options):
    for assessment_id in sorted({cell[0] for cell in answers}):
        result = score_assessment(table(answers), small_bank, options, assessment_id=assessment_id)
        rank = {item.key: item.rank for item in result.backlog}
        items = {item.key: item for item in result.backlog}
        assert sorted(rank.values()) == list(range(1, len(rank) + 1))
        for item in result.backlog:
            assert all(rank[dependency] < item.rank for dependency in item.depends_on)
        horizon_of = {}
        for position, horizon in enumerate(result.roadmap.horizons):
            horizon_of |= {item.key: position for item in horizon.items}
        starts = result.roadmap.start_months
        for month in range(24):
            horizon = next(h for h in result.roadmap.horizons if h.start_month <= month < h.end_month)
            limit = options.wip_limits[horizon.id]
            running = under_way(result.roadmap, month)
            assert running <= limit, (month, running, limit)
        for item in result.backlog:
            if item.key in horizon_of:
                for dependency in item.depends_on:
                    assert dependency in horizon_of, (item.key, dependency)
                    assert horizon_of[dependency] <= horizon_of[item.key]
                    ended = starts[dependency] + duration_months(items[dependency])
                    assert starts[item.key] >= ended, (item.key, dependency)
        placed = sum(len(horizon.items) for horizon in result.roadmap.horizons)
        assert placed + len(result.roadmap.unscheduled) == len(result.backlog)


@SETTINGS
@given(answers=ANSWERS)
def test_every_question_below_target_gets_each_step_up_from_its_median_or_a_find_out_item(
    small_bank, answers
):
    for assessment_id in sorted({cell[0] for cell in answers}):
        result = score_assessment(table(answers), small_bank, assessment_id=assessment_id)
        levels_by_question: dict[str, list[int]] = {}
        for item in result.backlog:
            levels_by_question.setdefault(item.question_id, []).append(item.to_level)
        for question in result.questions:
            if question.dont_know > question.answers:  # mostly "don't know": one find-out item
                assert levels_by_question[question.question_id] == [1]
                continue
            if question.answers:
                start = math.floor(question.median + 1e-9)
            else:
                assert question.question_id not in levels_by_question
                continue
            expected = list(range(start + 1, question.target + 1))
            assert levels_by_question.get(question.question_id, []) == expected


MANY_ANSWERS = st.dictionaries(
    st.tuples(
        st.sampled_from([f"unit-{i}" for i in range(12)]),
        st.sampled_from(["r1", "r2"]),
        st.sampled_from(QUESTION_IDS),
    ),
    ANSWER,
    min_size=1,
    max_size=120,
)


@SETTINGS
@given(answers=MANY_ANSWERS)
def test_an_assessment_scores_exactly_the_same_alone_as_among_many(small_bank, answers):
    together = table(answers)
    first = sorted({cell[0] for cell in answers})[0]
    alone = together[together["assessment"] == first]
    assert score_assessment(alone, small_bank) == score_assessment(together, small_bank, assessment_id=first)
