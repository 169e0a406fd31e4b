"""A two-person assessment of the small bank, every figure worked out by hand.

Answers (r1, r2): culture.vision 3, 4 · culture.learning 2, don't know · devops.pipeline 1, 3 ·
devops.monitoring n/a, n/a · architecture.apis 4, 4 · architecture.identity don't know twice ·
procurement nothing · skills.unit 5 (r2 silent) · skills.product-owner 2, n/a.
Weights: vision 2, learning 1, pipeline 3, monitoring 1, apis 2, identity 1, contracts 1,
sandbox 1, unit 2, product-owner 1.
"""

from __future__ import annotations

import math

import pytest

from questionnaires.answers import DONT_KNOW, NOT_APPLICABLE
from scoring.engine import score_assessment
from scoring.options import ScoringOptions
from tests.unit.scoring.builders import answers_table

ROWS = [
    ("A", "r1", "culture.vision", 3),
    ("A", "r2", "culture.vision", 4),
    ("A", "r1", "culture.learning", 2),
    ("A", "r2", "culture.learning", DONT_KNOW),
    ("A", "r1", "devops.pipeline", 1),
    ("A", "r2", "devops.pipeline", 3),
    ("A", "r1", "devops.monitoring", NOT_APPLICABLE),
    ("A", "r2", "devops.monitoring", NOT_APPLICABLE),
    ("A", "r1", "architecture.apis", 4),
    ("A", "r2", "architecture.apis", 4),
    ("A", "r1", "architecture.identity", DONT_KNOW),
    ("A", "r2", "architecture.identity", DONT_KNOW),
    ("A", "r1", "skills.unit", 5),
    ("A", "r1", "skills.product-owner", 2),
    ("A", "r2", "skills.product-owner", NOT_APPLICABLE),
]


@pytest.fixture(scope="module")
def result(small_bank):
    return score_assessment(answers_table(ROWS), small_bank)


def by_id(dimensions):
    return {dimension.id: dimension for dimension in dimensions}


def test_area_scores_are_weighted_means_of_the_answered_question_means(result):
    areas = by_id(result.areas)
    assert areas["culture"].score.value == pytest.approx((2 * 3.5 + 1 * 2) / 3)
    assert areas["devops"].score.value == pytest.approx(2.0)  # monitoring is not applicable
    assert areas["architecture"].score.value == pytest.approx(4.0)  # identity has no level answer
    assert areas["skills"].score.value == pytest.approx((2 * 5 + 1 * 2) / 3)


def test_an_area_without_any_answer_is_not_scored_rather_than_zero(result):
    procurement = by_id(result.areas)["procurement"]
    assert procurement.score.value is None
    assert procurement.score.index is None
    assert procurement.score.level is None
    assert procurement.score.coverage == 0.0
    assert procurement.gap is None
    assert (procurement.answered_questions, procurement.linked_questions) == (0, 2)


def test_coverage_counts_dont_know_against_and_leaves_not_applicable_out(result):
    areas = by_id(result.areas)
    assert areas["culture"].score.coverage == pytest.approx((2 * 1 + 1 * 0.5) / 3)  # one of two on learning
    assert areas["devops"].score.coverage == pytest.approx(1.0)  # monitoring out of the denominator
    assert areas["architecture"].score.coverage == pytest.approx(2 / 3)  # identity: only "don't know"
    assert areas["skills"].score.coverage == pytest.approx(1.0)  # the n/a and the silent r2 do not count


def test_overall_weights_each_scored_area_by_its_total_question_weight(result):
    # culture 3.0 × 3, devops 2.0 × 4, architecture 4.0 × 3, skills 4.0 × 3; procurement not scored
    assert result.overall.value == pytest.approx(41 / 13)
    assert result.overall.index == pytest.approx((41 / 13 - 1) / 4 * 100)
    assert (result.overall.level, result.overall.level_name) == (3, "Defined")
    assert result.overall.coverage == pytest.approx(10.5 / 14)


def test_step_scores_weight_each_question_by_weight_times_link(result):
    steps = by_id(result.steps)
    assert steps["digital-unit"].score.value == pytest.approx((2 * 3.5 + 1 * 2 + 2 * 5) / 5)
    assert steps["product-backlog"].score.value == pytest.approx((1 * 3.5 + 1 * 2) / 2)
    assert steps["devops-cloud"].score.value == pytest.approx(2.0)
    assert steps["layered-architecture"].score.value == pytest.approx(4.0)
    assert steps["layered-architecture"].score.coverage == pytest.approx(2 / 2.5)
    assert steps["supplier-collaboration"].score.value is None


def test_pillar_scores_follow_the_same_rule(result):
    pillars = by_id(result.pillars)
    assert pillars["security"].score.value == pytest.approx(2.0)
    assert pillars["security"].score.coverage == pytest.approx(3 / 3.5)
    assert pillars["data"].score.value == pytest.approx((0.5 * 2 + 1 * 5) / 1.5)
    assert pillars["personalised-services"].score.value == pytest.approx((2 * 3.5 + 0.5 * 2) / 2.5)
    assert pillars["identity"].score.value is None


def test_targets_default_to_four_and_gaps_are_target_minus_score(result):
    areas = by_id(result.areas)
    assert areas["devops"].target == 4.0
    assert areas["devops"].gap == pytest.approx(2.0)
    assert by_id(result.steps)["product-backlog"].gap == pytest.approx(1.25)


def test_question_statistics_across_two_respondents(result):
    questions = {question.question_id: question for question in result.questions}
    vision = questions["culture.vision"]
    assert (vision.mean, vision.median, vision.minimum, vision.maximum) == (3.5, 3.5, 3, 4)
    assert vision.std == pytest.approx(0.5)
    assert vision.distribution == (0, 0, 1, 1, 0)
    # Tastle–Wierman: 1 + ½·log2(1 − 0.5/4) + ½·log2(1 − 0.5/4)
    assert vision.agreement == pytest.approx(1 + math.log2(1 - 0.5 / 4))
    assert not vision.discussion
    pipeline = questions["devops.pipeline"]
    assert pipeline.discussion  # 1 and 3: two levels apart
    assert pipeline.agreement == pytest.approx(1 + math.log2(1 - 1 / 4))
    learning = questions["culture.learning"]
    assert (learning.answers, learning.dont_know, learning.agreement) == (1, 1, 1.0)
    identity = questions["architecture.identity"]
    assert (identity.mean, identity.median, identity.agreement, identity.gap) == (None, None, None, None)
    assert (identity.dont_know, identity.answers) == (2, 0)
    assert result.discussion_points == ("devops.pipeline",)
    assert result.respondents == 2


def test_backlog_ranks_by_gap_weight_and_effort_in_a_documented_order(result):
    ranked = [(item.key, item.priority) for item in result.backlog]
    assert ranked == [
        ("architecture.identity@find-out", 3.0),  # only "don't know": find out first, (4 − 1) × 1 / S
        ("devops.pipeline@3", 3.0),  # median 2 (answers 1 and 3): gap 2 × weight 3 / effort M (2)
        ("devops.pipeline@4", 3.0),  # same priority, after its own step below
        ("culture.learning@3", 1.0),
        ("culture.learning@4", 1.0),
        ("skills.product-owner@3", 1.0),
        ("skills.product-owner@4", 1.0),
        ("culture.vision@4", 0.5),  # median 3.5 → level 3; gap 0.5 × 2 / 2
    ]
    assert [item.rank for item in result.backlog] == list(range(1, 9))


def test_questions_without_level_answers_follow_the_documented_backlog_rules(result):
    keys = {item.key for item in result.backlog}
    assert not any(key.startswith("devops.monitoring") for key in keys)  # only "not applicable"
    assert not any(key.startswith("procurement.") for key in keys)  # never answered
    identity = [item for item in result.backlog if item.question_id == "architecture.identity"]
    assert [item.key for item in identity] == ["architecture.identity@find-out"]  # no level-1 plan
    assert identity[0].find_out and identity[0].effort == "S"
    assert identity[0].title == "Find out where you stand on “How far along is architecture.identity?”"
    assert identity[0].reason.startswith('Find out first: 2 of 2 respondents answered "don\'t know"')


def test_each_backlog_item_says_why_in_plain_words(result):
    first, second = result.backlog[1], result.backlog[2]
    assert first.reason == (
        "Gap of 2.0 levels (now 2.0, target 4) on a high-weight question (weight 3); "
        "moves it from 2 Developing to 3 Defined; medium effort (M)."
    )
    assert second.depends_on == ("devops.pipeline@3",)
    assert second.reason.endswith("must follow 'Lift devops.pipeline to 3'.")
    assert first.title == "Lift devops.pipeline to 3"
    assert (first.steps, first.pillars) == (("devops-cloud",), ("security",))


def test_roadmap_fills_now_then_next_then_later_within_the_limits(small_bank):
    options = ScoringOptions(wip_limits={"now": 2, "next": 3, "later": 4})
    roadmap = score_assessment(answers_table(ROWS), small_bank, options).roadmap
    placed = {horizon.id: [item.rank for item in horizon.items] for horizon in roadmap.horizons}
    # the find-out item (1) takes no capacity; two quarter-long steps (2, 4) fill Now's two places;
    # pipeline@4 (3) starts when pipeline@3 ends in month 3; Next's three places run 3, 5 and 6
    # in months 3–6, then 7 and 8 in months 6–9
    assert placed == {"now": [1, 2, 4], "next": [3, 5, 6, 7, 8], "later": []}
    assert [item.rank for item in roadmap.unscheduled] == []
    assert [(h.name, h.start_month, h.end_month, h.limit) for h in roadmap.horizons] == [
        ("Now", 0, 3, 2),
        ("Next", 3, 12, 3),
        ("Later", 12, 24, 4),
    ]
